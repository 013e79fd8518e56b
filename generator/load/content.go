package load

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// FrontMatter splits a content file into its +++ TOML front matter and Markdown body.
// The body keeps the file's line numbering through BodyLine. path names the file in
// problems; src may be any bytes.
func FrontMatter(path string, src []byte) (c *model.Content, diags *diag.List) {
	diags = &diag.List{}
	c = &model.Content{Path: path, Origin: model.Origin{Src: &model.Source{File: path, Keys: map[string]diag.Pos{}}}}
	defer func() {
		if r := recover(); r != nil {
			diags.Errorf(diag.Pos{File: path}, "internal error while reading the front matter: %v; please report this with the file", r)
		}
	}()
	text, ok := normalise(path, src, diags)
	if !ok {
		return c, diags
	}
	frontMatter(c, text, diags)
	return c, diags
}

func frontMatter(c *model.Content, text string, diags *diag.List) {
	path := c.Path
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "+++" {
		diags.Errorf(diag.Pos{File: path, Line: 1}, "missing front matter: start the file with a line +++, then title = \"…\", then another line +++")
		c.Body, c.BodyLine = []byte(text), 1
		return
	}
	// Find the closing +++ line.
	off, line := 0, 2
	end, bodyStart := -1, -1
	for off <= len(rest) {
		l, _, found := strings.Cut(rest[off:], "\n")
		if strings.TrimRight(l, " \t") == "+++" {
			end = off
			bodyStart = off + len(l)
			if found {
				bodyStart++
			}
			break
		}
		if !found {
			break
		}
		off += len(l) + 1
		line++
	}
	if end < 0 {
		diags.Errorf(diag.Pos{File: path, Line: 1}, "front matter is not closed: add a line +++ after its last key")
		return
	}
	c.Body, c.BodyLine = []byte(rest[bodyStart:]), line+1
	checkBody(path, c.Body, c.BodyLine, diags)
	fm := strings.Clone(rest[:end]) // its positions need the front matter, not the whole page
	src := model.NewSource(path, func() map[string]diag.Pos {
		keys := scanPositions(path, fm, 1)
		keys[""] = diag.Pos{File: path, Line: 1} // the front matter as a whole
		return keys
	})
	t := decodeIn(nil, src, fm, 1, diags)
	if t == nil {
		return
	}
	t.what = "the front matter"
	c.Origin = t.origin()
	t.check("title", "description", "date", "weight", "draft")
	c.Title = t.str("title", true)
	c.Description = t.str("description", false)
	c.Date = t.date("date", false)
	if w := t.integer("weight"); w != nil {
		c.Weight = *w
	}
	c.Draft = t.flag("draft", false)
}

// ContentURL is the address a content file publishes to, relative to base_url with a
// leading "/": "content/_index.md" → "/", "content/about.md" → "/about/",
// "content/2024/_index.md" → "/2024/", "content/2024/water.md" → "/2024/water/".
func ContentURL(path string) string {
	rel := strings.TrimPrefix(path, "content/")
	rel = strings.TrimSuffix(rel, ".md")
	if rel == "_index" {
		rel = ""
	}
	rel = strings.TrimSuffix(rel, "/_index")
	if rel == "" {
		return "/"
	}
	return "/" + rel + "/"
}

// content reads every Markdown file under content/.
func (l *loader) content() {
	abs, info, st := l.resolve("content")
	if st != readOK {
		return // content is optional
	}
	if !info.IsDir() {
		l.diags.Errorf(diag.Pos{File: "content"}, "content is a file, but it must be a folder of Markdown pages")
		return
	}
	var paths []string
	_ = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		r, rerr := filepath.Rel(abs, p)
		if rerr != nil || r == "." {
			return nil
		}
		rel := "content/" + filepath.ToSlash(r)
		if skipName(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&os.ModeSymlink != 0 {
			_, info, st := l.resolve(rel)
			if st != readOK {
				return nil
			}
			if info.IsDir() {
				l.diags.Warnf(diag.Pos{File: rel}, "%s is a link to a folder; links to folders are not followed: move the pages into content/", rel)
				return nil
			}
		} else if d.IsDir() {
			return nil
		}
		if strings.HasSuffix(d.Name(), ".md") {
			paths = append(paths, rel)
		}
		return nil
	})
	sort.Strings(paths)
	for _, rel := range paths {
		text, st := l.read(rel)
		if st != readOK {
			continue
		}
		c := &model.Content{Path: rel, Origin: model.Origin{Src: &model.Source{File: rel, Keys: map[string]diag.Pos{}}}}
		frontMatter(c, text, &l.diags)
		l.site.Content = append(l.site.Content, c)
	}
}

