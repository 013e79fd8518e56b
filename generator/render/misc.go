package render

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strings"
)

// PageData is a free content page (layout page.html).
type PageData struct {
	Body template.HTML
	Date string
}

// NotFoundData is the not-found page (layout 404.html).
type NotFoundData struct {
	Departments string // URL of the departments list
	Search      string // URL of the search page
}

// DataIndexData is the open-data index (layout data.html).
type DataIndexData struct {
	License string
	Cycles  []DataCycle // newest first
	Other   []DataFileView
	Sums    string // URL of data/SHA256SUMS, "" when not published
}

// DataCycle is the open data of one cycle.
type DataCycle struct {
	ID    string
	Link  Link // the cycle page; URL "" when the folder is not a known cycle
	Files []DataFileView
}

// DataFileView is one open-data file.
type DataFileView struct {
	Link   Link // Text is the file name
	Path   string
	Bytes  int
	Size   string // "12.3 KB"
	SHA256 string
}

// SearchData is the search page (layout search.html): a client-side search over
// Index, and, for readers without JavaScript, the list of all departments.
type SearchData struct {
	Index string // URL of search/index.json
	*DepartmentsData
}

func (b *builder) dataPage() *Page {
	d := &DataIndexData{License: b.s.Config.OpenData.License}
	byCycle := map[string]*DataCycle{}
	files := append([]DataFile(nil), b.opts.DataFiles...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for _, f := range files {
		v := DataFileView{
			Link:   Link{URL: b.url(f.Path), Text: f.Path[strings.LastIndex(f.Path, "/")+1:]},
			Path:   f.Path,
			Bytes:  f.Size,
			Size:   humanSize(f.Size),
			SHA256: f.SHA256,
		}
		if f.Path == "data/SHA256SUMS" {
			d.Sums = v.Link.URL
		}
		rest, ok := strings.CutPrefix(f.Path, "data/")
		cycle, _, inFolder := strings.Cut(rest, "/")
		if !ok || !inFolder {
			d.Other = append(d.Other, v)
			continue
		}
		dc := byCycle[cycle]
		if dc == nil {
			dc = &DataCycle{ID: cycle}
			byCycle[cycle] = dc
		}
		dc.Files = append(dc.Files, v)
	}
	for i := len(b.cycles) - 1; i >= 0; i-- {
		c := b.cycles[i]
		if dc := byCycle[c.m.ID]; dc != nil {
			dc.Link = Link{URL: b.url(c.m.ID + "/"), Text: orID(c.m.Scheme.Title, c.m.ID)}
			d.Cycles = append(d.Cycles, *dc)
			delete(byCycle, c.m.ID)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(byCycle)) {
		d.Cycles = append(d.Cycles, *byCycle[id])
	}
	return &Page{
		Rel:         "data/",
		Layout:      "data.html",
		Title:       b.t("data_title"),
		Description: b.t("data_description"),
		Crumbs:      b.crumbs(Link{Text: b.t("data_title")}),
		Data:        d,
	}
}

func (b *builder) searchPage() *Page {
	return &Page{
		Rel:     "search/",
		Layout:  "search.html",
		Title:   b.t("search_title"),
		Crumbs:  b.crumbs(Link{Text: b.t("search_title")}),
		Scripts: []string{b.url("assets/search.js")},
		Data:    &SearchData{Index: b.url("search/index.json"), DepartmentsData: b.departmentList()},
	}
}

// humanSize writes a file size for people: "980 B", "12.3 KB", "4.1 MB".
func humanSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
