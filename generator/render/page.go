package render

import (
	"html/template"

	"perfsite/generator/model"
)

// Page is one HTML page: everything its layout sees. Data holds the values
// particular to the layout; its type is named after the layout.
type Page struct {
	Rel         string   // path below the site root: "" for the home page, else ending in "/"
	URL         string   // Rel with the site's base path: "/perf/2024/"
	Canonical   string   // absolute URL; "" for the not-found page
	Layout      string   // template file under layouts/, e.g. "scorecard.html"
	Title       string   // the page's own heading (h1); <title> adds the site title
	Description string   // meta description
	Crumbs      []Link   // breadcrumbs, home first; the last one is this page
	Provisional bool     // the page shows draft (provisional) figures
	Charts      bool     // the page has charts: ECharts and charts.js are loaded
	Scripts     []string // further theme scripts, as URLs, loaded with defer
	Site        *SiteInfo
	Data        any

	file  string // output file when not Rel + "index.html"
	parts *parts // the partials made once for the page's layout
}

// File is the output file of the page, relative to the output root.
func (p *Page) File() string {
	if p.file != "" {
		return p.file
	}
	return p.Rel + "index.html"
}

// Header, Feedback and Footer print the partials of those names, made once per
// build for each page layout: on a page they were a third of its template calls.
// Such a partial sees a page with only Site set, and the header also URL (it is
// made once for each navigation entry as the current page, and once for every
// other page).
func (p *Page) Header() (template.HTML, error) {
	if f, ok := p.parts.header[p.URL]; ok {
		return f.html, f.err
	}
	f := p.parts.header[""]
	return f.html, f.err
}

func (p *Page) Feedback() (template.HTML, error) { return p.parts.feedback.html, p.parts.feedback.err }

func (p *Page) Footer() (template.HTML, error) { return p.parts.footer.html, p.parts.footer.err }

// SiteInfo is what every page shows about the site.
type SiteInfo struct {
	Title       string
	Description string
	Lang        string // "zh-CN" or "en", for <html lang>
	Version     string // generator version
	BasePath    string // URL path of the site root, "/" or "/perf/"
	BaseURL     string // absolute URL of the site root, ending in "/"
	SampleData  bool
	Feedback    model.Feedback
	License     string
	Nav         []Link
	FeedURL     string
	CSSURL      string
	None        template.HTML // the theme's "value" partial for a missing value: a dash read out as "none"
}

// Link is a link with its text. URL is ready for href: a path with the site's
// base path for internal links, or an absolute URL.
type Link struct {
	URL  string
	Text string
}

// Status is a status shown as a symbol and a word, never by colour alone.
type Status struct {
	Key  string // met, near, missed, pending, on_track, behind, at_risk, overdue, …: the CSS class suffix
	Icon string // a text symbol, hidden from screen readers
	Word string
	HTML template.HTML // the theme's "status" partial for this status, made once per site
}

// Change is a total's change from the previous cycle.
type Change struct {
	Dir  string // "up", "down", "same", or "" when there is nothing to compare
	Icon string
	Text string // "+1.25", "−0.50", "0.00"
	Word string // for screen readers: "up 1.25 from 2023"
}
