package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// The scorecard's three long tables — indicators, their definitions, in-year
// progress — are ≈85 % of a scorecard page and print ≈1,900 values; a department's
// trends table is most of its page. html/template spends a reflective escaper
// call on every value printed (≈0.8 µs), which made these rows most of a large
// site's build. The scorecard's shorter tables (dimensions, adjustments,
// rectifications, surveys) were then half of what remained of its template
// calls. A cycle's ranking tables and a dimension's table have a row per
// department: at thousands of departments they are most of those pages. Their
// rows are written here instead, with html/template's escaping (markup), and
// scorecard.html, department.html, dimension.html and the ranking partial print
// each table body once. Everything else on every page stays in the layouts.
//
// The rows use the theme's "status" and "value" partials (through Status.HTML and
// Site.None) and its interface text; their own markup, the evidence lists
// and changes included, is the default theme's. A site that wants other row markup overrides
// the layout (or the ranking partial) and ranges over .Dimensions, .Indicators,
// .Progress, .Adjustments, .Rectifications, .Surveys, .Cycles, .Trends or a
// group's or a dimension's .Rows itself: every field is still there.

// IndicatorRows is the rows of the indicators table, each after a newline.
func (d *ScorecardData) IndicatorRows() (template.HTML, error) {
	b, err := d.AppendIndicatorRows(nil)
	return htmlOf(b), err
}

// AppendIndicatorRows appends IndicatorRows to dst: a page printed by tmplrun
// gets its rows this way, written into the page rather than made apart and copied.
func (d *ScorecardData) AppendIndicatorRows(dst []byte) ([]byte, error) {
	var critical Status
	var report string
	for _, r := range d.Indicators {
		var err error
		if r.Critical && critical.Key == "" {
			if critical, err = d.b.statusFunc("critical"); err != nil {
				return dst, err
			}
		}
		if r.Report != "" && report == "" {
			if report, err = d.b.tr.T("report_problem"); err != nil {
				return dst, err
			}
		}
	}
	none := d.b.site.None
	m := markup{b: dst}
	m.grow(d.indicatorRowsLen(len(critical.HTML), len(report)))
	for i := range d.Indicators {
		r := &d.Indicators[i]
		m.tag("\n<tr id=\"indicator-")
		m.text(r.ID)
		if r.Critical {
			m.tag(`" class="critical`)
		}
		m.tag(`"><th scope="row">`)
		m.text(r.Name)
		if r.Critical {
			m.tag(" ")
			m.fragment(critical.HTML)
		}
		m.tag("</th><td>")
		m.text(r.Dimension)
		m.tag("</td><td>")
		m.textOr(r.Target, none)
		m.tag("</td><td>")
		m.textOr(r.Actual, none)
		m.tag("</td><td>")
		m.text(r.Unit)
		m.tag("</td><td>")
		m.text(r.Points)
		m.tag("</td><td>")
		m.textOr(r.Score, none)
		m.tag("</td><td>")
		m.fragment(r.Status.HTML)
		m.tag("</td><td>")
		m.text(r.Method)
		m.tag(": ")
		m.text(r.Derivation)
		m.tag("</td><td>")
		m.text(r.Source)
		m.tag("</td><td>")
		m.text(r.Assessor)
		m.tag("</td><td>")
		m.evidence(r.Evidence)
		m.tag("</td><td>")
		if r.Report != "" {
			m.tag(`<a href="`)
			m.reportHref(&d.report, r.Report)
			m.tag(`">`)
			m.text(report)
			m.tag(`<span class="visually-hidden">`)
			m.text(r.ReportAbout)
			m.tag("</span></a>")
		}
		m.tag("</td></tr>")
	}
	return m.b, nil
}

// reportHref adds link, made by l, as href does. A report link is ≈300 bytes,
// two thirds of them the prefix and the subject that every link of the page
// shares: those were printed once, in reportLinks, and only the indicator's
// own parts are escaped here. The first ":" of a link, which decides whether its
// scheme is safe, is in the prefix or nowhere (the other parts are escaped), and no
// part ends inside a %XX escape. A link made otherwise is printed whole.
func (m *markup) reportHref(l *reportLinks, link string) {
	rest, ok := strings.CutPrefix(link, l.prefix)
	if !ok || l.prefixHref == "" {
		m.href(link)
		return
	}
	id := ""
	if l.form {
		end := strings.IndexByte(rest, '&') // the escaped id has none
		if end < 0 || !strings.HasPrefix(rest[end:], subjectField) {
			m.href(link)
			return
		}
		id, rest = rest[:end], rest[end+len(subjectField):]
	}
	name, ok := strings.CutPrefix(rest, l.subject)
	if !ok {
		m.href(link)
		return
	}
	m.tag(l.prefixHref) // escaped once per page (reportLinks)
	m.hrefText(id)
	m.tag(l.subjectHref)
	m.hrefText(name)
}

