package render

import (
	"html/template"
	"net/url"
	"strings"
	"sync"

	"perfsite/generator/chart"
	"perfsite/generator/decimal"
	"perfsite/generator/internal/htmltext"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// ScorecardData is one department's page in one cycle (layout scorecard.html).
type ScorecardData struct {
	Cycle       Link // the cycle page
	CycleID     string
	ID          string
	Name        string
	Description string
	Website     string
	Group       string
	Ranked      bool // the group is ranked
	Draft       bool
	Evaluated   string
	History     Link // /departments/<id>/

	Total       string
	Grade       string   // "" for drafts
	GradeNotes  []string // why the grade differs from the score's: veto, quota
	RankGroup   int      // 0: not ranked
	GroupSize   int      // ranked departments in the group
	RankOverall int
	OverallSize int
	Change      Change

	IndicatorScore string
	Bonus          string // counted, after the cap
	BonusClaimed   string
	BonusCapped    bool
	Penalty        string
	PenaltyClaimed string
	PenaltyCapped  bool
	VetoDeduct     string
	HasAdjustments bool

	Dimensions     []DimensionRow
	Radar          *chart.Chart
	Indicators     []IndicatorRow
	Progress       []ProgressRow
	Adjustments    []AdjustmentRow
	TargetChanges  []TargetChangeRow
	Rectifications []RectificationRow
	Overdue        int // rectifications past due and not done
	Surveys        []SurveyRow
	HasNotes       bool // some indicator has a definition, limitations, a note or a baseline
	Narrative      template.HTML
	Downloads      []Link

	b      *builder    // for the long tables' rows: see rows.go
	report reportLinks // how the rows' report links were made
}

// DimensionRow is one dimension of a scorecard.
type DimensionRow struct {
	Link     Link // the cycle's page for the dimension
	Points   string
	Score    string
	Rate     string // percentage
	GroupAvg string // average rate of the group's final scorecards, "" when none
}

// IndicatorRow is one indicator of a scorecard.
type IndicatorRow struct {
	ID          string
	Name        string
	Dimension   string
	Critical    bool
	Common      bool
	Method      string // in words
	Direction   string // in words
	Target      string
	Floor       string
	Actual      string
	Baseline    string
	Unit        string
	Points      string
	Score       string
	Status      Status
	Derivation  string
	Source      string
	Assessor    string
	Definition  string
	Limitations string
	Note        string
	Evidence    []Link // Text only (URL "") for references that are not web addresses
	Report      string // href of "report a problem with this figure", "" without email or form
	ReportAbout string // what the report link is about, for screen readers: "：<name>"
	HasNotes    bool   // Definition, Limitations, Note or Baseline is set
}

// ProgressRow is one indicator at one checkpoint.
type ProgressRow struct {
	Indicator string
	Period    string
	Expected  string
	Value     string
	Unit      string
	Status    Status
}

// AdjustmentRow is one bonus, penalty or veto.
type AdjustmentRow struct {
	Kind     string // in words
	KindKey  string // bonus | penalty | veto
	Rule     string // veto: the rule's name
	Points   string // as claimed; veto: its deduction
	Counted  string // points that count after the caps
	Reason   string
	Basis    string
	Date     string
	Evidence []Link
}

// TargetChangeRow is one change of an indicator's target.
type TargetChangeRow struct {
	Indicator  string
	From       string
	To         string
	Date       string
	Reason     string
	ApprovedBy string
}

// RectificationRow is one corrective action.
type RectificationRow struct {
	Issue    string
	Action   string
	Owner    string
	Due      string
	Status   Status
	Done     string
	Overdue  bool
	Evidence []Link
}

// SurveyRow describes the survey behind a rating indicator.
type SurveyRow struct {
	Indicator   string
	Respondents int64
	Method      string
	ConductedBy string
}

// cycleLinks are the links that the pages of a cycle show the same, made once
// for the cycle's pages rather than for each: the cycle's page, its
// dimensions' pages and downloads on every scorecard, and its scorecards on
// its own page, the home page and each dimension's.
type cycleLinks struct {
	cycle      Link              // the cycle's page
	dims       map[string]string // the URL of each dimension's page, by id
	downloads  []Link            // the cycle's open-data files
	scorecards map[string]string // the URL of each scorecard's page, by department

	reportNames *reportNames // what the scorecards' report links share
}

func (b *builder) cycleLinks(c *cycleData) *cycleLinks {
	cid := c.m.ID
	l := &cycleLinks{
		cycle:      Link{URL: b.url(cid + "/"), Text: orID(c.m.Scheme.Title, cid)},
		dims:       make(map[string]string, len(c.m.Scheme.Dimensions)),
		scorecards: make(map[string]string, len(c.r.Departments)),

		reportNames: &reportNames{},
	}
	for _, dim := range c.m.Scheme.Dimensions {
		l.dims[dim.ID] = b.dimensionURL(cid, dim.ID)
	}
	for _, r := range c.r.Departments {
		l.scorecards[r.ID] = b.url(cid + "/" + r.ID + "/")
	}
	prefix := "data/" + cid + "/"
	for _, f := range b.opts.DataFiles {
		if rest, ok := strings.CutPrefix(f.Path, prefix); ok && !strings.Contains(rest, "/") {
			l.downloads = append(l.downloads, Link{URL: b.url(f.Path), Text: rest})
		}
	}
	return l
}

// scorecardURL is the URL of a department's scorecard page in the cycle.
func (l *cycleLinks) scorecardURL(b *builder, cycle, dept string) string {
	if u, ok := l.scorecards[dept]; ok {
		return u
	}
	return b.url(cycle + "/" + dept + "/")
}

// dimensionURL is the URL of a dimension's page in a cycle.
func (b *builder) dimensionURL(cycle, dim string) string {
	return b.url(cycle + "/dimensions/" + dim + "/")
}

func (b *builder) scorecardPage(c *cycleData, r *score.Department, links *cycleLinks) *Page {
	cid := c.m.ID
	sch := c.m.Scheme
	name := b.deptName(r.ID)
	d := &ScorecardData{
		b:              b,
		Cycle:          links.cycle,
		CycleID:        cid,
		ID:             r.ID,
		Name:           name,
		Draft:          r.Draft,
		Ranked:         r.Ranked,
		History:        Link{URL: b.url("departments/" + r.ID + "/"), Text: b.tStrings("history_link", name)},
		Total:          points(r.Total),
		Grade:          r.Grade,
		RankGroup:      r.RankGroup,
		RankOverall:    r.RankOverall,
		Change:         b.change(r),
		IndicatorScore: points(r.IndicatorScore),
		Bonus:          points(r.Bonus),
		BonusClaimed:   points(r.BonusClaimed),
		BonusCapped:    !r.Bonus.Equal(r.BonusClaimed),
		Penalty:        points(r.Penalty),
		PenaltyClaimed: points(r.PenaltyClaimed),
		PenaltyCapped:  !r.Penalty.Equal(r.PenaltyClaimed),
		VetoDeduct:     points(r.VetoDeduct),
	}
	if md := b.depts[r.ID]; md != nil {
		d.Description, d.Website = md.Description, md.Website
	}
	d.Group = r.Group
	if g := b.groups[r.Group]; g != nil {
		d.Group = g.Name
	}
	if r.Card != nil {
		d.Evaluated = r.Card.Evaluated.String()
	}
	d.GroupSize, d.OverallSize = c.rankedIn[r.Group], c.rankedOverall
	d.GradeNotes = b.gradeNotes(c, r)

	var t texts // for the rows' numbers and links
	avgText, avgDrawn := c.averageText[r.Group], c.averageDrawn[r.Group]
	d.Dimensions = make([]DimensionRow, 0, len(r.Dimensions))
	rates := make([]dimensionRate, len(r.Dimensions))
	for i, dim := range r.Dimensions {
		href, ok := links.dims[dim.ID]
		if !ok {
			href = b.dimensionURL(cid, dim.ID)
		}
		row := DimensionRow{
			Link:   Link{URL: href, Text: dim.Name},
			Points: t.exact(dim.Points),
			Score:  t.points(dim.Score),
		}
		if dim.Points.Sign() > 0 {
			p100 := dim.Rate.Mul(hundred)
			drawn := drawnPercentage(p100)
			row.Rate = t.percentage(p100)
			rates[i] = dimensionRate{scored: true, text: row.Rate, drawn: &drawn}
		}
		if avgText != nil {
			row.GroupAvg = avgText[i]
		}
		d.Dimensions = append(d.Dimensions, row)
	}
	d.Radar = b.radarChart(c, r, rates, avgText, avgDrawn)

	// The rows are large: they are made once, at their number (none stays
	// nil), and filled in place.
	checkpoints, refs, changes, surveys := 0, 0, 0, 0
	for _, in := range r.Indicators {
		checkpoints += len(in.Progress)
		refs += len(in.Evidence)
		changes += len(in.TargetChanges)
		if in.Survey != nil {
			surveys++
		}
	}
	evidenceBlock := make([]Link, refs) // the rows' Evidence, made at once
	if changes > 0 {
		d.TargetChanges = make([]TargetChangeRow, 0, changes)
	}
	if surveys > 0 {
		d.Surveys = make([]SurveyRow, 0, surveys)
	}
	if len(r.Indicators) > 0 {
		d.Indicators = indicatorRows.get(len(r.Indicators))
	}
	if checkpoints > 0 {
		d.Progress = progressRows.get(checkpoints)
	}
	report := b.reportLinks(c.m.ID, r.ID, links.reportNames)
	d.report = report
	progress := d.Progress
	for i, in := range r.Indicators {
		row := &d.Indicators[i]
		target, actual := b.indicatorRow(row, c, in, report, &t, &evidenceBlock)
		d.HasNotes = d.HasNotes || row.HasNotes
		for _, cp := range in.Progress {
			p := &progress[0]
			progress = progress[1:]
			p.Indicator, p.Period, p.Unit = in.Name, cp.Period, in.Unit
			p.Value = t.exactOr(cp.Value, actual)
			if cp.HasExpected {
				p.Expected = t.exactOr(cp.Expected, target)
			}
			p.Status = b.status(cp.Status)
		}
		for _, tc := range in.TargetChanges {
			d.TargetChanges = append(d.TargetChanges, TargetChangeRow{
				Indicator:  in.Name,
				From:       exact(tc.From),
				To:         exact(tc.To),
				Date:       tc.Date.String(),
				Reason:     tc.Reason,
				ApprovedBy: tc.ApprovedBy,
			})
		}
		if s := in.Survey; s != nil {
			d.Surveys = append(d.Surveys, SurveyRow{Indicator: in.Name, Respondents: s.Respondents, Method: s.Method, ConductedBy: s.ConductedBy})
		}
	}

	if card := r.Card; card != nil {
		if len(card.Adjustments) > 0 {
			d.Adjustments = make([]AdjustmentRow, 0, len(card.Adjustments))
		}
		if len(card.Rectifications) > 0 {
			d.Rectifications = make([]RectificationRow, 0, len(card.Rectifications))
		}
		for i, a := range card.Adjustments {
			row := AdjustmentRow{
				KindKey:  a.Kind,
				Kind:     b.t("adjustment_" + a.Kind),
				Reason:   a.Reason,
				Basis:    a.Basis,
				Date:     a.Date.String(),
				Evidence: evidence(a.Evidence),
				Points:   exact(a.Points),
			}
			if a.Kind == model.VetoAdj {
				row.Rule = a.Rule
				for _, v := range sch.Vetoes {
					if v.ID == a.Rule {
						row.Rule = v.Name
						row.Points = exact(v.Deduct)
					}
				}
			}
			if i < len(r.Counted) {
				row.Counted = points(r.Counted[i])
			}
			d.Adjustments = append(d.Adjustments, row)
		}
		for _, x := range card.Rectifications {
			row := RectificationRow{
				Issue:    x.Issue,
				Action:   x.Action,
				Owner:    x.Owner,
				Due:      x.Due.String(),
				Status:   b.status(x.Status),
				Done:     x.Done.String(),
				Overdue:  x.Overdue(b.opts.Today),
				Evidence: evidence(x.Evidence),
			}
			if row.Overdue {
				d.Overdue++
			}
			d.Rectifications = append(d.Rectifications, row)
		}
	}
	d.HasAdjustments = len(d.Adjustments) > 0
	narrative := "content/" + cid + "/" + r.ID + ".md"
	d.Narrative, _ = b.narrative(narrative)
	d.Downloads = links.downloads

	p := &Page{
		Rel:         cid + "/" + r.ID + "/",
		Layout:      "scorecard.html",
		Title:       b.tStrings("scorecard_title", name, orID(sch.Title, cid)),
		Description: b.tStrings("scorecard_description", name, orID(sch.Title, cid)),
		Provisional: r.Draft,
		Charts:      d.Radar != nil,
		Crumbs:      b.crumbs(d.Cycle, Link{Text: name}),
		Data:        d,
	}
	if nc := b.content[narrative]; nc != nil && nc.Description != "" {
		p.Description = nc.Description
	}
	return p
}

// indicatorRow fills row, a zero row, with in: field by field, as a
// composite literal of a row this large is made aside and then copied. It
// returns the target and the actual as the row writes them, for the
// indicator's checkpoints: their expected value is most often the target, and
// the last value reached the actual.
func (b *builder) indicatorRow(row *IndicatorRow, c *cycleData, in *score.Indicator, report reportLinks, t *texts, evidence *[]Link) (target, actual known) {
	row.ID, row.Name, row.Dimension = in.ID, in.Name, in.Dimension
	if dim := c.dims[in.Dimension]; dim != nil {
		row.Dimension = dim.Name
	}
	row.Critical, row.Common = in.Critical, in.Common
	row.Method, row.Direction = b.methodWord(in.Method), b.directionWord(in.Direction)
	row.Target, row.Floor, row.Baseline = t.optional(in.Target), t.optional(in.Floor), t.optional(in.Baseline)
	row.Status = b.status(in.Status) // before the text of Actual, as a missing text is reported in order
	switch {
	case in.Method == model.Manual && in.Indicator.Score != nil:
		row.Actual = t.exact(*in.Indicator.Score)
	case in.Achieved != nil && in.Actual == nil:
		row.Actual = b.t("achieved_" + yesNo(*in.Achieved))
	default:
		row.Actual = t.optional(in.Actual)
		actual = known{in.Actual, row.Actual}
	}
	row.Unit, row.Points = in.Unit, t.exact(in.Points)
	if in.Status != score.Pending {
		row.Score = t.points(in.Score)
	}
	row.Derivation, row.Source, row.Assessor = in.Derivation, in.Source, in.Assessor
	row.Definition, row.Limitations, row.Note = in.Definition, in.Limitations, in.Note
	row.Evidence = evidenceIn(evidence, in.Evidence)
	row.Report = report.link(in, t)
	if row.Report != "" {
		row.ReportAbout = report.about(b, in)
	}
	row.HasNotes = row.Definition != "" || row.Limitations != "" || row.Note != "" || row.Baseline != ""
	return known{in.Target, row.Target}, actual
}

// reportLinks makes the "report a problem with this figure" links of one
// scorecard: the feedback form with the cycle, department and indicator in its
// query, or else an e-mail with them in the subject. What the links of a
// scorecard share is escaped once, and what those of a cycle share, in names.
type reportLinks struct {
	prefix  string   // the link up to the indicator's own part; "" without email or form
	form    bool     // a feedback form, else an e-mail
	subject string   // the escaped start of the subject: "cycle / department / "
	aboutIs string   // the text of "report_problem_about", "" when the theme lacks it
	around  []string // aboutIs cut at each "{1}", where the name goes

	// The shared parts of the links as an href prints them (see reportHref):
	// the prefix, and what comes between the indicator's id and its name in a
	// form's link ("&subject=" and the subject) or before the name in an
	// e-mail's (the subject). "" when the prefix's scheme is not safe.
	prefixHref, subjectHref string

	names *reportNames
}

// reportNames are the parts of report links that depend on an indicator's
// name alone, made once for all the pages that share them: each of a cycle's
// scorecards links its ≈40 indicators, most of them named as on the others, and
// escaping a name of Chinese characters byte by byte was most of making a link.
// The links that share a reportNames share their form and their texts.
type reportNames struct {
	mu     sync.RWMutex // the cycle's pages are made on every core
	byName map[string]reportName
}

// reportName is a name escaped for a report link, and what the link is about.
type reportName struct{ escaped, about string }

// reportLinks makes the report links of dept's scorecard in cycle, sharing
// names with the other pages of the cycle.
func (b *builder) reportLinks(cycle, dept string, names *reportNames) reportLinks {
	l := b.reportLinkParts(cycle, dept)
	l.names = names
	if l.prefix != "" {
		l.aboutIs, _ = b.tr.T("report_problem_about") // a missing text fails each row that needs it, in about
		l.around = strings.Split(l.aboutIs, "{1}")
	}
	if l.prefix != "" && htmltext.SafeURL(l.prefix) {
		// Both in one string; an href may grow what it escapes by a few bytes.
		var m markup
		m.grow(len(l.prefix) + len(subjectField) + len(l.subject) + 64)
		m.hrefText(l.prefix)
		end := len(m.b)
		if l.form {
			m.hrefText(subjectField)
		}
		m.hrefText(l.subject)
		both := string(m.html())
		l.prefixHref, l.subjectHref = both[:end], both[end:]
	}
	return l
}

// subjectField comes between the indicator's id and the subject in a form's
// report link.
const subjectField = "&subject="

func (b *builder) reportLinkParts(cycle, dept string) reportLinks {
	fb := b.s.Config.Feedback
	subject := cycle + " / " + b.deptName(dept) + " / "
	switch {
	case fb.URL != "":
		sep := "?"
		if strings.Contains(fb.URL, "?") {
			sep = "&"
		}
		// As url.Values.Encode writes them: keys sorted, values query-escaped.
		return reportLinks{
			prefix:  fb.URL + sep + "cycle=" + url.QueryEscape(cycle) + "&department=" + url.QueryEscape(dept) + "&indicator=",
			form:    true,
			subject: url.QueryEscape(subject),
		}
	case fb.Email != "":
		return reportLinks{prefix: "mailto:" + fb.Email + "?subject=", subject: url.PathEscape(subject)}
	}
	return reportLinks{}
}

// link is the link for one indicator, "" without email or form, made in t.
// Escaping works byte by byte, so the escaped subject is its escaped parts
// joined.
func (l reportLinks) link(in *score.Indicator, t *texts) string {
	if l.prefix == "" {
		return ""
	}
	var buf [96]byte // the id's part, written into t with the others
	id := buf[:0]
	if l.form {
		id = queryEscaping.append(id, in.ID)
		id = append(id, subjectField...)
	}
	name := l.name(in.Name).escaped
	at := t.Start(len(l.prefix) + len(id) + len(l.subject) + len(name))
	w := t.Builder()
	w.WriteString(l.prefix)
	w.Write(id)
	w.WriteString(l.subject)
	w.WriteString(name)
	return t.Since(at)
}

// about says what the link of in is about, for screen readers: "：<name>".
func (l reportLinks) about(b *builder, in *score.Indicator) string {
	if l.aboutIs == "" {
		return b.tStrings("report_problem_about", in.Name)
	}
	return l.name(in.Name).about
}

// name is the part of a link that depends on name alone, from l.names or made
// and kept there.
func (l reportLinks) name(name string) reportName {
	n := l.names
	n.mu.RLock()
	r, ok := n.byName[name]
	n.mu.RUnlock()
	if ok {
		return r
	}
	r = l.makeName(name)
	n.mu.Lock()
	if n.byName == nil {
		n.byName = map[string]reportName{}
	}
	n.byName[name] = r
	n.mu.Unlock()
	return r
}

// makeName makes what name shares. With one argument, substitute replaces
// each "{1}" and nothing else, so the text it is about is its parts around
// "{1}" joined by the name.
func (l reportLinks) makeName(name string) reportName {
	escaping := &pathEscaping
	if l.form {
		escaping = &queryEscaping
	}
	r := reportName{escaped: string(escaping.append(nil, name))}
	if l.aboutIs != "" {
		r.about = strings.Join(l.around, name)
	}
	return r
}

// urlEscaping appends text as url.QueryEscape or url.PathEscape returns it,
// without making that string.
type urlEscaping struct {
	kept [256]bool // bytes written as they are
	plus bool      // a space is written "+"
}

var (
	queryEscaping = urlEscaping{kept: byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~"), plus: true}
	pathEscaping  = urlEscaping{kept: byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~$&+:=@")}
)

// append appends s escaped to b.
func (e *urlEscaping) append(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case e.kept[c]:
			b = append(b, c)
		case e.plus && c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// gradeNotes says why a grade is lower than the score alone would give.
func (b *builder) gradeNotes(c *cycleData, r *score.Department) []string {
	var notes []string
	for _, v := range r.Vetoes {
		if r.VetoCapped {
			notes = append(notes, b.t("grade_note_veto", v.Name, v.MaxGrade))
		} else {
			notes = append(notes, b.t("grade_note_veto_applied", v.Name))
		}
	}
	if r.QuotaDemoted {
		notes = append(notes, b.t("grade_note_quota", r.GradeByScore, r.Grade))
	}
	return notes
}

// groupStats counts the ranked scorecards of each group and of the whole
// cycle, and averages each group's dimension rates, once for all the cycle's
// scorecard pages.
func (c *cycleData) groupStats() {
	c.rankedIn = map[string]int{}
	c.averages = map[string][]decimal.D{}
	sums := map[string][]decimal.Total{}
	counts := map[string]int{}
	for _, o := range c.r.Departments {
		if o.RankGroup > 0 {
			c.rankedIn[o.Group]++
		}
		if o.RankOverall > 0 {
			c.rankedOverall++
		}
		if o.Draft {
			continue
		}
		s, ok := sums[o.Group]
		if !ok {
			s = make([]decimal.Total, len(o.Dimensions))
			sums[o.Group] = s
		}
		for i, dim := range o.Dimensions {
			if i < len(s) {
				s[i].Add(dim.Rate)
			}
		}
		counts[o.Group]++
	}
	c.averageText = make(map[string][]string, len(sums))
	c.averageDrawn = make(map[string][]*float64, len(sums))
	for g, s := range sums {
		n := decimal.Int(int64(counts[g]))
		avg := make([]decimal.D, len(s))
		text := make([]string, len(s))
		drawn := make([]*float64, len(s))
		for i := range s {
			avg[i] = s[i].Value().Quo(n)
			text[i], drawn[i] = percent(avg[i]), pct(avg[i])
		}
		c.averages[g] = avg
		c.averageText[g], c.averageDrawn[g] = text, drawn
	}
}

// evidence turns references into links; only web addresses become links, a
// document number stays text.
func evidence(refs []string) []Link {
	block := make([]Link, len(refs))
	return evidenceIn(&block, refs)
}

// evidenceIn is evidence made in the front of *block, which it leaves behind:
// the references of a scorecard's indicators are made in one block.
func evidenceIn(block *[]Link, refs []string) []Link {
	if len(refs) == 0 {
		return nil
	}
	out := (*block)[:len(refs):len(refs)]
	*block = (*block)[len(refs):]
	for i, e := range refs {
		out[i] = Link{Text: e}
		if strings.HasPrefix(e, "https://") || strings.HasPrefix(e, "http://") {
			out[i].URL = e
		}
	}
	return out
}

func orID(s, id string) string {
	if s != "" {
		return s
	}
	return id
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}
