// Package report prints validation and scoring results for the terminal and as the
// JSON of `perfsite check --format json` (SPEC §10).
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// Problem is one diagnostic in the JSON report.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

type jsonReport struct {
	Errors   []Problem   `json:"errors"`
	Warnings []Problem   `json:"warnings"`
	Cycles   []jsonCycle `json:"cycles"`
}

type jsonCycle struct {
	ID          string     `json:"id"`
	Departments []jsonDept `json:"departments"`
}

type jsonDept struct {
	ID          string          `json:"id"`
	Status      string          `json:"status"`
	Total       json.RawMessage `json:"total"`
	Grade       *string         `json:"grade"`
	RankGroup   *int            `json:"rank_group"`
	RankOverall *int            `json:"rank_overall"`
	Dimensions  []jsonScore     `json:"dimensions"`
	Indicators  []jsonIndicator `json:"indicators"`
}

type jsonScore struct {
	ID    string          `json:"id"`
	Score json.RawMessage `json:"score"`
}

type jsonIndicator struct {
	ID     string          `json:"id"`
	Score  json.RawMessage `json:"score"`
	Status string          `json:"status"`
}

// Money is a published score as a JSON number with its two decimals ("7.20").
func Money(d decimal.D) json.RawMessage { return json.RawMessage(d.Fixed(2)) }

func problems(ds []diag.Diagnostic) []Problem {
	out := []Problem{}
	for _, d := range ds {
		out = append(out, Problem{File: d.File, Line: d.Line, Col: d.Col, Message: d.Message})
	}
	return out
}

// JSON writes the check report. r may be nil when the files could not be scored.
func JSON(w io.Writer, diags *diag.List, r *score.Result) error {
	rep := jsonReport{Errors: problems(diags.Errors()), Warnings: problems(diags.Warnings()), Cycles: []jsonCycle{}}
	if r != nil {
		for _, c := range r.Cycles {
			jc := jsonCycle{ID: c.ID, Departments: []jsonDept{}}
			for _, d := range c.Departments {
				jd := jsonDept{ID: d.ID, Status: "final", Total: Money(d.Total), Dimensions: []jsonScore{}, Indicators: []jsonIndicator{}}
				if d.Draft {
					jd.Status = "draft"
				} else {
					g := d.Grade
					jd.Grade = &g
				}
				if d.RankGroup > 0 {
					rg, ro := d.RankGroup, d.RankOverall
					jd.RankGroup, jd.RankOverall = &rg, &ro
				}
				for _, dim := range d.Dimensions {
					jd.Dimensions = append(jd.Dimensions, jsonScore{ID: dim.ID, Score: Money(dim.Score)})
				}
				for _, in := range d.Indicators {
					jd.Indicators = append(jd.Indicators, jsonIndicator{ID: in.ID, Score: Money(in.Score), Status: in.Status})
				}
				jc.Departments = append(jc.Departments, jd)
			}
			rep.Cycles = append(rep.Cycles, jc)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Diagnostics prints every problem, one per line, errors and warnings in file order.
func Diagnostics(w io.Writer, diags *diag.List) {
	for _, d := range diags.Items() {
		fmt.Fprintln(w, d)
	}
}

// Summary is the one-paragraph result of `perfsite check`.
func Summary(w io.Writer, s *model.Site, r *score.Result, diags *diag.List) {
	ne, nw := len(diags.Errors()), len(diags.Warnings())
	if ne > 0 {
		fmt.Fprintf(w, "%s, %s: nothing can be published until the errors are fixed.\n", plural(ne, "error"), plural(nw, "warning"))
		return
	}
	cards, indicators, drafts := 0, 0, 0
	if r != nil {
		for _, c := range r.Cycles {
			for _, d := range c.Departments {
				cards++
				indicators += len(d.Indicators)
				if d.Draft {
					drafts++
				}
			}
		}
	}
	fmt.Fprintf(w, "ok: %s, %s, %s (%d draft), %s scored; %s.\n",
		plural(len(s.Cycles), "cycle"), plural(len(s.Departments), "department"),
		plural(cards, "scorecard"), drafts, plural(indicators, "indicator"), plural(nw, "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Width is the number of terminal columns s takes: East Asian wide characters take two.
func Width(s string) int {
	n := 0
	for _, r := range s {
		if isWide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x20000 && r <= 0x3fffd))
}

// pad fills s with spaces to width columns; right aligns numbers.
func pad(s string, width int, right bool) string {
	gap := width - Width(s)
	if gap <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", gap) + s
	}
	return s + strings.Repeat(" ", gap)
}

// table prints rows with columns aligned; right[i] right-aligns column i.
func table(w io.Writer, rows [][]string, right []bool) {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			if n := Width(c); n > widths[i] {
				widths[i] = n
			}
		}
	}
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = pad(c, widths[i], i < len(right) && right[i])
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(cells, "  "), " "))
	}
}

