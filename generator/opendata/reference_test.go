package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// The reference writer of cycle.json: the document built as values of the document
// types and encoded by encoding/json, as cycle.json was first written. The writer in
// cycle.go must give the very same bytes; the tests compare the two.

func numOf(d decimal.D) num { return num(d.String()) }

func numPtr(d *decimal.D) num {
	if d == nil {
		return ""
	}
	return num(d.String())
}

func centsOf(d decimal.D) num { return num(referenceCents(d)) }

// marshal writes a document with two-space indents and a final newline.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		// Only a num holding something other than a number fails, and the writer
		// never makes one; fail loudly rather than publish a broken file.
		panic("opendata: " + err.Error())
	}
	return b.Bytes()
}

// referenceJSON is marshal(document(…)) made one department at a time.
func referenceJSON(ix *siteIndex, c *score.Cycle, opt Options) []byte {
	doc := document(ix, &score.Cycle{ID: c.ID, Scheme: c.Scheme}, opt) // no departments
	head := marshal(doc)
	const empty = "\"departments\": []\n}\n"
	if !bytes.HasSuffix(head, []byte(empty)) {
		panic("opendata: cycle.json does not end with its departments")
	}
	head = head[:len(head)-len(empty)+len("\"departments\": [")]
	var parts [][]byte
	size := len(head) + len("\n  ]\n}\n")
	for _, d := range included(c, opt) {
		// Inside the array an element is indented by two levels, as the encoder does.
		part, err := json.MarshalIndent(deptOf(ix.dept(d.ID), d, opt), "    ", "  ")
		if err != nil {
			panic("opendata: " + err.Error())
		}
		parts = append(parts, part)
		size += len(",\n    ") + len(part)
	}
	if len(parts) == 0 {
		return marshal(doc)
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	for i, part := range parts {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    "...)
		out = append(out, part...)
	}
	return append(out, "\n  ]\n}\n"...)
}

// document builds cycle.json of one cycle.
func document(ix *siteIndex, c *score.Cycle, opt Options) *cycleDoc {
	doc := &cycleDoc{
		Format: format,
		Cycle:  c.ID,
		Site:   siteDoc{Title: ix.config.Title, URL: ix.config.BaseURL, License: ix.config.OpenData.License},
		AsOf:   opt.Today.String(),
		Scheme: schemeOf(c.Scheme),
		Groups: []groupDoc{},
	}
	for _, g := range ix.groups {
		doc.Groups = append(doc.Groups, groupDoc{ID: g.ID, Name: g.Name, Ranked: g.Ranked})
	}
	doc.Departments = []deptDoc{}
	for _, d := range included(c, opt) {
		doc.Departments = append(doc.Departments, deptOf(ix.dept(d.ID), d, opt))
	}
	return doc
}

func schemeOf(s *model.Scheme) schemeDoc {
	if s == nil {
		s = &model.Scheme{}
	}
	met, near := score.Thresholds(s)
	doc := schemeDoc{
		Title:            s.Title,
		Total:            numOf(s.Total),
		TargetsPublished: s.TargetsPublished.String(),
		ResultsPublished: s.ResultsPublished.String(),
		Periods:          append([]string{}, s.Periods...),
		BonusCap:         numPtr(s.BonusCap),
		PenaltyCap:       numPtr(s.PenaltyCap),
		Status:           statusDoc{Met: numOf(met), Near: numOf(near)},
		Dimensions:       []dimensionDoc{},
		Grades:           []gradeDoc{},
		Vetoes:           []vetoDoc{},
		Indicators:       []indicatorDoc{},
	}
	for _, d := range s.Dimensions {
		if d != nil {
			doc.Dimensions = append(doc.Dimensions, dimensionDoc{ID: d.ID, Name: d.Name, Description: d.Description})
		}
	}
	for _, g := range s.Grades {
		if g != nil {
			doc.Grades = append(doc.Grades, gradeDoc{Name: g.Name, Min: numOf(g.Min), Quota: numPtr(g.Quota)})
		}
	}
	for _, v := range s.Vetoes {
		if v != nil {
			doc.Vetoes = append(doc.Vetoes, vetoDoc{ID: v.ID, Name: v.Name, MaxGrade: v.MaxGrade, Deduct: numOf(v.Deduct)})
		}
	}
	for _, in := range s.Indicators {
		if in != nil {
			doc.Indicators = append(doc.Indicators, indicatorOf(in))
		}
	}
	return doc
}

// indicatorOf writes an indicator's definition and inputs.
func indicatorOf(in *model.Indicator) indicatorDoc {
	doc := indicatorDoc{
		ID: in.ID, Name: in.Name, Dimension: in.Dimension, Unit: in.Unit, Common: in.Common,
		Groups: in.Groups, Points: numOf(in.Points), Method: in.Method, Direction: direction(in),
		Target: numPtr(in.Target), Floor: numPtr(in.Floor), Lo: numPtr(in.Lo), Cap: numPtr(in.Cap),
		Fail: numPtr(in.Fail), Per: numPtr(in.Per), MaxDeduct: numPtr(in.MaxDeduct),
		Actual: numPtr(in.Actual), Achieved: in.Achieved, Score: numPtr(in.Score),
		Justification: in.Justification, Baseline: numPtr(in.Baseline),
		Milestones: numMap(in.Milestones), Progress: numMap(in.Progress),
		Source: in.Source, Assessor: in.Assessor, Definition: in.Definition, Limitations: in.Limitations,
		Evidence: in.Evidence, Note: in.Note, Critical: in.Critical,
	}
	for _, b := range in.Bands {
		doc.Bands = append(doc.Bands, []num{numOf(b.Threshold), numOf(b.Fraction)})
	}
	for _, tc := range in.TargetChanges {
		doc.TargetChanges = append(doc.TargetChanges, targetChangeDoc{
			From: numOf(tc.From), To: numOf(tc.To), Date: tc.Date.String(), Reason: tc.Reason, ApprovedBy: tc.ApprovedBy,
		})
	}
	if in.Survey != nil {
		doc.Survey = &surveyDoc{Respondents: in.Survey.Respondents, Method: in.Survey.Method, ConductedBy: in.Survey.ConductedBy}
	}
	return doc
}

func numMap(l model.PeriodValues) map[string]num {
	if len(l) == 0 {
		return nil
	}
	out := make(map[string]num, len(l))
	for _, e := range l {
		out[e.Period] = numOf(e.Value) // encoding/json writes map keys sorted
	}
	return out
}

// deptOf writes one department's inputs and results.
func deptOf(md *model.Department, d *score.Department, opt Options) deptDoc {
	card := d.Card
	doc := deptDoc{
		ID: d.ID, Name: md.Name, ShortName: md.ShortName, Group: d.Group, Website: md.Website,
		Description: md.Description, Status: status(d.Draft), Evaluated: card.Evaluated.String(),
		Indicators: []indicatorDoc{}, Adjustments: []adjustmentDoc{}, Rectifications: []rectificationDoc{},
	}
	for _, in := range d.Indicators {
		if in == nil || in.Indicator == nil {
			continue
		}
		id := indicatorOf(in.Indicator)
		res := &indicatorResult{Score: centsOf(in.Score), Status: in.Status, Derivation: in.Derivation, Progress: []checkpointDoc{}}
		if in.Status != score.Pending {
			res.Fraction = numOf(in.Fraction)
		}
		for _, cp := range in.Progress {
			c := checkpointDoc{Period: cp.Period, Value: numOf(cp.Value), Fraction: numOf(cp.Fraction), Status: cp.Status}
			if cp.HasExpected {
				c.Expected = numOf(cp.Expected)
			}
			res.Progress = append(res.Progress, c)
		}
		id.Result = res
		doc.Indicators = append(doc.Indicators, id)
	}
	for i, a := range card.Adjustments {
		if a == nil {
			continue
		}
		ad := adjustmentDoc{Kind: a.Kind, Rule: a.Rule, Reason: a.Reason, Basis: a.Basis, Date: a.Date.String(),
			Evidence: a.Evidence, Counted: centsOf(counted(d, i))}
		if a.Kind != model.VetoAdj {
			ad.Points = numOf(a.Points)
		}
		doc.Adjustments = append(doc.Adjustments, ad)
	}
	for _, r := range card.Rectifications {
		if r == nil {
			continue
		}
		doc.Rectifications = append(doc.Rectifications, rectificationDoc{
			Issue: r.Issue, Action: r.Action, Owner: r.Owner, Due: r.Due.String(), Status: r.Status,
			Done: r.Done.String(), Evidence: r.Evidence, Overdue: r.Overdue(opt.Today),
		})
	}
	res := deptResult{
		IndicatorScore: centsOf(d.IndicatorScore), Dimensions: []dimensionRes{},
		BonusClaimed: centsOf(d.BonusClaimed), Bonus: centsOf(d.Bonus),
		PenaltyClaimed: centsOf(d.PenaltyClaimed), Penalty: centsOf(d.Penalty),
		Vetoes: []string{}, VetoDeduct: centsOf(d.VetoDeduct), Total: centsOf(d.Total),
		VetoCapped: d.VetoCapped, QuotaDemoted: d.QuotaDemoted,
	}
	for _, dim := range d.Dimensions {
		if dim == nil || dim.Dimension == nil {
			continue
		}
		dr := dimensionRes{ID: dim.ID, Points: numOf(dim.Points), Score: centsOf(dim.Score)}
		if !dim.Points.IsZero() {
			dr.Rate = numOf(dim.Rate)
		}
		res.Dimensions = append(res.Dimensions, dr)
	}
	for _, v := range d.Vetoes {
		if v != nil {
			res.Vetoes = append(res.Vetoes, v.ID)
		}
	}
	if !d.Draft {
		res.Grade = strPtr(d.Grade)
		res.GradeByScore = strPtr(d.GradeByScore)
		res.RankGroup = intPtr(d.RankGroup)
		res.RankOverall = intPtr(d.RankOverall)
	}
	doc.Result = res
	return doc
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func intPtr(i int) *int {
	if i <= 0 {
		return nil
	}
	return &i
}

// referenceTables builds the rows of every CSV file of one cycle, as the CSV files
// were first made: every row a slice of cells, text cells neutralised.
func referenceTables(ix *siteIndex, c *score.Cycle, opt Options) []*table {
	depts, dims, inds, prog, adjs, rects :=
		&table{spec: departmentsCSV}, &table{spec: dimensionsCSV}, &table{spec: indicatorsCSV},
		&table{spec: progressCSV}, &table{spec: adjustmentsCSV}, &table{spec: rectificationsCSV}
	cy := c.ID
	for _, d := range included(c, opt) {
		md := ix.dept(d.ID)
		grade, rg, ro := d.Grade, rank(d.RankGroup), rank(d.RankOverall)
		if d.Draft {
			grade, rg, ro = "", "", ""
		}
		referenceAdd(depts, cy, d.ID, md.Name, d.Group, status(d.Draft), referenceCents(d.IndicatorScore), referenceCents(d.Bonus),
			referenceCents(d.Penalty), referenceCents(d.VetoDeduct), referenceCents(d.Total), grade, rg, ro)

		for _, dim := range d.Dimensions {
			if dim == nil || dim.Dimension == nil {
				continue
			}
			rate := ""
			if !dim.Points.IsZero() {
				rate = share(dim.Rate)
			}
			referenceAdd(dims, cy, d.ID, dim.ID, dim.Name, dim.Points.String(), referenceCents(dim.Score), rate)
		}

		for _, in := range d.Indicators {
			if in == nil || in.Indicator == nil {
				continue
			}
			fraction := ""
			if in.Status != score.Pending {
				fraction = share(in.Fraction)
			}
			referenceAdd(inds, cy, d.ID, in.ID, in.Name, in.Dimension, in.Unit, in.Method, direction(in.Indicator),
				in.Points.String(), exact(in.Target), exact(in.Floor), exact(in.Actual), exact(in.Baseline),
				fraction, referenceCents(in.Score), in.Status, in.Source, in.Assessor)
			for _, cp := range in.Progress {
				milestone := ""
				if cp.HasExpected {
					milestone = cp.Expected.String()
				}
				referenceAdd(prog, cy, d.ID, in.ID, cp.Period, milestone, cp.Value.String(), cp.Status)
			}
		}

		for i, a := range d.Card.Adjustments {
			if a == nil {
				continue
			}
			points := ""
			if a.Kind != model.VetoAdj {
				points = a.Points.String()
			}
			referenceAdd(adjs, cy, d.ID, a.Kind, a.Rule, points, referenceCents(counted(d, i)), a.Reason, a.Basis, a.Date.String())
		}

		for _, r := range d.Card.Rectifications {
			if r == nil {
				continue
			}
			referenceAdd(rects, cy, d.ID, r.Issue, r.Action, r.Owner, r.Due.String(), r.Status, r.Done.String(),
				strconv.FormatBool(r.Overdue(opt.Today)))
		}
	}
	return []*table{depts, dims, inds, prog, adjs, rects}
}

// referenceAdd appends a row to t, neutralising its text cells.
func referenceAdd(t *table, cells ...string) {
	for i, c := range cells {
		if !t.spec.numbers[t.spec.header[i]] {
			cells[i] = text(c)
		}
	}
	t.rows = append(t.rows, cells)
}

// referenceCSV encodes a table with encoding/csv: BOM, header, rows, CRLF line ends.
func referenceCSV(t *table) []byte {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(t.spec.header)
	w.WriteAll(t.rows)
	return b.Bytes()
}

// referenceCents is cents by its definition: two decimals when rounding to two
// changes nothing, else the exact digits.
func referenceCents(d decimal.D) string {
	if d.Round(2).Equal(d) {
		return d.Fixed(2)
	}
	return d.String()
}

// referenceFiles is the folder of one cycle as the reference writers make it.
func referenceFiles(ix *siteIndex, c *score.Cycle, opt Options) map[string][]byte {
	out := map[string][]byte{}
	for _, t := range referenceTables(ix, c, opt) {
		out["data/"+c.ID+"/"+t.spec.name] = referenceCSV(t)
	}
	out["data/"+c.ID+"/cycle.json"] = marshal(document(ix, c, opt))
	return out
}