// A table's builder is sized once, to the length of the values its rows print
// and the tags around them, plus a sixteenth for what escaping adds: the rows
// of a scorecard are ≈75 KB, and a builder grown by doubling allocated up to
// 2.4 times that.

// indicatorRowsLen is about the length of IndicatorRows, given those of the
// critical tag and the report link's text.
func (d *ScorecardData) indicatorRowsLen(critical, report int) int {
	none := len(d.b.site.None)
	n := 0
	for i := range d.Indicators {
		r := &d.Indicators[i]
		n += 157 + len(r.ID) + len(r.Name) + len(r.Dimension) + orLen(r.Target, none) +
			orLen(r.Actual, none) + len(r.Unit) + len(r.Points) + orLen(r.Score, none) +
			len(r.Status.HTML) + len(r.Method) + len(r.Derivation) + len(r.Source) +
			len(r.Assessor) + evidenceLen(r.Evidence)
		if r.Critical {
			n += 17 + critical
		}
		if r.Report != "" {
			n += 52 + len(r.Report) + report + len(r.ReportAbout)
		}
	}
	return n + n/16
}

// orLen is the length textOr writes.
func orLen(s string, none int) int {
	if s == "" {
		return none
	}
	return len(s)
}

// evidenceLen is about the length evidence writes.
func evidenceLen(refs []Link) int {
	if len(refs) == 0 {
		return 0
	}
	n := 22
	for _, l := range refs {
		n += 24 + len(l.URL) + len(l.Text)
	}
	return n
}

// evidence is the default theme's "evidence" partial: references in a list,
// web addresses as links.
func (m *markup) evidence(refs []Link) {
	if len(refs) == 0 {
		return
	}
	m.tag(`<ul class="plain">`)
	for _, l := range refs {
		m.tag("<li>")
		if l.URL != "" {
			m.link(l)
		} else {
			m.text(l.Text)
		}
		m.tag("</li>")
	}
	m.tag("</ul>")
}

// DefinitionItems is the definition list of the indicators that have notes: for
// each, a newline, its name as <dt>, and a <dd> for each of its definition,
// limitations, baseline and note.
func (d *ScorecardData) DefinitionItems() (template.HTML, error) {
	b, err := d.AppendDefinitionItems(nil)
	return htmlOf(b), err
}

// AppendDefinitionItems appends DefinitionItems to dst (see AppendIndicatorRows).
func (d *ScorecardData) AppendDefinitionItems(dst []byte) ([]byte, error) {
	labels, err := d.b.definitionLabels()
	if err != nil {
		return dst, err
	}
	m := markup{b: dst}
	m.grow(d.definitionItemsLen(labels))
	for i := range d.Indicators {
		r := &d.Indicators[i]
		if !r.HasNotes {
			continue
		}
		m.tag("\n<dt>")
		m.text(r.Name)
		m.tag("</dt>")
		for j, note := range [...]string{r.Definition, r.Limitations, r.Baseline, r.Note} {
			if note == "" {
				continue
			}
			m.tag(`<dd><span class="label">`)
			m.text(labels[j])
			m.tag("</span>")
			m.text(note)
			m.tag("</dd>")
		}
	}
	return m.b, nil
}

// noteLabels are the labels of DefinitionItems, made once per build: an
// indicator's definition, limitations, baseline and note, each with a colon.
// A text the theme lacks fails every page that prints them.
type noteLabels struct {
	once sync.Once
	text [4]string
	err  error
}

func (b *builder) definitionLabels() (*[4]string, error) {
	l := &b.noteLabels
	l.once.Do(func() { l.text, l.err = b.makeNoteLabels() })
	return &l.text, l.err
}

func (b *builder) makeNoteLabels() ([4]string, error) {
	var labels [4]string
	for i, key := range [...]string{"definition", "limitations", "baseline", "note"} {
		label, err := b.tr.T(key)
		if err != nil {
			return labels, err
		}
		colon, err := b.tr.T("colon")
		if err != nil {
			return labels, err
		}
		labels[i] = label + colon
	}
	return labels, nil
}

// definitionItemsLen is about the length of DefinitionItems, given its labels.
func (d *ScorecardData) definitionItemsLen(labels *[4]string) int {
	n := 0
	for i := range d.Indicators {
		r := &d.Indicators[i]
		if !r.HasNotes {
			continue
		}
		n += 10 + len(r.Name)
		for j, note := range [...]string{r.Definition, r.Limitations, r.Baseline, r.Note} {
			if note != "" {
				n += 36 + len(labels[j]) + len(note)
			}
		}
	}
	return n + n/16
}