// Ranking prints, for each cycle (or only cycleID), the departments by total with grade
// and ranks; with department set, only that department. With explain, each department
// is followed by the derivation of every score, adding up to its total.
func Ranking(w io.Writer, s *model.Site, r *score.Result, cycleID, department string, explain bool) error {
	names := map[string]*model.Department{}
	for _, d := range s.Departments {
		names[d.ID] = d
	}
	groups := map[string]*model.Group{}
	for _, g := range s.Groups {
		groups[g.ID] = g
	}
	found := false
	for _, c := range r.Cycles {
		if cycleID != "" && c.ID != cycleID {
			continue
		}
		deps := ordered(c.Departments)
		rows := [][]string{{"rank", "overall", "department", "group", "total", "grade", ""}}
		var shown []*score.Department
		for _, d := range deps {
			if department != "" && d.ID != department {
				continue
			}
			shown = append(shown, d)
			name := d.ID
			if m := names[d.ID]; m != nil {
				name = m.Name + " (" + d.ID + ")"
			}
			gname := d.Group
			if g := groups[d.Group]; g != nil {
				gname = g.Name
			}
			rows = append(rows, []string{rank(d.RankGroup), rank(d.RankOverall), name, gname, d.Total.Fixed(2), gradeText(d), notes(d)})
		}
		if len(shown) == 0 {
			continue
		}
		found = true
		title := c.ID
		if c.Scheme != nil && c.Scheme.Title != "" {
			title = c.Scheme.Title + " (" + c.ID + ")"
		}
		fmt.Fprintf(w, "%s\n\n", title)
		table(w, rows, []bool{true, true, false, false, true, false, false})
		fmt.Fprintln(w)
		if explain {
			for _, d := range shown {
				Explain(w, names[d.ID], d)
			}
		}
	}
	if !found {
		switch {
		case department != "" && cycleID != "":
			return fmt.Errorf("no scorecard for department %q in cycle %q", department, cycleID)
		case department != "":
			return fmt.Errorf("no scorecard for department %q", department)
		case cycleID != "":
			return fmt.Errorf("no cycle %q (the folders under data/ name the cycles)", cycleID)
		}
	}
	return nil
}

// ordered lists final scorecards by overall rank (then group rank, total, id) and drafts last.
func ordered(ds []*score.Department) []*score.Department {
	out := append([]*score.Department(nil), ds...)
	key := func(d *score.Department) (int, int) {
		switch {
		case d.Draft:
			return 2, 0
		case d.RankOverall == 0:
			return 1, 0
		}
		return 0, d.RankOverall
	}
	less := func(a, b *score.Department) bool {
		ka, ra := key(a)
		kb, rb := key(b)
		if ka != kb {
			return ka < kb
		}
		if ra != rb {
			return ra < rb
		}
		if c := a.Total.Cmp(b.Total); c != 0 {
			return c > 0
		}
		return a.ID < b.ID
	}
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func rank(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprint(n)
}

func gradeText(d *score.Department) string {
	if d.Draft {
		return "(draft)"
	}
	return d.Grade
}

func notes(d *score.Department) string {
	var n []string
	if d.VetoCapped {
		n = append(n, "veto caps grade")
	}
	if d.QuotaDemoted {
		n = append(n, "quota: was "+d.GradeByScore)
	}
	if !d.Ranked && !d.Draft {
		n = append(n, "not ranked")
	}
	return strings.Join(n, "; ")
}

// Explain prints how one department's total is derived.
func Explain(w io.Writer, m *model.Department, d *score.Department) {
	name := d.ID
	if m != nil {
		name = m.Name + " (" + d.ID + ")"
	}
	fmt.Fprintf(w, "%s\n", name)
	for _, dim := range d.Dimensions {
		if dim.Points.IsZero() {
			continue
		}
		fmt.Fprintf(w, "  %s %s: %s of %s points\n", dim.ID, dim.Name, dim.Score.Fixed(2), dim.Points.String())
		for _, in := range d.Indicators {
			if in.Dimension != dim.ID {
				continue
			}
			fmt.Fprintf(w, "    %-8s %s [%s] %s\n", in.Score.Fixed(2), in.Name, in.Method, in.Derivation)
		}
	}
	fmt.Fprintf(w, "  indicators      %8s\n", d.IndicatorScore.Fixed(2))
	if !d.BonusClaimed.IsZero() {
		fmt.Fprintf(w, "  + bonus         %8s%s\n", d.Bonus.Fixed(2), capped(d.BonusClaimed, d.Bonus))
	}
	if !d.PenaltyClaimed.IsZero() {
		fmt.Fprintf(w, "  - penalty       %8s%s\n", d.Penalty.Fixed(2), capped(d.PenaltyClaimed, d.Penalty))
	}
	for _, v := range d.Vetoes {
		fmt.Fprintf(w, "  - veto          %8s  %s (best grade %s)\n", v.Deduct.Fixed(2), v.Name, v.MaxGrade)
	}
	fmt.Fprintf(w, "  = total         %8s", d.Total.Fixed(2))
	if sum := d.IndicatorScore.Add(d.Bonus).Sub(d.Penalty).Sub(d.VetoDeduct); sum.Sign() < 0 {
		fmt.Fprint(w, "  (never below 0)")
	}
	fmt.Fprintln(w)
	if !d.Draft {
		fmt.Fprintf(w, "  grade %s", d.Grade)
		if d.GradeByScore != d.Grade {
			fmt.Fprintf(w, " (by score %s)", d.GradeByScore)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func capped(claimed, counted decimal.D) string {
	if claimed.Equal(counted) {
		return ""
	}
	return fmt.Sprintf("  (%s claimed, capped)", claimed.String())
}
