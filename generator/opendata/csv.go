package opendata

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

const bom = "\ufeff"

// spec is one CSV file's layout: its columns (SPEC §9, in that order), which of them
// hold numbers, and how many leading columns name the thing a row is about.
type spec struct {
	name    string
	header  []string
	numbers map[string]bool
	key     int
}

func (s *spec) column(name string) int {
	for i, h := range s.header {
		if h == name {
			return i
		}
	}
	return -1
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

var (
	departmentsCSV = &spec{"departments.csv",
		[]string{"cycle", "department", "name", "group", "status", "indicator_score", "bonus", "penalty",
			"veto_deduct", "total", "grade", "rank_group", "rank_overall"},
		set("indicator_score", "bonus", "penalty", "veto_deduct", "total", "rank_group", "rank_overall"), 2}
	dimensionsCSV = &spec{"dimensions.csv",
		[]string{"cycle", "department", "dimension", "name", "points", "score", "rate"},
		set("points", "score", "rate"), 3}
	indicatorsCSV = &spec{"indicators.csv",
		[]string{"cycle", "department", "indicator", "name", "dimension", "unit", "method", "direction",
			"points", "target", "floor", "actual", "baseline", "fraction", "score", "status", "source", "assessor"},
		set("points", "target", "floor", "actual", "baseline", "fraction", "score"), 3}
	progressCSV = &spec{"progress.csv",
		[]string{"cycle", "department", "indicator", "period", "milestone", "value", "status"},
		set("milestone", "value"), 4}
	adjustmentsCSV = &spec{"adjustments.csv",
		[]string{"cycle", "department", "kind", "rule", "points", "counted", "reason", "basis", "date"},
		set("points", "counted"), 2}
	rectificationsCSV = &spec{"rectifications.csv",
		[]string{"cycle", "department", "issue", "action", "owner", "due", "status", "done", "overdue"},
		set(), 2}
)

// specs lists the CSV files in the order they are written.
var specs = []*spec{departmentsCSV, dimensionsCSV, indicatorsCSV, progressCSV, adjustmentsCSV, rectificationsCSV}

// table is a CSV file's rows, cells as they are written.
type table struct {
	spec *spec
	rows [][]string
}

// add appends a row, neutralising its text cells.
func (t *table) add(cells ...string) {
	for i, c := range cells {
		if !t.spec.numbers[t.spec.header[i]] {
			cells[i] = text(c)
		}
	}
	t.rows = append(t.rows, cells)
}

// encode writes the table: BOM, header, rows, CRLF line ends.
func (t *table) encode() []byte {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(t.spec.header)
	w.WriteAll(t.rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

// text keeps a spreadsheet from reading a cell as a formula (OWASP "CSV injection"):
// a leading =, +, -, @, tab or carriage return gets a single quote in front.
func text(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}

// exact writes an input as given; nil is an empty cell.
func exact(d *decimal.D) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// cents writes a score or a sum of scores with two decimals (7.20), or exactly when
// the value has more decimals than two (a bonus of 0.125 stays 0.125).
func cents(d decimal.D) string {
	if d.Round(2).Equal(d) {
		return d.Fixed(2)
	}
	return d.String()
}

// share writes a fraction or a rate rounded to 6 decimals.
func share(d decimal.D) string { return d.Fixed(6) }

func rank(r int) string {
	if r <= 0 {
		return ""
	}
	return strconv.Itoa(r)
}

func status(draft bool) string {
	if draft {
		return "draft"
	}
	return "final"
}

func direction(in *model.Indicator) string {
	if in.Direction == "" {
		return model.Higher
	}
	return in.Direction
}

// tables builds the rows of every CSV file of one cycle.
func tables(ix *siteIndex, c *score.Cycle, opt Options) []*table {
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
		depts.add(cy, d.ID, md.Name, d.Group, status(d.Draft), cents(d.IndicatorScore), cents(d.Bonus),
			cents(d.Penalty), cents(d.VetoDeduct), cents(d.Total), grade, rg, ro)

		for _, dim := range d.Dimensions {
			if dim == nil || dim.Dimension == nil {
				continue
			}
			rate := ""
			if !dim.Points.IsZero() {
				rate = share(dim.Rate)
			}
			dims.add(cy, d.ID, dim.ID, dim.Name, dim.Points.String(), cents(dim.Score), rate)
		}

		for _, in := range d.Indicators {
			if in == nil || in.Indicator == nil {
				continue
			}
			fraction := ""
			if in.Status != score.Pending {
				fraction = share(in.Fraction)
			}
			inds.add(cy, d.ID, in.ID, in.Name, in.Dimension, in.Unit, in.Method, direction(in.Indicator),
				in.Points.String(), exact(in.Target), exact(in.Floor), exact(in.Actual), exact(in.Baseline),
				fraction, cents(in.Score), in.Status, in.Source, in.Assessor)
			for _, cp := range in.Progress {
				milestone := ""
				if cp.HasExpected {
					milestone = cp.Expected.String()
				}
				prog.add(cy, d.ID, in.ID, cp.Period, milestone, cp.Value.String(), cp.Status)
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
			adjs.add(cy, d.ID, a.Kind, a.Rule, points, cents(counted(d, i)), a.Reason, a.Basis, a.Date.String())
		}

		for _, r := range d.Card.Rectifications {
			if r == nil {
				continue
			}
			rects.add(cy, d.ID, r.Issue, r.Action, r.Owner, r.Due.String(), r.Status, r.Done.String(),
				strconv.FormatBool(r.Overdue(opt.Today)))
		}
	}
	return []*table{depts, dims, inds, prog, adjs, rects}
}

// counted is the points adjustment i counts for after the caps (a veto: its deduction).
func counted(d *score.Department, i int) decimal.D {
	if i < len(d.Counted) {
		return d.Counted[i]
	}
	return decimal.D{}
}
