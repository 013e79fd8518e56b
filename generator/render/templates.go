package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"perfsite/generator/internal/tmplrun"
)

// templates holds one ready template set per page layout.
//
// The lookup rule is one level deep and has no guessing: a layout file is known
// by its path relative to layouts/ ("scorecard.html", "partials/feedback.html");
// when the site's layouts/ has a file of that name it is used, otherwise the
// theme's. Files only the site has are added. base.html and everything under
// partials/ are shared by every page; each other top-level .html file is a page
// layout that defines "main" (and may define "head" for extra head elements).
type templates struct {
	pages  map[string]*template.Template
	shared *template.Template      // base.html and the partials, for fragments
	ready  map[string]*layoutReady // by page layout; see readyLayouts
	funcs  template.FuncMap        // the functions the layouts were parsed with
	site   *SiteInfo
}

// layoutReady is what a page layout needs before its first page: its constants
// folded (see foldConstants), its parts made (see Page.Header) and its escaped
// templates ready for tmplrun.
type layoutReady struct {
	once  sync.Once
	parts *parts
	run   *tmplrun.Set
	// size is about the length of the layout's last page, so that the next
	// starts in a buffer of that size rather than doubling up to it: that
	// growing was 6 % of what a large site's build allocated.
	size atomic.Int64
}

// parts are the partials every page of a layout prints alike (see Page.Header).
type parts struct {
	header           map[string]part // by the page's URL: a navigation entry's, or "" for any other
	feedback, footer part
}

// part is a partial's output, or the error it failed with, for each page to report.
type part struct {
	html template.HTML
	err  error
}

// layoutFile is one template file and where it comes from, for error messages.
type layoutFile struct {
	fsys  fs.FS
	name  string // relative to layouts/
	label string // how a person finds it: "layouts/base.html (site)"
}

func loadTemplates(th, overrides fs.FS, funcs template.FuncMap) (*templates, error) {
	files := map[string]layoutFile{}
	themeLayouts, err := fs.Sub(th, "layouts")
	if err != nil {
		return nil, err
	}
	if err := collectLayouts(themeLayouts, "theme", files); err != nil {
		return nil, fmt.Errorf("the theme has no usable layouts/ folder: %v", err)
	}
	if overrides != nil {
		if err := collectLayouts(overrides, "site", files); err != nil {
			return nil, fmt.Errorf("reading the site's layouts/ folder: %v", err)
		}
	}
	if _, ok := files["base.html"]; !ok {
		return nil, fmt.Errorf("layouts/base.html is missing from the theme")
	}

	common := template.New("").Funcs(funcs)
	var pageNames []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == "base.html" || strings.HasPrefix(name, "partials/") {
			if err := parseLayout(common, files[name]); err != nil {
				return nil, err
			}
		} else if !strings.Contains(name, "/") {
			pageNames = append(pageNames, name)
		}
	}
	ts := &templates{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseLayout(t, files[name]); err != nil {
			return nil, err
		}
		if t.Lookup("main") == nil {
			return nil, fmt.Errorf("%s defines no \"main\" template: wrap the page body in {{define \"main\"}} … {{end}}", files[name].label)
		}
		ts.pages[name] = t
	}
	ts.shared = common // executed only now that every page layout has its clone
	return ts, nil
}

func collectLayouts(fsys fs.FS, from string, files map[string]layoutFile) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".html" {
			return nil
		}
		files[p] = layoutFile{fsys: fsys, name: p, label: "layouts/" + p + " (" + from + ")"}
		return nil
	})
}

func parseLayout(t *template.Template, f layoutFile) error {
	src, err := fs.ReadFile(f.fsys, f.name)
	if err != nil {
		return fmt.Errorf("reading %s: %v", f.label, err)
	}
	if _, err := t.New(f.name).Parse(string(src)); err != nil {
		return fmt.Errorf("%s: %v", f.label, err)
	}
	return nil
}

// fragment executes one shared template (a partial such as "status") with data.
// Markup that is the same wherever it appears, such as a status or the dash of
// a missing value, is made once per site this way and pages print the result,
// so every page shows the theme's (or the site's) own partial. A theme without
// that partial gets "".
func (ts *templates) fragment(name string, data any) (template.HTML, error) {
	if ts.shared.Lookup(name) == nil {
		return "", nil
	}
	var b strings.Builder
	if err := ts.shared.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("template %q: %v", name, err)
	}
	return template.HTML(b.String()), nil
}

// readyLayouts prepares each page layout to be readied on first use (layout):
// the preview, which renders one page after an edit, then readies one layout
// instead of every one.
func (ts *templates) readyLayouts(funcs template.FuncMap, site *SiteInfo) {
	ts.funcs, ts.site = funcs, site
	ts.ready = make(map[string]*layoutReady, len(ts.pages))
	for name := range ts.pages {
		ts.ready[name] = &layoutReady{}
	}
}

// layout readies the page layout name on its first use, folding its constants
// and then making its parts, and returns the parts; nil for a layout there is
// none of, or before readyLayouts.
func (ts *templates) layout(name string) *parts {
	if r := ts.readied(name); r != nil {
		return r.parts
	}
	return nil
}

// readied readies the page layout name on its first use and returns it; nil
// for a layout there is none of, or before readyLayouts.
func (ts *templates) readied(name string) *layoutReady {
	r := ts.ready[name]
	if r == nil {
		return nil
	}
	r.once.Do(func() {
		t := ts.pages[name]
		foldConstants(t, ts.funcs)
		r.parts = makeParts(t, ts.site)
		r.run = tmplrun.New(t, ts.funcs)
	})
	return r
}

// makeParts executes the partials of Page.Header, Feedback and Footer of the
// page layout t, which may redefine them.
func makeParts(t *template.Template, site *SiteInfo) *parts {
	run := func(partial string, p *Page) part {
		var b strings.Builder
		err := t.ExecuteTemplate(&b, partial, p)
		return part{template.HTML(b.String()), err}
	}
	ps := &parts{
		header:   map[string]part{"": run("header", &Page{Site: site})},
		feedback: run("feedback", &Page{Site: site}),
		footer:   run("footer", &Page{Site: site}),
	}
	for _, l := range site.Nav {
		ps.header[l.URL] = run("header", &Page{Site: site, URL: l.URL})
	}
	return ps
}

// execute prints page p into buf: by tmplrun, or else by html/template.
func (ts *templates) execute(buf *bytes.Buffer, p *Page) error {
	t, ok := ts.pages[p.Layout]
	if !ok {
		return fmt.Errorf("no layout %s for the page /%s: the theme or the site's layouts/ must have it", p.Layout, p.Rel)
	}
	if r := ts.readied(p.Layout); r != nil {
		if want := int(r.size.Load()); buf.Available() < want {
			buf.Grow(want)
		}
		if out, ok := r.run.Run(buf.AvailableBuffer(), "base", p); ok {
			r.size.Store(int64(len(out) + len(out)/8))
			if buf.Len() == 0 && cap(out) > buf.Cap() {
				// The page outgrew the buffer: the buffer takes the
				// page's larger array rather than growing to copy it.
				*buf = *bytes.NewBuffer(out)
			} else {
				buf.Write(out)
			}
			return nil
		}
	}
	if err := t.ExecuteTemplate(buf, "base", p); err != nil {
		return fmt.Errorf("page /%s (layout %s): %v", p.Rel, p.Layout, err)
	}
	return nil
}