// DimensionRows is the rows of the dimensions table, each after a newline.
func (d *ScorecardData) DimensionRows() template.HTML { return htmlOf(d.AppendDimensionRows(nil)) }

// AppendDimensionRows appends DimensionRows to dst (see AppendIndicatorRows).
func (d *ScorecardData) AppendDimensionRows(dst []byte) []byte {
	none := d.b.site.None
	m := markup{b: dst}
	m.grow(256 * len(d.Dimensions))
	for i := range d.Dimensions {
		r := &d.Dimensions[i]
		m.tag("\n<tr><th scope=\"row\">")
		m.link(r.Link)
		m.tag(`</th><td class="num">`)
		m.text(r.Points)
		m.tag(`</td><td class="num">`)
		m.text(r.Score)
		m.tag(`</td><td class="num">`)
		m.textOr(r.Rate, none)
		m.tag(`</td><td class="num">`)
		m.textOr(r.GroupAvg, none)
		m.tag("</td></tr>")
	}
	return m.b
}

// ProgressRows is the rows of the progress table, each after a newline.
func (d *ScorecardData) ProgressRows() template.HTML { return htmlOf(d.AppendProgressRows(nil)) }

// AppendProgressRows appends ProgressRows to dst (see AppendIndicatorRows).
func (d *ScorecardData) AppendProgressRows(dst []byte) []byte {
	none := d.b.site.None
	m := markup{b: dst}
	m.grow(d.progressRowsLen())
	for i := range d.Progress {
		r := &d.Progress[i]
		m.tag("\n<tr><th scope=\"row\">")
		m.text(r.Indicator)
		m.tag("</th><td>")
		m.text(r.Period)
		m.tag("</td><td>")
		m.textOr(r.Expected, none)
		m.tag("</td><td>")
		m.text(r.Value)
		m.tag("</td><td>")
		m.text(r.Unit)
		m.tag("</td><td>")
		m.fragment(r.Status.HTML)
		m.tag("</td></tr>")
	}
	return m.b
}

// progressRowsLen is about the length of ProgressRows.
func (d *ScorecardData) progressRowsLen() int {
	none := len(d.b.site.None)
	n := 0
	for i := range d.Progress {
		r := &d.Progress[i]
		n += 76 + len(r.Indicator) + len(r.Period) + orLen(r.Expected, none) +
			len(r.Value) + len(r.Unit) + len(r.Status.HTML)
	}
	return n + n/16
}

// AdjustmentRows is the rows of the adjustments table, each after a newline.
func (d *ScorecardData) AdjustmentRows() template.HTML { return htmlOf(d.AppendAdjustmentRows(nil)) }

// AppendAdjustmentRows appends AdjustmentRows to dst (see AppendIndicatorRows).
func (d *ScorecardData) AppendAdjustmentRows(dst []byte) []byte {
	m := markup{b: dst}
	for i := range d.Adjustments {
		r := &d.Adjustments[i]
		m.tag("\n<tr><th scope=\"row\">")
		m.text(r.Kind)
		if r.Rule != "" {
			m.tag("<br>")
			m.text(r.Rule)
		}
		m.tag(`</th><td class="num">`)
		m.text(r.Points)
		m.tag(`</td><td class="num">`)
		m.textOr(r.Counted, d.b.site.None)
		m.tag("</td><td>")
		m.text(r.Reason)
		m.tag("</td><td>")
		m.text(r.Basis)
		m.tag("</td><td>")
		m.time(r.Date)
		m.tag("</td><td>")
		m.evidence(r.Evidence)
		m.tag("</td></tr>")
	}
	return m.b
}

// RectificationRows is the rows of the rectifications table, each after a
// newline.
func (d *ScorecardData) RectificationRows() (template.HTML, error) {
	b, err := d.AppendRectificationRows(nil)
	return htmlOf(b), err
}

