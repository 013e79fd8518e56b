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
	w.strField(kID, d.ID)
	w.strField(kName, md.Name)
	w.strOmit(kShortName, md.ShortName)
	w.strField(kGroup, d.Group)
	w.strOmit(kWebsite, md.Website)
	w.strOmit(kDescription, md.Description)
	w.strField(kStatus, status(d.Draft))
	w.strOmit(kEvaluated, card.Evaluated.String())

	w.key(kIndicators)
	w.open('[')
	for _, in := range d.Indicators {
		if in != nil && in.Indicator != nil {
			p.indicator(d, in)
		}
	}
	w.close(']')

	w.key(kAdjustments)
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
		w.strField(kKind, a.Kind)
		w.numOmit(kPoints, points)
		w.strOmit(kRule, a.Rule)
		w.strOmit(kReason, a.Reason)
		w.strOmit(kBasis, a.Basis)
		w.strOmit(kDate, date)
		w.stringsOmit(kEvidence, a.Evidence)
		w.numField(kCounted, count)
		w.close('}')
	}
	w.close(']')

	w.key(kRectifications)
	w.open('[')
	for _, r := range card.Rectifications {
		if r == nil {
			continue
		}
		due, done, overdue := r.Due.String(), r.Done.String(), r.Overdue(opt.Today)
		p.row(rectificationsCSV, &p.dept, r.Issue, r.Action, r.Owner, due, r.Status, done, strconv.FormatBool(overdue))
		w.member()
		w.open('{')
		w.strField(kIssue, r.Issue)
		w.strOmit(kAction, r.Action)
		w.strOmit(kOwner, r.Owner)
		w.strOmit(kDue, due)
		w.strField(kStatus, r.Status)
		w.strOmit(kDone, done)
		w.stringsOmit(kEvidence, r.Evidence)
		w.boolField(kOverdue, overdue)
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

	w.key(kResult)
	w.open('{')
	w.numField(kIndicatorScore, indicatorScore)
	w.key(kDimensions)
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
		w.strField(kID, dim.ID)
		w.numField(kPoints, points)
		w.numField(kScore, sc)
		w.decOrNull(kRate, dim.Rate, dim.Points.IsZero())
		w.close('}')
	}
	w.close(']')
	w.centsField(kBonusClaimed, d.BonusClaimed)
	w.numField(kBonus, bonus)
	w.centsField(kPenaltyClaimed, d.PenaltyClaimed)
	w.numField(kPenalty, penalty)
	w.key(kVetoes)
	w.open('[')
	for _, v := range d.Vetoes {
		if v != nil {
			w.member()
			w.str(v.ID)
		}
	}
	w.close(']')
	w.numField(kVetoDeduct, veto)
	w.numField(kTotal, total)
	w.key(kGradeByScore)
	w.nullable(d.GradeByScore, d.Draft)
	w.key(kGrade)
	w.nullable(d.Grade, d.Draft)
	w.boolField(kVetoCapped, d.VetoCapped)
	w.boolField(kQuotaDemoted, d.QuotaDemoted)
	w.numField(kRankGroup, ranked(rg, d.Draft))
	w.numField(kRankOverall, ranked(ro, d.Draft))
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
	w.key(kResult)
	w.open('{')
	w.decOrNull(kFraction, in.Fraction, pending)
	w.numField(kScore, sc)
	w.strField(kStatus, in.Status)
	w.strField(kDerivation, in.Derivation)
	w.key(kProgress)
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
		w.strField(kPeriod, cp.Period)
		w.numField(kExpected, expected)
		w.numField(kValue, value)
		w.decField(kFraction, cp.Fraction)
		w.strField(kStatus, cp.Status)
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
	w.strField(kID, in.ID)
	w.strField(kName, in.Name)
	w.strField(kDimension, in.Dimension)
	w.strOmit(kUnit, in.Unit)
	w.boolField(kCommon, in.Common)
	w.stringsOmit(kGroups, in.Groups)
	w.numField(kPoints, t.points)
	w.strField(kMethod, in.Method)
	w.strField(kDirection, direction(in))
	w.numOmit(kTarget, t.target)
	w.numOmit(kFloor, t.floor)
	w.decOmit(kLo, in.Lo)
	w.decOmit(kCap, in.Cap)
	if len(in.Bands) > 0 {
		w.key(kBands)
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
	w.decOmit(kFail, in.Fail)
	w.decOmit(kPer, in.Per)
	w.decOmit(kMaxDeduct, in.MaxDeduct)
	w.numOmit(kActual, t.actual)
	if in.Achieved != nil {
		w.boolField(kAchieved, *in.Achieved)
	}
	w.decOmit(kScore, in.Score)
	w.strOmit(kJustification, in.Justification)
	w.numOmit(kBaseline, t.baseline)
	w.numbers(kMilestones, t.milestones)
	w.numbers(kProgress, t.progress)
	w.strOmit(kSource, in.Source)
	w.strOmit(kAssessor, in.Assessor)
	w.strOmit(kDefinition, in.Definition)
	w.strOmit(kLimitations, in.Limitations)
	w.stringsOmit(kEvidence, in.Evidence)
	w.strOmit(kNote, in.Note)
	if in.Critical {
		w.boolField(kCritical, true)
	}
	if len(in.TargetChanges) > 0 {
		w.key(kTargetChanges)
		w.open('[')
		for _, tc := range in.TargetChanges {
			w.member()
			w.open('{')
			w.decField(kFrom, tc.From)
			w.decField(kTo, tc.To)
			w.strOmit(kDate, tc.Date.String())
			w.strOmit(kReason, tc.Reason)
			w.strOmit(kApprovedBy, tc.ApprovedBy)
			w.close('}')
		}
		w.close(']')
	}
	if sv := in.Survey; sv != nil {
		w.key(kSurvey)
		w.open('{')
		if sv.Respondents != 0 {
			w.key(kRespondents)
			w.integer(sv.Respondents)
		}
		w.strOmit(kMethod, sv.Method)
		w.strOmit(kConductedBy, sv.ConductedBy)
		w.close('}')
	}
}

