package opendata

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// Problem is one disagreement found by Verify.
type Problem struct {
	File    string // relative to the checked folder, forward slashes: "data/2024/departments.csv"
	Line    int    // 0 when it is about the whole file
	Message string
}

// String is "data/2024/departments.csv:7: total is 88.10 but its parts add up to 88.20".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// Verify checks the open data of a built site (dir is its root, such as public/):
// that every data file matches data/SHA256SUMS and is listed there, and that every
// published figure — each indicator's fraction, score and status, each dimension
// score, bonus, penalty, veto deduction, total, grade and rank, in the CSV files and
// in cycle.json — is what recomputing from the inputs in cycle.json gives, and adds
// up from its published parts. It returns every problem found, sorted by file and
// line; none means the site checks out. Malformed files are reported, never a panic.
func Verify(dir string) []Problem {
	v := &verifier{root: dir}
	v.checksums()
	entries, err := os.ReadDir(filepath.Join(dir, "data"))
	if err != nil {
		v.add("data", 0, "cannot be read (%v); point verify at a built site, such as public/", errText(err))
	}
	for _, e := range entries {
		if e.IsDir() {
			v.cycle(e.Name())
		}
	}
	sort.SliceStable(v.problems, func(i, j int) bool {
		a, b := v.problems[i], v.problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return v.problems
}

type verifier struct {
	root     string
	problems []Problem
}

func (v *verifier) add(file string, line int, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// errText is an error without the path the problem already names.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}

// cycle checks one cycle folder. cycle.json comes first, and the CSV files are read
// only once its recomputed figures are left behind but for the rows they fill.
func (v *verifier) cycle(id string) {
	var tables []*table
	v.guard(id, func() { tables = v.cycleJSON(id) })
	// The recomputed cycle is garbage now. Collected here, while little is live, the
	// heap stays near what recomputing needed; left to itself, the collector would
	// let it grow to twice the heap it last found live, which was recomputing's.
	runtime.GC()
	v.guard(id, func() {
		pub := map[*spec]*readTable{}
		for _, s := range specs {
			pub[s] = v.readTable("data/"+id+"/"+s.name, s)
		}
		v.consistency(pub)
		for _, t := range tables {
			if !sameRows(pub[t.spec], t) {
				v.compareTable(pub[t.spec], t)
			}
		}
	})
}

// guard runs check, reporting a panic as a problem of the cycle's folder.
func (v *verifier) guard(id string, check func()) {
	defer func() {
		if e := recover(); e != nil {
			v.add("data/"+id, 0, "could not be checked to the end: %v", e)
		}
	}()
	check()
}

// cycleJSON checks cycle.json against the figures recomputed from its inputs and
// returns the recomputed rows of the CSV files, or nil when there are none. While it
// recomputes it holds the file's checksum rather than its bytes.
func (v *verifier) cycleJSON(id string) []*table {
	file := "data/" + id + "/cycle.json"
	path := filepath.Join(v.root, "data", id, "cycle.json")
	data, err := os.ReadFile(path)
	if err != nil {
		v.add(file, 0, "cannot be read (%s); without it no figure of cycle %s can be recomputed", errText(err), id)
		return nil
	}
	var doc cycleDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		line := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = offsetLine(data, se.Offset)
		case errors.As(err, &te):
			line = offsetLine(data, te.Offset)
		}
		v.add(file, line, "is not valid cycle data: %s", strings.TrimPrefix(err.Error(), "json: "))
		return nil
	}
	if doc.Format != format {
		v.add(file, 0, "has format %q; this version of perfsite reads %q", clip(doc.Format), format)
		return nil
	}
	found := &docProblems{file: file, source: &readAgain{path: path, sum: sha256.Sum256(data)}}
	data = nil
	if doc.Cycle != id {
		found.add("cycle", fmt.Sprintf("says it is cycle %q but it is in the folder of cycle %q", clip(doc.Cycle), id))
	}
	s, asOf, ok := v.rebuild(file, &doc, found)
	if !ok {
		return nil
	}
	doc = cycleDoc{} // the site holds what is needed of it
	r := score.Site(s)
	if len(r.Cycles) != 1 {
		found.flush(v)
		v.add(file, 0, "could not be recomputed")
		return nil
	}
	ix, opt := index(s), Options{Drafts: true, Today: asOf}
	want, tables := recompute(ix, r.Cycles[0], opt, true)
	if sha256.Sum256(want) != found.source.sum {
		if data, ok := found.source.read(); ok {
			w := &docWalker{out: found}
			w.compare(data, want)
		}
	}
	found.flush(v)
	return tables
}

// rebuild turns cycle.json back into a site, or reports (after the problems found
// before) why it cannot. Its problems need the line of every value it reads, so the
// lines are looked for only when there are problems, and then it reads them again.
func (v *verifier) rebuild(file string, doc *cycleDoc, found *docProblems) (*model.Site, model.Date, bool) {
	rb := &rebuilder{file: file}
	s := rb.site(doc)
	asOf := rb.date("as_of", doc.AsOf)
	if len(rb.problems) == 0 {
		return s, asOf, true
	}
	data, _ := found.source.read() // nil if it has changed: then the lines are not known
	found.flush(v)
	rb = &rebuilder{file: file, lines: linesOf(data, nil)}
	rb.site(doc)
	rb.date("as_of", doc.AsOf)
	v.problems = append(v.problems, rb.problems...)
	return nil, model.Date{}, false
}

// sameRows reports whether the published rows are the recomputed ones, cell for cell
// and in order, when compareTable would find nothing to report.
func sameRows(pub *readTable, exp *table) bool {
	if pub == nil || !pub.ok || len(pub.rows) != len(exp.rows) {
		return false
	}
	for i, row := range pub.rows {
		if !slices.Equal(row.cells, exp.rows[i]) {
			return false
		}
	}
	return true
}

// readTable is a CSV file as published.
type readTable struct {
	file string
	spec *spec
	ok   bool // read, with the right header
	rows []readRow
}

type readRow struct {
	line  int
	cells []string
}

func (t *readTable) cell(r readRow, col string) string {
	if i := t.spec.column(col); i >= 0 && i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// readTable reads a published CSV file, reporting what keeps it from being read.
func (v *verifier) readTable(file string, s *spec) *readTable {
	t := &readTable{file: file, spec: s}
	data, err := os.ReadFile(filepath.Join(v.root, filepath.FromSlash(file)))
	if err != nil {
		v.add(file, 0, "cannot be read (%s)", errText(err))
		return t
	}
	if !bytes.HasPrefix(data, []byte(bom)) {
		v.add(file, 1, "does not start with a UTF-8 byte order mark, so spreadsheet programs may garble its Chinese text")
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		v.add(file, 0, "is not UTF-8 text")
		return t
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		v.add(file, csvLine(err, 1), "has no header row (%s)", csvError(err))
		return t
	}
	if strings.Join(header, ",") != strings.Join(s.header, ",") {
		v.add(file, 1, "has the header %q; it must be exactly %q", strings.Join(header, ","), strings.Join(s.header, ","))
		return t
	}
	t.ok = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			v.add(file, csvLine(err, 0), "cannot be read from here on: %s", csvError(err))
			t.ok = false
			return t
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(s.header) {
			v.add(file, line, "has %d cells but the header has %d columns", len(rec), len(s.header))
			continue
		}
		t.rows = append(t.rows, readRow{line: line, cells: rec})
	}
	return t
}

func csvLine(err error, fallback int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	return fallback
}

func csvError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	if err == io.EOF {
		return "the file is empty"
	}
	return err.Error()
}

