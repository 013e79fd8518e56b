package linkcheck

// For package linkcheck_test, whose tests build whole sites with package build,
// which imports this one.

var (
	ReferenceExtract    = referenceExtract
	ReferenceCheckPages = referenceCheckPages
)

// Parts returns what p holds.
func (p *Page) Parts() (links, ids []string, base string) { return p.links, p.ids, p.base }