// checkContent checks that each content file publishes to an address nothing else
// publishes to, and that narratives name a real cycle and department.
func (l *loader) checkContent() {
	cycles := map[string]*model.Cycle{}
	var cycleIDs []string
	for _, c := range l.site.Cycles {
		cycles[c.ID] = c
		cycleIDs = append(cycleIDs, c.ID)
	}
	deptIDs := make([]string, len(l.site.Departments))
	for i, d := range l.site.Departments {
		deptIDs[i] = d.ID
	}
	urls := map[string]string{}
	for _, c := range l.site.Content {
		at := diag.Pos{File: c.Path}
		segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(c.Path, "content/"), ".md"), "/")
		bad := false
		for i, s := range segs {
			if s == "_index" && i == len(segs)-1 || i == 0 && cycles[s] != nil {
				continue // cycle ids may have "_"
			}
			if !isID(s) {
				l.diags.Errorf(at, "%q cannot be part of a web address: name content files and folders with lowercase letters a-z, digits 0-9 and - only", s)
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		url := ContentURL(c.Path)
		if clash := l.contentClash(c.Path, segs, url, cycles); clash != "" {
			l.diags.Errorf(at, "%s", clash)
			continue
		}
		if prev, ok := urls[url]; ok {
			l.diags.Errorf(at, "%s would publish the same address %s as %s; remove or rename one of them", c.Path, url, prev)
			continue
		}
		urls[url] = c.Path
		l.checkNarrative(c.Path, segs, cycles, deptIDs)
	}
}

// contentClash says why a content file would publish an address the generator itself
// publishes, or "".
func (l *loader) contentClash(path string, segs []string, url string, cycles map[string]*model.Cycle) string {
	first, n := segs[0], len(segs)
	if first == "departments" && n == 2 && segs[1] != "_index" {
		return "" // a department's narrative
	}
	if reservedTop[first] {
		return fmt.Sprintf("%s would publish the same address %s as a page the site generates; rename it", path, url)
	}
	if cycles[first] == nil {
		return ""
	}
	switch {
	case n == 1:
		return fmt.Sprintf("%s would publish the same address %s as cycle %s; move it to content/%s/_index.md", path, url, first, first)
	case n == 2 && reservedInCycle[segs[1]]:
		return fmt.Sprintf("%s would publish the same address %s as the cycle's %s page; rename it", path, url, segs[1])
	case n > 2:
		return fmt.Sprintf("%s would publish a page inside cycle %s's own pages (%s); content/%s/ holds only _index.md and <department>.md", path, first, url, first)
	}
	return ""
}

// checkNarrative checks that a department's narrative names a department, and a
// cycle's narrative a department with a scorecard in that cycle.
func (l *loader) checkNarrative(path string, segs []string, cycles map[string]*model.Cycle, deptIDs []string) {
	if len(segs) != 2 || segs[1] == "_index" {
		return
	}
	first, id := segs[0], segs[1]
	if first == "departments" {
		if l.deptsLoaded && l.depts[id] == nil {
			l.diags.Errorf(diag.Pos{File: path}, "unknown department %q: %s is the narrative of a department in data/departments.toml%s", id, path, known(id, deptIDs, "departments"))
		}
		return
	}
	if cycles[first] == nil || l.cardFiles[first][id] {
		return
	}
	var ids []string
	for d := range l.cardFiles[first] {
		ids = append(ids, d)
	}
	sort.Strings(ids)
	l.diags.Errorf(diag.Pos{File: path}, "no scorecard data/%s/%s.toml for this narrative: content/%s/ holds _index.md and one page per department with a scorecard in cycle %s%s", first, id, first, first, known(id, ids, "departments with a scorecard"))
}