// rowKey names the thing a row is about, counting repeats (the second adjustment of
// a department) so every row has its own key.
func rowKey(s *spec, cells []string, seen map[string]int) string {
	k := strings.Join(cells[:s.key], "\x00")
	n := seen[k]
	seen[k] = n + 1
	return fmt.Sprintf("%s\x00%d", k, n)
}

// describe is a row's key for a message: "department x, indicator y".
func describe(s *spec, key string) string {
	parts := strings.Split(key, "\x00")
	var out []string
	for i := 1; i < s.key && i < len(parts); i++ {
		out = append(out, s.header[i]+" "+parts[i])
	}
	if s.key == 2 && s != departmentsCSV && len(parts) > s.key {
		n := 0
		fmt.Sscan(parts[s.key], &n)
		out = append(out, fmt.Sprintf("%s %d", strings.TrimSuffix(s.name, "s.csv"), n+1))
	}
	return strings.Join(out, ", ")
}

// compareTable compares a published CSV file cell by cell with the rows recomputed
// from cycle.json.
func (v *verifier) compareTable(pub *readTable, exp *table) {
	if pub == nil || !pub.ok {
		return
	}
	s := exp.spec
	want := map[string][]string{}
	var order []string
	seen := map[string]int{}
	for _, row := range exp.rows {
		k := rowKey(s, row, seen)
		want[k] = row
		order = append(order, k)
	}
	found := map[string]bool{}
	seen = map[string]int{}
	for _, row := range pub.rows {
		k := rowKey(s, row.cells, seen)
		w, ok := want[k]
		if !ok {
			v.add(pub.file, row.line, "has a row for %s, which cycle.json does not have", describe(s, k))
			continue
		}
		found[k] = true
		for i, col := range s.header {
			if msg := differ(col, s.numbers[col], row.cells[i], w[i]); msg != "" {
				v.add(pub.file, row.line, "%s", msg)
			}
		}
	}
	for _, k := range order {
		if !found[k] {
			v.add(pub.file, 0, "has no row for %s, which cycle.json has", describe(s, k))
		}
	}
}