// AppendRectificationRows appends RectificationRows to dst (see AppendIndicatorRows).
func (d *ScorecardData) AppendRectificationRows(dst []byte) ([]byte, error) {
	var overdue Status
	if d.Overdue > 0 {
		var err error
		if overdue, err = d.b.statusFunc("overdue"); err != nil {
			return dst, err
		}
	}
	m := markup{b: dst}
	for i := range d.Rectifications {
		r := &d.Rectifications[i]
		m.tag("\n<tr")
		if r.Overdue {
			m.tag(` class="overdue"`)
		}
		m.tag(`><th scope="row">`)
		m.text(r.Issue)
		m.tag("</th><td>")
		m.text(r.Action)
		m.tag("</td><td>")
		m.text(r.Owner)
		m.tag("</td><td>")
		m.time(r.Due)
		m.tag("</td><td>")
		m.fragment(r.Status.HTML)
		if r.Overdue {
			m.tag("<br>")
			m.fragment(overdue.HTML)
		}
		m.tag("</td><td>")
		m.time(r.Done)
		m.tag("</td><td>")
		m.evidence(r.Evidence)
		m.tag("</td></tr>")
	}
	return m.b, nil
}

// time adds a date as a <time> element, nothing for "".
func (m *markup) time(date string) {
	if date == "" {
		return
	}
	m.tag(`<time datetime="`)
	m.text(date)
	m.tag(`">`)
	m.text(date)
	m.tag("</time>")
}

// SurveyRows is the rows of the surveys table, each after a newline.
func (d *ScorecardData) SurveyRows() template.HTML { return htmlOf(d.AppendSurveyRows(nil)) }

// AppendSurveyRows appends SurveyRows to dst (see AppendIndicatorRows).
func (d *ScorecardData) AppendSurveyRows(dst []byte) []byte {
	m := markup{b: dst}
	for i := range d.Surveys {
		r := &d.Surveys[i]
		m.tag("\n<tr><th scope=\"row\">")
		m.text(r.Indicator)
		m.tag(`</th><td class="num">`)
		m.text(strconv.FormatInt(r.Respondents, 10))
		m.tag("</td><td>")
		m.text(r.Method)
		m.tag("</td><td>")
		m.text(r.ConductedBy)
		m.tag("</td></tr>")
	}
	return m.b
}

// HistoryRows is the rows of a department's history table, each after a
// newline.
func (d *DepartmentData) HistoryRows() (template.HTML, error) {
	b, err := d.AppendHistoryRows(nil)
	return htmlOf(b), err
}

// AppendHistoryRows appends HistoryRows to dst (see AppendIndicatorRows).
func (d *DepartmentData) AppendHistoryRows(dst []byte) ([]byte, error) {
	var w rowWords
	for i := range d.Cycles {
		if err := w.need(d.b, d.Cycles[i].Draft, d.Cycles[i].Change.Dir == ""); err != nil {
			return dst, err
		}
	}
	none := d.b.site.None
	m := markup{b: dst}
	for i := range d.Cycles {
		r := &d.Cycles[i]
		m.tag("\n<tr")
		if r.Draft {
			m.tag(` class="draft"`)
		}
		m.tag(`><th scope="row">`)
		m.link(r.Link)
		m.tag(`</th><td class="num">`)
		m.text(r.Total)
		m.tag("</td><td>")
		m.gradeOr(r.Grade, r.Draft, w.provisional)
		for _, rank := range []int{r.RankGroup, r.RankOverall} {
			m.tag(`</td><td class="num">`)
			m.rank(rank, none)
		}
		m.tag("</td><td>")
		m.change(r.Change, w.noPrevious)
		m.tag("</td></tr>")
	}
	return m.b, nil
}

// RankRows is the rows of a group's ranking table on a cycle's page and the
// home page, each after a newline.
func (g *GroupRanking) RankRows() (template.HTML, error) {
	b, err := g.AppendRankRows(nil)
	return htmlOf(b), err
}

// AppendRankRows appends RankRows to dst (see AppendIndicatorRows).
func (g *GroupRanking) AppendRankRows(dst []byte) ([]byte, error) {
	var w rowWords
	for i := range g.Rows {
		if err := w.need(g.b, g.Rows[i].Draft, g.Rows[i].Change.Dir == ""); err != nil {
			return dst, err
		}
	}
	none := g.b.site.None
	m := markup{b: dst}
	m.grow(384 * len(g.Rows))
	for i := range g.Rows {
		r := &g.Rows[i]
		m.tag("\n<tr")
		if r.Draft {
			m.tag(` class="draft"`)
		}
		m.tag(">")
		if g.Ranked {
			m.tag(`<td class="num">`)
			m.rank(r.Rank, none)
			m.tag("</td>")
		}
		m.tag(`<th scope="row">`)
		m.link(r.Dept)
		m.tag(`</th><td class="num">`)
		m.text(r.Total)
		m.tag("</td><td>")
		m.gradeOr(r.Grade, r.Draft, w.provisional)
		m.tag("</td><td>")
		m.change(r.Change, w.noPrevious)
		m.tag("</td></tr>")
	}
	return m.b, nil
}

