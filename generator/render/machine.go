package render

import (
	"bytes"
	"encoding/xml"
	"sort"

	"perfsite/generator/internal/jsontext"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// file is one output file that is not an HTML page.
type file struct {
	rel  string
	data []byte
}

// machineFiles are the files for programs: the Atom feed, the sitemap,
// robots.txt and the search index. canonical lists the pages' addresses in
// output order; index is the search index when it is made already, else nil.
func (b *builder) machineFiles(canonical []string, index []byte) []file {
	if index == nil {
		index = b.searchIndex()
	}
	return []file{
		{"feed.xml", b.feed()},
		{"robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: " + b.abs("sitemap.xml") + "\n")},
		{"search/index.json", index},
		{"sitemap.xml", sitemap(canonical)},
	}
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Gen     string      `xml:"generator,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary,omitempty"`
}

// feed is the Atom feed of publications: each cycle's targets and results as
// they are published, and free pages that carry a date. Newest first.
func (b *builder) feed() []byte {
	var entries []atomEntry
	latest := model.Date{}
	add := func(d model.Date, id, title, rel, summary string) {
		if d.IsZero() {
			return
		}
		if latest.Before(d) {
			latest = d
		}
		entries = append(entries, atomEntry{ID: id, Title: title, Updated: atomTime(d), Link: atomLink{Href: b.abs(rel)}, Summary: summary})
	}
	for _, c := range b.cycles {
		cid, sch := c.m.ID, c.m.Scheme
		title := orID(sch.Title, cid)
		add(sch.TargetsPublished, b.abs(cid+"/methodology/")+"#targets", b.t("feed_targets", title), cid+"/methodology/", b.t("feed_targets_summary", title))
		add(sch.ResultsPublished, b.abs(cid+"/")+"#results", b.t("feed_results", title), cid+"/", b.t("feed_results_summary", title))
		for _, card := range c.m.Cards {
			if latest.Before(card.Evaluated) {
				latest = card.Evaluated
			}
		}
	}
	for _, c := range b.freeContent() {
		add(c.Date, b.abs(freeRel(c)), b.contentTitle(c), freeRel(c), c.Description)
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].Updated != entries[j].Updated {
			return entries[i].Updated > entries[j].Updated
		}
		return entries[i].ID < entries[j].ID
	})
	updated := "1970-01-01T00:00:00Z"
	if !latest.IsZero() {
		updated = atomTime(latest)
	}
	f := atomFeed{
		Lang:    b.tr.lang,
		ID:      b.abs(""),
		Title:   b.s.Config.Title,
		Updated: updated,
		Links: []atomLink{
			{Href: b.abs("feed.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: b.abs(""), Rel: "alternate", Type: "text/html"},
		},
		Author:  atomAuthor{Name: b.s.Config.Title},
		Gen:     "perfsite",
		Entries: entries,
	}
	return marshalXML(f)
}

// atomTime is a day as an Atom date; the data has no time of day or zone.
func atomTime(d model.Date) string { return d.String() + "T00:00:00Z" }

type urlSet struct {
	XMLName xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []siteURL `xml:"url"`
}

type siteURL struct {
	Loc string `xml:"loc"`
}

// sitemap lists every page with an address, in output order.
func sitemap(canonical []string) []byte {
	s := urlSet{URLs: make([]siteURL, len(canonical))}
	for i, loc := range canonical {
		s.URLs[i] = siteURL{Loc: loc}
	}
	return marshalXML(s)
}

func marshalXML(v any) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // only fixed struct types are encoded
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// SearchIndex is search/index.json: what the search page's script searches.
type SearchIndex struct {
	Departments []SearchDepartment `json:"departments"`
	Indicators  []SearchIndicator  `json:"indicators"`
}

// SearchDepartment is one department in the search index.
type SearchDepartment struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ShortName   string `json:"short_name,omitempty"`
	Group       string `json:"group"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
}

// SearchIndicator is one indicator of a department's newest scorecard.
type SearchIndicator struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Department     string `json:"department"`
	DepartmentName string `json:"department_name"`
	Cycle          string `json:"cycle"`
	URL            string `json:"url"`
}

func (b *builder) searchIndex() []byte {
	idx := SearchIndex{Departments: []SearchDepartment{}}
	for _, g := range b.departmentList().Groups {
		for _, e := range g.Departments {
			md := b.depts[e.ID]
			idx.Departments = append(idx.Departments, SearchDepartment{
				ID: md.ID, Name: b.deptName(md.ID), ShortName: md.ShortName, Group: g.Name,
				Description: md.Description, URL: e.Link.URL,
			})
		}
	}
	// Each department's newest scorecard, found first so that the indicators
	// are made at their number.
	type newest struct {
		cycle string
		md    *model.Department
		pasts []score.Past
	}
	var found []newest
	n := 0
	for _, md := range b.s.Departments {
		for j := len(b.cycles) - 1; j >= 0; j-- {
			c := b.cycles[j]
			if r := c.byID[md.ID]; r != nil {
				found = append(found, newest{c.m.ID, md, r.Pasts()})
				n += len(found[len(found)-1].pasts)
				break
			}
		}
	}
	idx.Indicators = make([]SearchIndicator, 0, n)
	var t texts // the indicators' addresses
	for _, f := range found {
		page, name := b.url(f.cycle+"/"+f.md.ID+"/"), b.deptName(f.md.ID)
		for _, in := range f.pasts {
			at := t.Start(len(page) + len("#indicator-") + len(in.ID))
			t.Builder().WriteString(page)
			t.Builder().WriteString("#indicator-")
			t.Builder().WriteString(in.ID)
			idx.Indicators = append(idx.Indicators, SearchIndicator{
				ID: in.ID, Name: in.Name, Department: f.md.ID, DepartmentName: name,
				Cycle: f.cycle, URL: t.Since(at),
			})
		}
	}
	return idx.appendJSON(make([]byte, 0, 256*(len(idx.Departments)+len(idx.Indicators))))
}

// appendJSON appends idx as a json.Encoder with HTML escaping writes it, without
// reflection: fields in order, an empty omitempty field left out, then a newline.
// Departments and Indicators are never nil.
func (idx *SearchIndex) appendJSON(buf []byte) []byte {
	buf = append(buf, `{"departments":[`...)
	for i, d := range idx.Departments {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = jsonField(buf, `{"id":`, d.ID)
		buf = jsonField(buf, `,"name":`, d.Name)
		if d.ShortName != "" {
			buf = jsonField(buf, `,"short_name":`, d.ShortName)
		}
		buf = jsonField(buf, `,"group":`, d.Group)
		if d.Description != "" {
			buf = jsonField(buf, `,"description":`, d.Description)
		}
		buf = jsonField(buf, `,"url":`, d.URL)
		buf = append(buf, '}')
	}
	buf = append(buf, `],"indicators":[`...)
	for i, in := range idx.Indicators {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = jsonField(buf, `{"id":`, in.ID)
		buf = jsonField(buf, `,"name":`, in.Name)
		buf = jsonField(buf, `,"department":`, in.Department)
		buf = jsonField(buf, `,"department_name":`, in.DepartmentName)
		buf = jsonField(buf, `,"cycle":`, in.Cycle)
		buf = jsonField(buf, `,"url":`, in.URL)
		buf = append(buf, '}')
	}
	return append(buf, "]}\n"...)
}

// jsonField appends key (the text up to the value) and the string s.
func jsonField(buf []byte, key, s string) []byte {
	return jsontext.AppendString(append(buf, key...), s)
}