// numbers writes a map of period → number in period order, left out when empty.
func (w *jsonWriter) numbers(k *key, list []keyText) {
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
	w.strField(kFormat, format)
	w.strField(kCycle, c.ID)
	w.key(kSite)
	w.open('{')
	w.strField(kTitle, ix.config.Title)
	w.strField(kURL, ix.config.BaseURL)
	w.strOmit(kLicense, ix.config.OpenData.License)
	w.close('}')
	w.strOmit(kAsOf, opt.Today.String())
	w.key(kScheme)
	scheme(w, c.Scheme)
	w.key(kGroups)
	w.open('[')
	for _, g := range ix.groups {
		w.member()
		w.open('{')
		w.strField(kID, g.ID)
		w.strField(kName, g.Name)
		w.boolField(kRanked, g.Ranked)
		w.close('}')
	}
	w.close(']')
	w.key(kDepartments)
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
	w.strField(kTitle, s.Title)
	w.numField(kTotal, s.Total.String())
	w.strOmit(kTargetsPublished, s.TargetsPublished.String())
	w.strOmit(kResultsPublished, s.ResultsPublished.String())
	w.key(kPeriods)
	w.strings(s.Periods)
	w.numField(kBonusCap, exact(s.BonusCap))
	w.numField(kPenaltyCap, exact(s.PenaltyCap))
	w.key(kStatus)
	w.open('{')
	w.numField(kMet, met.String())
	w.numField(kNear, near.String())
	w.close('}')
	w.key(kDimensions)
	w.open('[')
	for _, d := range s.Dimensions {
		if d != nil {
			w.member()
			w.open('{')
			w.strField(kID, d.ID)
			w.strField(kName, d.Name)
			w.strOmit(kDescription, d.Description)
			w.close('}')
		}
	}
	w.close(']')
	w.key(kGrades)
	w.open('[')
	for _, g := range s.Grades {
		if g != nil {
			w.member()
			w.open('{')
			w.strField(kName, g.Name)
			w.numField(kMin, g.Min.String())
			w.numField(kQuota, exact(g.Quota))
			w.close('}')
		}
	}
	w.close(']')
	w.key(kVetoes)
	w.open('[')
	for _, v := range s.Vetoes {
		if v != nil {
			w.member()
			w.open('{')
			w.strField(kID, v.ID)
			w.strField(kName, v.Name)
			w.strField(kMaxGrade, v.MaxGrade)
			w.numField(kDeduct, v.Deduct.String())
			w.close('}')
		}
	}
	w.close(']')
	w.key(kIndicators)
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
