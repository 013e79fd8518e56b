package opendata

import (
	"slices"
	"strconv"
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// part is the open data of a run of a cycle's departments: their rows of every CSV
// file and their entries of the departments list of cycle.json. Each department is
// read once and each of its numbers formatted once for both. Parts of a cycle are
// made side by side and joined in order.
type part struct {
	csv    [6][]byte // the encoded rows of each file of specs
	tables []*table  // instead of csv: the rows as cells, which Verify compares
	json   jsonWriter
	last   [7]int // the bytes the last department added to each piece

	cy, dept, ind lead // what begins the rows of the cycle, and of the department and the indicator being written

	scratch [2][]keyText // the periods of the indicator being written
	nums    numText      // the text of its numbers
}

// reset readies p for departments of cycle c, keeping its buffers; first says
// whether its first department is the first of the cycle (the others follow a comma).
func (p *part) reset(c string, first bool) {
	for i := range p.csv {
		p.csv[i] = p.csv[i][:0]
	}
	p.json = jsonWriter{buf: p.json.buf[:0], depth: 2, first: first}
	p.cy.set(&lead{}, c)
}

// piece is what p holds of the j-th file of a cycle: of specs, then cycle.json.
func (p *part) piece(j int) *[]byte {
	if j < len(p.csv) {
		return &p.csv[j]
	}
	return &p.json.buf
}

// department writes one department's rows and its entry of cycle.json, first
// making room for it in every piece: twice what the last department took, by
// doubling a piece that is too small. Left to append, a piece would grow in steps
// of a quarter and leave four times its size behind.
func (p *part) department(md *model.Department, d *score.Department, opt Options) {
	var start [len(p.last)]int
	for j := range p.last {
		b := p.piece(j)
		if need := 2 * p.last[j]; cap(*b)-len(*b) < need {
			*b = append(make([]byte, 0, max(2*cap(*b), len(*b)+need)), *b...)
		}
		start[j] = len(*b)
	}
	p.write(md, d, opt)
	for j := range p.last {
		p.last[j] = len(*p.piece(j)) - start[j]
	}
}

// row adds a row of the file s: the cells of l, then cells.
func (p *part) row(s *spec, l *lead, cells ...string) {
	if p.tables != nil {
		p.tables[s.pos].add(l.cells[:l.n], cells)
		return
	}
	b := append(p.csv[s.pos], l.text...)
	p.csv[s.pos] = appendRow(b, cells, s.numeric[l.n:])
}

// lead is the cells that begin many rows, written once for all of them: the cycle
// begins every row, then the department every row of a department, then the
// indicator its rows of progress.csv. They are text in every file.
type lead struct {
	cells [3]string
	n     int    // cells in use
	text  []byte // the cells as appendRow writes them, each followed by its comma
}

// set makes l the cells of base followed by cell, keeping its buffer.
func (l *lead) set(base *lead, cell string) {
	l.cells, l.n = base.cells, base.n+1
	l.cells[base.n] = cell
	l.text = append(appendCells(append(l.text[:0], base.text...), []string{cell}, []bool{false}), ',')
}

// same reports whether a and b are the very same value, so that the text of one is
// the text of the other; values that are merely equal are formatted again.
func same(a, b decimal.D) bool { return a == b }

// indicatorText is what an indicator's inputs read as, formatted once.
type indicatorText struct {
	points, target, floor, actual, baseline string
	milestones, progress                    []keyText // sorted by period
}

type keyText struct{ key, text string }

// textOf formats an indicator's inputs with nums, the periods into the slices of
// scratch, which the text holds until textOf is called with them again.
func textOf(in *model.Indicator, scratch *[2][]keyText, nums *numText) indicatorText {
	scratch[0], scratch[1] = sortedText(scratch[0], in.Milestones, nums), sortedText(scratch[1], in.Progress, nums)
	return indicatorText{
		points: nums.num(in.Points), target: nums.exact(in.Target), floor: nums.exact(in.Floor),
		actual: nums.exact(in.Actual), baseline: nums.exact(in.Baseline),
		milestones: scratch[0], progress: scratch[1],
	}
}

// sortedText is the entries of m formatted, sorted by period, in the room of list.
func sortedText(list []keyText, m model.PeriodValues, nums *numText) []keyText {
	list = list[:0]
	for _, e := range m {
		list = append(list, keyText{e.Period, nums.num(e.Value)})
	}
	slices.SortFunc(list, func(a, b keyText) int { return strings.Compare(a.key, b.key) })
	return list
}

// lookup is the text of the entry at key, if it holds the very value v.
func lookup(list []keyText, m model.PeriodValues, key string, v decimal.D) (string, bool) {
	if w, ok := m.Get(key); !ok || !same(w, v) {
		return "", false
	}
	for _, e := range list {
		if e.key == key {
			return e.text, true
		}
	}
	return "", false
}

// write writes one department's rows and its entry of cycle.json.
func (p *part) write(md *model.Department, d *score.Department, opt Options) {
	w, card := &p.json, d.Card
	p.dept.set(&p.cy, d.ID)
	w.member()
	w.open('{')
	w.strField("id", d.ID)
	w.strField("name", md.Name)
	w.strOmit("short_name", md.ShortName)
	w.strField("group", d.Group)
	w.strOmit("website", md.Website)
	w.strOmit("description", md.Description)
	w.strField("status", status(d.Draft))
	w.strOmit("evaluated", card.Evaluated.String())

	w.key("indicators")
	w.open('[')
	for _, in := range d.Indicators {
		if in != nil && in.Indicator != nil {
			p.indicator(d, in)
		}
	}
	w.close(']')

	w.key("adjustments")
	w.open('[')
	for i, a := range card.Adjustments {
		if a == nil {
			continue
		}
		points := ""
		if a.Kind != model.VetoAdj {
			points = a.Points.String()
		}
		date, count := a.Date.String(), cents(counted(d, i))
		p.row(adjustmentsCSV, &p.dept, a.Kind, a.Rule, points, count, a.Reason, a.Basis, date)
		w.member()
		w.open('{')
		w.strField("kind", a.Kind)
		w.numOmit("points", points)
		w.strOmit("rule", a.Rule)
		w.strOmit("reason", a.Reason)
		w.strOmit("basis", a.Basis)
		w.strOmit("date", date)
		w.stringsOmit("evidence", a.Evidence)
		w.numField("counted", count)
		w.close('}')
	}
	w.close(']')

	w.key("rectifications")
	w.open('[')
	for _, r := range card.Rectifications {
		if r == nil {
			continue
		}
		due, done, overdue := r.Due.String(), r.Done.String(), r.Overdue(opt.Today)
		p.row(rectificationsCSV, &p.dept, r.Issue, r.Action, r.Owner, due, r.Status, done, strconv.FormatBool(overdue))
		w.member()
		w.open('{')
		w.strField("issue", r.Issue)
		w.strOmit("action", r.Action)
		w.strOmit("owner", r.Owner)
		w.strOmit("due", due)
		w.strField("status", r.Status)
		w.strOmit("done", done)
		w.stringsOmit("evidence", r.Evidence)
		w.boolField("overdue", overdue)
		w.close('}')
	}
	w.close(']')

	p.result(md, d)
	w.close('}')
}

// result writes the department's row of departments.csv, its rows of dimensions.csv
// and the result of its entry in cycle.json.
func (p *part) result(md *model.Department, d *score.Department) {
	w, nums := &p.json, &p.nums
	total, bonus, penalty, veto := nums.cents(d.Total), nums.cents(d.Bonus), nums.cents(d.Penalty), nums.cents(d.VetoDeduct)
	indicatorScore := nums.cents(d.IndicatorScore)
	grade, rg, ro := d.Grade, rank(d.RankGroup), rank(d.RankOverall)
	if d.Draft {
		grade, rg, ro = "", "", ""
	}
	p.row(departmentsCSV, &p.dept, md.Name, d.Group, status(d.Draft), indicatorScore, bonus, penalty, veto,
		total, grade, rg, ro)

	w.key("result")
	w.open('{')
	w.numField("indicator_score", indicatorScore)
	w.key("dimensions")
	w.open('[')
	for _, dim := range d.Dimensions {
		if dim == nil || dim.Dimension == nil {
			continue
		}
		points, sc, share6 := nums.num(dim.Points), nums.cents(dim.Score), ""
		if !dim.Points.IsZero() {
			share6 = nums.share(dim.Rate)
		}
		p.row(dimensionsCSV, &p.dept, dim.ID, dim.Name, points, sc, share6)
		w.member()
		w.open('{')
		w.strField("id", dim.ID)
		w.numField("points", points)
		w.numField("score", sc)
		w.decOrNull("rate", dim.Rate, dim.Points.IsZero())
		w.close('}')
	}
	w.close(']')
	w.centsField("bonus_claimed", d.BonusClaimed)
	w.numField("bonus", bonus)
	w.centsField("penalty_claimed", d.PenaltyClaimed)
	w.numField("penalty", penalty)
	w.key("vetoes")
	w.open('[')
	for _, v := range d.Vetoes {
		if v != nil {
			w.member()
			w.str(v.ID)
		}
	}
	w.close(']')
	w.numField("veto_deduct", veto)
	w.numField("total", total)
	w.key("grade_by_score")
	w.nullable(d.GradeByScore, d.Draft)
	w.key("grade")
	w.nullable(d.Grade, d.Draft)
	w.boolField("veto_capped", d.VetoCapped)
	w.boolField("quota_demoted", d.QuotaDemoted)
	w.numField("rank_group", ranked(rg, d.Draft))
	w.numField("rank_overall", ranked(ro, d.Draft))
	w.close('}')
}

// nullable writes a grade, or null for none and for a draft.
func (w *jsonWriter) nullable(s string, draft bool) {
	if s == "" || draft {
		w.num("")
		return
	}
	w.str(s)
}

// ranked is a rank for cycle.json: "" (null) for none and for a draft.
func ranked(r string, draft bool) string {
	if draft {
		return ""
	}
	return r
}

// indicator writes a scored indicator's rows of indicators.csv and progress.csv and
// its entry in cycle.json.
func (p *part) indicator(d *score.Department, in *score.Indicator) {
	w, nums := &p.json, &p.nums
	p.ind.set(&p.dept, in.ID)
	t := textOf(in.Indicator, &p.scratch, nums)
	pending, share6 := in.Status == score.Pending, ""
	if !pending {
		share6 = nums.share(in.Fraction)
	}
	sc := nums.cents(in.Score)
	p.row(indicatorsCSV, &p.ind, in.Name, in.Dimension, in.Unit, in.Method, direction(in.Indicator),
		t.points, t.target, t.floor, t.actual, t.baseline, share6, sc, in.Status, in.Source, in.Assessor)

	w.member()
	w.open('{')
	w.definition(in.Indicator, &t)
	w.key("result")
	w.open('{')
	w.decOrNull("fraction", in.Fraction, pending)
	w.numField("score", sc)
	w.strField("status", in.Status)
	w.strField("derivation", in.Derivation)
	w.key("progress")
	w.open('[')
	for i := range in.Progress {
		cp := &in.Progress[i]
		expected := ""
		if cp.HasExpected {
			expected = p.expected(in.Indicator, &t, cp)
		}
		value, ok := lookup(t.progress, in.Indicator.Progress, cp.Period, cp.Value)
		if !ok {
			value = nums.num(cp.Value)
		}
		p.row(progressCSV, &p.ind, cp.Period, expected, value, cp.Status)
		w.member()
		w.open('{')
		w.strField("period", cp.Period)
		w.numField("expected", expected)
		w.numField("value", value)
		w.decField("fraction", cp.Fraction)
		w.strField("status", cp.Status)
		w.close('}')
	}
	w.close(']')
	w.close('}')
	w.close('}')
}

// expected is the text of a checkpoint's expected value: its milestone's or the
// target's when it is that very value, else formatted.
func (p *part) expected(in *model.Indicator, t *indicatorText, cp *score.Checkpoint) string {
	if s, ok := lookup(t.milestones, in.Milestones, cp.Period, cp.Expected); ok {
		return s
	}
	if in.Target != nil && same(*in.Target, cp.Expected) {
		return t.target
	}
	return p.nums.num(cp.Expected)
}

// definition writes the members of an indicator's entry before its result: its
// definition and inputs, absent ones left out.
func (w *jsonWriter) definition(in *model.Indicator, t *indicatorText) {
	w.strField("id", in.ID)
	w.strField("name", in.Name)
	w.strField("dimension", in.Dimension)
	w.strOmit("unit", in.Unit)
	w.boolField("common", in.Common)
	w.stringsOmit("groups", in.Groups)
	w.numField("points", t.points)
	w.strField("method", in.Method)
	w.strField("direction", direction(in))
	w.numOmit("target", t.target)
	w.numOmit("floor", t.floor)
	w.decOmit("lo", in.Lo)
	w.decOmit("cap", in.Cap)
	if len(in.Bands) > 0 {
		w.key("bands")
		w.open('[')
		for _, b := range in.Bands {
			w.member()
			w.open('[')
			w.member()
			w.dec(b.Threshold)
			w.member()
			w.dec(b.Fraction)
			w.close(']')
		}
		w.close(']')
	}
	w.decOmit("fail", in.Fail)
	w.decOmit("per", in.Per)
	w.decOmit("max_deduct", in.MaxDeduct)
	w.numOmit("actual", t.actual)
	if in.Achieved != nil {
		w.boolField("achieved", *in.Achieved)
	}
	w.decOmit("score", in.Score)
	w.strOmit("justification", in.Justification)
	w.numOmit("baseline", t.baseline)
	w.numbers("milestones", t.milestones)
	w.numbers("progress", t.progress)
	w.strOmit("source", in.Source)
	w.strOmit("assessor", in.Assessor)
	w.strOmit("definition", in.Definition)
	w.strOmit("limitations", in.Limitations)
	w.stringsOmit("evidence", in.Evidence)
	w.strOmit("note", in.Note)
	if in.Critical {
		w.boolField("critical", true)
	}
	if len(in.TargetChanges) > 0 {
		w.key("target_changes")
		w.open('[')
		for _, tc := range in.TargetChanges {
			w.member()
			w.open('{')
			w.decField("from", tc.From)
			w.decField("to", tc.To)
			w.strOmit("date", tc.Date.String())
			w.strOmit("reason", tc.Reason)
			w.strOmit("approved_by", tc.ApprovedBy)
			w.close('}')
		}
		w.close(']')
	}
	if sv := in.Survey; sv != nil {
		w.key("survey")
		w.open('{')
		if sv.Respondents != 0 {
			w.key("respondents")
			w.integer(sv.Respondents)
		}
		w.strOmit("method", sv.Method)
		w.strOmit("conducted_by", sv.ConductedBy)
		w.close('}')
	}
}

// numbers writes a map of period → number in period order, left out when empty.
func (w *jsonWriter) numbers(k string, list []keyText) {
	if len(list) == 0 {
		return
	}
	w.key(k)
	w.open('{')
	for _, e := range list {
		w.anyKey(e.key)
		w.num(e.text)
	}
	w.close('}')
}

// head writes cycle.json up to the opening of its list of departments: the format,
// the site, the day overdue counts from, the scheme and the groups.
func head(w *jsonWriter, ix *siteIndex, c *score.Cycle, opt Options) {
	w.open('{')
	w.strField("format", format)
	w.strField("cycle", c.ID)
	w.key("site")
	w.open('{')
	w.strField("title", ix.config.Title)
	w.strField("url", ix.config.BaseURL)
	w.strOmit("license", ix.config.OpenData.License)
	w.close('}')
	w.strOmit("as_of", opt.Today.String())
	w.key("scheme")
	scheme(w, c.Scheme)
	w.key("groups")
	w.open('[')
	for _, g := range ix.groups {
		w.member()
		w.open('{')
		w.strField("id", g.ID)
		w.strField("name", g.Name)
		w.boolField("ranked", g.Ranked)
		w.close('}')
	}
	w.close(']')
	w.key("departments")
	w.open('[')
}

// tail is the end of cycle.json after its departments; written says whether there
// are any.
func tail(written bool) []byte {
	w := jsonWriter{depth: 2, first: !written}
	w.close(']')
	w.close('}')
	return append(w.buf, '\n')
}

func scheme(w *jsonWriter, s *model.Scheme) {
	if s == nil {
		s = &model.Scheme{}
	}
	met, near := score.Thresholds(s)
	var scratch [2][]keyText
	var nums numText
	w.open('{')
	w.strField("title", s.Title)
	w.numField("total", s.Total.String())
	w.strOmit("targets_published", s.TargetsPublished.String())
	w.strOmit("results_published", s.ResultsPublished.String())
	w.key("periods")
	w.strings(s.Periods)
	w.numField("bonus_cap", exact(s.BonusCap))
	w.numField("penalty_cap", exact(s.PenaltyCap))
	w.key("status")
	w.open('{')
	w.numField("met", met.String())
	w.numField("near", near.String())
	w.close('}')
	w.key("dimensions")
	w.open('[')
	for _, d := range s.Dimensions {
		if d != nil {
			w.member()
			w.open('{')
			w.strField("id", d.ID)
			w.strField("name", d.Name)
			w.strOmit("description", d.Description)
			w.close('}')
		}
	}
	w.close(']')
	w.key("grades")
	w.open('[')
	for _, g := range s.Grades {
		if g != nil {
			w.member()
			w.open('{')
			w.strField("name", g.Name)
			w.numField("min", g.Min.String())
			w.numField("quota", exact(g.Quota))
			w.close('}')
		}
	}
	w.close(']')
	w.key("vetoes")
	w.open('[')
	for _, v := range s.Vetoes {
		if v != nil {
			w.member()
			w.open('{')
			w.strField("id", v.ID)
			w.strField("name", v.Name)
			w.strField("max_grade", v.MaxGrade)
			w.numField("deduct", v.Deduct.String())
			w.close('}')
		}
	}
	w.close(']')
	w.key("indicators")
	w.open('[')
	for _, in := range s.Indicators {
		if in != nil {
			t := textOf(in, &scratch, &nums)
			w.member()
			w.open('{')
			w.definition(in, &t)
			w.close('}')
		}
	}
	w.close(']')
	w.close('}')
}

// cycleJSON is cycle.json of one cycle, made in one piece.
func cycleJSON(ix *siteIndex, c *score.Cycle, opt Options) []byte {
	data, _ := recompute(ix, c, opt, false)
	return data
}

// recompute makes one cycle's cycle.json and, when rows is set, the rows of its CSV
// files as cells, as the written files hold them.
func recompute(ix *siteIndex, c *score.Cycle, opt Options, rows bool) ([]byte, []*table) {
	var w jsonWriter
	head(&w, ix, c, opt)
	p := &part{}
	p.reset(c.ID, true)
	p.json.buf = w.buf
	if rows {
		for _, s := range specs {
			p.tables = append(p.tables, &table{spec: s})
		}
	}
	depts := included(c, opt)
	for _, d := range depts {
		p.department(ix.dept(d.ID), d, opt)
	}
	return append(p.json.buf, tail(len(depts) > 0)...), p.tables
}