// computed are the columns Verify recomputes; the others are copied from cycle.json.
var computed = set("indicator_score", "bonus", "penalty", "veto_deduct", "total", "grade", "rank_group",
	"rank_overall", "score", "rate", "fraction", "counted", "status", "overdue")

// differ says how a published cell disagrees with the expected one, or "".
func differ(col string, number bool, got, want string) string {
	if got == want {
		return ""
	}
	source := "cycle.json says"
	if computed[col] {
		source = "recomputing from cycle.json gives"
	}
	if !number {
		return fmt.Sprintf("%s is %q but %s %q", col, clip(got), source, clip(want))
	}
	g, gok := parseNumber(got)
	w, wok := parseNumber(want)
	switch {
	case got != "" && !gok:
		return fmt.Sprintf("%s is %q, which is not a number; %s %s", col, clip(got), source, shown(want))
	case gok && wok && g.Equal(w):
		return ""
	}
	return fmt.Sprintf("%s is %s but %s %s", col, shown(got), source, shown(want))
}

func shown(cell string) string {
	if cell == "" {
		return "nothing (an empty cell)"
	}
	return clip(cell)
}

// consistency checks that each published sum equals its published parts: totals,
// indicator scores, dimension scores, bonus, penalty and veto deductions.
func (v *verifier) consistency(pub map[*spec]*readTable) {
	type dimKey struct{ dept, dim string }
	ind, dim, adj := pub[indicatorsCSV], pub[dimensionsCSV], pub[adjustmentsCSV]

	indSum := map[string]decimal.D{}
	dimSum := map[dimKey]decimal.D{}
	badInd := map[string]bool{}
	if ind.ok {
		for _, r := range ind.rows {
			dept := ind.cell(r, "department")
			sc, ok := parseNumber(ind.cell(r, "score"))
			if !ok {
				badInd[dept] = true
				continue
			}
			indSum[dept] = indSum[dept].Add(sc)
			k := dimKey{dept, ind.cell(r, "dimension")}
			dimSum[k] = dimSum[k].Add(sc)
		}
	}
	if ind.ok && dim.ok {
		for _, r := range dim.rows {
			dept := dim.cell(r, "department")
			sc, ok := parseNumber(dim.cell(r, "score"))
			if !ok || badInd[dept] {
				continue
			}
			if sum := dimSum[dimKey{dept, dim.cell(r, "dimension")}]; !sc.Equal(sum) {
				v.add(dim.file, r.line, "score is %s but the scores of its indicators in %s add up to %s",
					cents(sc), indicatorsCSV.name, cents(sum))
			}
		}
	}

	adjSum := map[string]map[string]decimal.D{} // department → kind → counted
	badAdj := map[string]bool{}
	if adj.ok {
		for _, r := range adj.rows {
			dept := adj.cell(r, "department")
			c, ok := parseNumber(adj.cell(r, "counted"))
			if !ok {
				badAdj[dept] = true
				continue
			}
			if adjSum[dept] == nil {
				adjSum[dept] = map[string]decimal.D{}
			}
			kind := adj.cell(r, "kind")
			adjSum[dept][kind] = adjSum[dept][kind].Add(c)
		}
	}

	deps := pub[departmentsCSV]
	if !deps.ok {
		return
	}
	for _, r := range deps.rows {
		dept := deps.cell(r, "department")
		var vals [5]decimal.D
		ok := true
		for i, col := range []string{"indicator_score", "bonus", "penalty", "veto_deduct", "total"} {
			d, good := parseNumber(deps.cell(r, col))
			vals[i], ok = d, ok && good
		}
		is, bonus, penalty, veto, total := vals[0], vals[1], vals[2], vals[3], vals[4]
		if ind.ok && !badInd[dept] {
			if d, good := parseNumber(deps.cell(r, "indicator_score")); good && !d.Equal(indSum[dept]) {
				v.add(deps.file, r.line, "indicator_score is %s but this department's scores in %s add up to %s",
					cents(d), indicatorsCSV.name, cents(indSum[dept]))
			}
		}
		if adj.ok && !badAdj[dept] {
			for _, c := range []struct{ col, kind string }{
				{"bonus", model.Bonus}, {"penalty", model.Penalty}, {"veto_deduct", model.VetoAdj},
			} {
				d, good := parseNumber(deps.cell(r, c.col))
				if sum := adjSum[dept][c.kind]; good && !d.Equal(sum) {
					v.add(deps.file, r.line, "%s is %s but the counted %s points of this department in %s add up to %s",
						c.col, cents(d), c.kind, adjustmentsCSV.name, cents(sum))
				}
			}
		}
		if ok {
			parts := decimal.Max(decimal.D{}, is.Add(bonus).Sub(penalty).Sub(veto))
			if !total.Equal(parts) {
				v.add(deps.file, r.line, "total is %s but its parts add up to %s (indicator_score + bonus − penalty − veto_deduct, never below 0)",
					cents(total), cents(parts))
			}
		}
	}
}

