package render

import (
	"html/template"
	"strings"
	"testing"
)

// TestPartsPrintAsPartials checks that the header, feedback and footer made
// once per build are what the partials print on each page of the example.
func TestPartsPrintAsPartials(t *testing.T) {
	b, ts := testBuilder(t, exampleSite(t), Options{Drafts: true, Today: today}, nil, nil)
	current := 0
	for _, p := range pageModels(t, b, ts) {
		for name, part := range map[string]func() (template.HTML, error){"header": p.Header, "feedback": p.Feedback, "footer": p.Footer} {
			var want strings.Builder
			if err := ts.shared.ExecuteTemplate(&want, name, p); err != nil {
				t.Fatal(err)
			}
			got, err := part()
			if err != nil || string(got) != want.String() {
				t.Errorf("%s: the %s part is %s (%v), want %s", p.Rel, name, got, err, want.String())
			}
		}
		if h, _ := p.Header(); strings.Contains(string(h), "aria-current") {
			current++
		}
	}
	if current < 3 {
		t.Errorf("%d pages have a current navigation entry; the example has more", current)
	}
}