// DepartmentRows is the rows of a dimension page's table, each after a
// newline.
func (d *DimensionData) DepartmentRows() (template.HTML, error) {
	b, err := d.AppendDepartmentRows(nil)
	return htmlOf(b), err
}

// AppendDepartmentRows appends DepartmentRows to dst (see AppendIndicatorRows).
func (d *DimensionData) AppendDepartmentRows(dst []byte) ([]byte, error) {
	var w rowWords
	for i := range d.Rows {
		if err := w.need(d.b, d.Rows[i].Draft, false); err != nil {
			return dst, err
		}
	}
	none := d.b.site.None
	m := markup{b: dst}
	m.grow(320 * len(d.Rows))
	for i := range d.Rows {
		r := &d.Rows[i]
		m.tag("\n<tr")
		if r.Draft {
			m.tag(` class="draft"`)
		}
		m.tag(`><th scope="row">`)
		m.link(r.Dept)
		if r.Draft {
			m.tag(" ")
			m.provisional(w.provisional)
		}
		m.tag("</th><td>")
		m.text(r.Group)
		m.tag(`</td><td class="num">`)
		m.text(r.Points)
		m.tag(`</td><td class="num">`)
		m.text(r.Score)
		m.tag(`</td><td class="num">`)
		m.textOr(r.Rate, none)
		m.tag("</td></tr>")
	}
	return m.b, nil
}

// rowWords is the interface text a table's rows print, looked up only when a
// row needs it, as the template looked it up: a theme lacking a key fails only
// the pages that print it.
type rowWords struct {
	provisional string // when a row is a draft
	noPrevious  string // when a row's change has nothing to compare
}

// need looks up the words a row prints, draft or without a previous total,
// unless they are known.
func (w *rowWords) need(b *builder, draft, noChange bool) error {
	var err error
	if draft && w.provisional == "" {
		w.provisional, err = b.tr.T("provisional")
	}
	if err == nil && noChange && w.noPrevious == "" {
		w.noPrevious, err = b.tr.T("no_previous")
	}
	return err
}

// link adds a link to l.URL reading l.Text.
func (m *markup) link(l Link) {
	m.tag(`<a href="`)
	m.href(l.URL)
	m.tag(`">`)
	m.text(l.Text)
	m.tag("</a>")
}

// provisional adds the tag that marks a draft.
func (m *markup) provisional(word string) {
	m.tag(`<span class="tag">`)
	m.text(word)
	m.tag("</span>")
}

// gradeOr adds a grade, or the draft tag for a draft.
func (m *markup) gradeOr(grade string, draft bool, provisional string) {
	if draft {
		m.provisional(provisional)
	} else {
		m.text(grade)
	}
}

// rank adds a rank, or the missing-value fragment for 0 (not ranked).
func (m *markup) rank(rank int, none template.HTML) {
	if rank == 0 {
		m.fragment(none)
	} else {
		m.text(strconv.Itoa(rank))
	}
}

// change is the default theme's "change" partial.
func (m *markup) change(c Change, noPrevious string) {
	if c.Dir == "" {
		m.tag(`<span aria-hidden="true">—</span><span class="visually-hidden">`)
		m.text(noPrevious)
		m.tag("</span>")
		return
	}
	m.tag(`<span class="change change-`)
	m.text(c.Dir)
	m.tag(`"><span aria-hidden="true">`)
	m.text(c.Icon)
	m.tag(" ")
	m.text(c.Text)
	m.tag(`</span><span class="visually-hidden">`)
	m.text(c.Word)
	m.tag("</span></span>")
}

// TrendRows is the rows of a department's trends table, each after a newline.
func (d *DepartmentData) TrendRows() template.HTML { return htmlOf(d.AppendTrendRows(nil)) }

// AppendTrendRows appends TrendRows to dst (see AppendIndicatorRows).
func (d *DepartmentData) AppendTrendRows(dst []byte) []byte {
	none := d.b.site.None
	m := markup{b: dst}
	m.grow(len(d.Trends) * (160 + 32*len(d.TrendCycles)))
	for i := range d.Trends {
		r := &d.Trends[i]
		m.tag("\n<tr><th scope=\"row\">")
		m.text(r.Name)
		m.tag("</th><td>")
		m.text(r.Unit)
		m.tag("</td><td>")
		m.text(r.Direction)
		m.tag("</td>")
		for _, v := range r.Values {
			m.tag("<td>")
			m.textOr(v, none)
			m.tag("</td>")
		}
		m.tag("<td>")
		if r.Trend.HTML != "" {
			m.fragment(r.Trend.HTML)
		} else {
			m.fragment(none)
		}
		m.tag("</td></tr>")
	}
	return m.b
}