type docWalker struct {
	out *docProblems
}

// singular names the items of a list of cycle.json for messages.
var singular = map[string]string{
	"departments": "department", "indicators": "indicator", "dimensions": "dimension", "grades": "grade",
	"vetoes": "veto", "groups": "group", "adjustments": "adjustment", "rectifications": "rectification",
	"progress": "period", "bands": "band", "target_changes": "target change",
}

// walk compares got with exp at path; where names the item ("department x,
// indicator y: ") and field the keys below it ("result.score").
func (w *docWalker) walk(path, where, field string, got, exp any) {
	report := func(format string, args ...any) {
		w.out.add(path, where+fmt.Sprintf(format, args...))
	}
	switch e := exp.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			report("%s is %s but should be an object", field, kind(got))
			return
		}
		for _, k := range slices.Sorted(maps.Keys(e)) {
			gv, present := g[k]
			if !present && e[k] != nil {
				report("%s is missing; recomputing from the inputs gives %s", join(field, k), value(e[k]))
				continue
			}
			w.walk(join(path, k), where, join(field, k), gv, e[k])
		}
		for _, k := range slices.Sorted(maps.Keys(g)) {
			if _, known := e[k]; !known && g[k] != nil {
				w.unknown(join(path, k), where, join(field, k))
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			report("%s is %s but should be a list", field, kind(got))
			return
		}
		if len(g) != len(e) {
			report("%s has %d entries but recomputing from the inputs gives %d", field, len(g), len(e))
		}
		name := singular[lastKey(field)]
		for i := 0; i < len(g) && i < len(e); i++ {
			item, sub := where, fmt.Sprintf("%s[%d]", field, i+1)
			if _, isMap := e[i].(map[string]any); isMap && name != "" {
				item, sub = where+name+" "+label(e[i], i)+": ", ""
			}
			w.walk(join(path, fmt.Sprint(i)), item, sub, g[i], e[i])
		}
	case json.Number:
		g, ok := got.(json.Number)
		if ok {
			gd, gok := parseNumber(string(g))
			ed, eok := parseNumber(string(e))
			if gok && eok && gd.Equal(ed) || g == e {
				return
			}
		}
		report("%s is %s but recomputing from the inputs gives %s", field, value(got), value(exp))
	default:
		if got != exp {
			report("%s is %s but recomputing from the inputs gives %s", field, value(got), value(exp))
		}
	}
}

// unknown reports a key that cycle.json does not have, so that a misspelt key is not
// silently ignored.
func (w *docWalker) unknown(path, where, field string) {
	w.out.add(path, fmt.Sprintf("%s%q is not a field of cycle.json (format %s); check its spelling", where, field, format))
}

// label is how a list item is named: its id, name or period, else its place.
func label(item any, i int) string {
	if m, ok := item.(map[string]any); ok {
		for _, k := range []string{"id", "name", "period"} {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return fmt.Sprint(i + 1)
}

func lastKey(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		return field[i+1:]
	}
	return field
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return value(v)
}

func value(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", clip(x))
	case json.Number:
		return clip(string(x))
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return clip(fmt.Sprint(v))
}
