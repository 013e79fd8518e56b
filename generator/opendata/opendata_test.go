package opendata

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"perfsite/generator/score"
)

func build(t *testing.T, drafts bool) map[string][]byte {
	t.Helper()
	s := fixture()
	files := Files(s, score.Site(s), Options{Drafts: drafts, Today: today})
	out := map[string][]byte{}
	for _, f := range files {
		if _, dup := out[f.Path]; dup {
			t.Fatalf("%s written twice", f.Path)
		}
		out[f.Path] = f.Data
	}
	return out
}

// rows reads a CSV file as published: it must start with exactly one BOM.
func rows(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM at the start")
	}
	body := data[3:]
	if bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("two BOMs")
	}
	r := csv.NewReader(bytes.NewReader(body))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180: %v", err)
	}
	return recs
}

func find(recs [][]string, key ...string) []string {
	for _, r := range recs {
		if len(r) >= len(key)+1 && reflect.DeepEqual(r[1:len(key)+1], key) {
			return r
		}
	}
	return nil
}

func TestFileList(t *testing.T) {
	files := build(t, true)
	var want []string
	for _, c := range []string{"2024", "2025"} {
		for _, n := range []string{"departments.csv", "dimensions.csv", "indicators.csv", "progress.csv",
			"adjustments.csv", "rectifications.csv", "cycle.json"} {
			want = append(want, "data/"+c+"/"+n)
		}
	}
	want = append(want, "data/SHA256SUMS")
	if len(files) != len(want) {
		t.Errorf("got %d files, want %d", len(files), len(want))
	}
	for _, w := range want {
		if _, ok := files[w]; !ok {
			t.Errorf("missing %s", w)
		}
	}
}

// The headers of SPEC §9, copied from the specification.
func TestHeaders(t *testing.T) {
	files := build(t, true)
	tests := map[string]string{
		"departments.csv":    "cycle, department, name, group, status, indicator_score, bonus, penalty, veto_deduct, total, grade, rank_group, rank_overall",
		"dimensions.csv":     "cycle, department, dimension, name, points, score, rate",
		"indicators.csv":     "cycle, department, indicator, name, dimension, unit, method, direction, points, target, floor, actual, baseline, fraction, score, status, source, assessor",
		"progress.csv":       "cycle, department, indicator, period, milestone, value, status",
		"adjustments.csv":    "cycle, department, kind, rule, points, counted, reason, basis, date",
		"rectifications.csv": "cycle, department, issue, action, owner, due, status, done, overdue",
	}
	for name, header := range tests {
		data := files["data/2024/"+name]
		want := "\xEF\xBB\xBF" + strings.ReplaceAll(header, ", ", ",") + "\r\n"
		if !bytes.HasPrefix(data, []byte(want)) {
			t.Errorf("%s starts %q, want %q", name, data[:min(len(data), len(want))], want)
		}
		if n := bytes.Count(data, []byte("\xEF\xBB\xBF")); n != 1 {
			t.Errorf("%s has %d BOMs, want 1", name, n)
		}
		if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\r")) {
			t.Errorf("%s has a bare CR", name)
		}
	}
}

func TestDepartments(t *testing.T) {
	files := build(t, true)
	tests := []struct {
		cycle string
		row   []string
	}{
		{"2024", []string{"2024", "alpha", "'" + alphaName, "economic", "final", "90.20", "2.00", "0.00", "0.00", "92.20", "优秀", "2", "2"}},
		{"2024", []string{"2024", "bravo", "'" + bravoName, "economic", "final", "57.70", "0.00", "1.00", "0.00", "56.70", "不合格", "3", "3"}},
		{"2024", []string{"2024", "charlie", "'" + charlieName, "economic", "final", "97.50", "0.00", "0.00", "2.00", "95.50", "不合格", "1", "1"}},
		{"2024", []string{"2024", "delta", "'" + deltaName, "service", "final", "72.16", "0.00", "3.00", "0.00", "69.16", "合格", "", ""}},
		{"2025", []string{"2025", "alpha", "'" + alphaName, "economic", "final", "95.00", "0.00", "0.00", "0.00", "95.00", "优秀", "1", "1"}},
		{"2025", []string{"2025", "bravo", "'" + bravoName, "economic", "final", "92.00", "0.00", "0.00", "0.00", "92.00", "良好", "2", "2"}},
		{"2025", []string{"2025", "charlie", "'" + charlieName, "economic", "draft", "48.65", "0.00", "0.00", "0.00", "48.65", "", "", ""}},
		{"2025", []string{"2025", "delta", "'" + deltaName, "service", "final", "75.00", "0.00", "0.00", "0.00", "75.00", "合格", "", ""}},
	}
	recs := map[string][][]string{}
	for _, c := range []string{"2024", "2025"} {
		recs[c] = rows(t, files["data/"+c+"/departments.csv"])
		var ids []string
		for _, r := range recs[c][1:] {
			ids = append(ids, r[1])
		}
		if got := strings.Join(ids, " "); got != "alpha bravo charlie delta" {
			t.Errorf("%s departments in order %s", c, got)
		}
	}
	for _, tt := range tests {
		got := find(recs[tt.cycle], tt.row[1])
		if !reflect.DeepEqual(got, tt.row) {
			t.Errorf("%s %s:\n got %q\nwant %q", tt.cycle, tt.row[1], got, tt.row)
		}
	}
}

func TestDraftsLeftOut(t *testing.T) {
	files := build(t, false)
	recs := rows(t, files["data/2025/departments.csv"])
	if find(recs, "charlie") != nil {
		t.Errorf("draft charlie published without drafts")
	}
	// Leaving the draft out changes nobody else: it never counted in the quota.
	if got := find(recs, "bravo"); got == nil || got[10] != "良好" || got[11] != "2" {
		t.Errorf("bravo = %q, want 良好, rank 2", got)
	}
	if bytes.Contains(files["data/2025/cycle.json"], []byte(`"charlie"`)) {
		t.Errorf("cycle.json holds the draft")
	}
	if bytes.Contains(files["data/2025/indicators.csv"], []byte("charlie")) {
		t.Errorf("indicators.csv holds the draft")
	}
}

func TestIndicators(t *testing.T) {
	files := build(t, true)
	// columns: points, target, floor, actual, baseline, fraction, score, status
	tests := []struct {
		cycle, dept, ind string
		want             []string
	}{
		{"2024", "alpha", "budget-execution", []string{"10", "95", "", "97.3", "", "1.000000", "10.00", "met"}},
		{"2024", "alpha", "startup-days", []string{"20", "1", "3", "1.2", "", "0.900000", "18.00", "near"}},
		{"2024", "alpha", "coverage", []string{"15", "", "", "90", "", "0.800000", "12.00", "near"}},
		{"2024", "alpha", "incidents", []string{"15", "", "", "3", "", "0.900000", "13.50", "near"}},
		{"2024", "alpha", "satisfaction", []string{"20", "", "", "88.5", "-1.5", "0.885000", "17.70", "near"}},
		{"2024", "alpha", "panel", []string{"10", "", "", "", "", "0.900000", "9.00", "near"}},
		{"2024", "bravo", "plan-filed", []string{"10", "1", "", "0", "", "0.000000", "0.00", "missed"}},
		{"2024", "charlie", "plan-filed", []string{"10", "1", "", "", "", "1.000000", "10.00", "met"}},
		{"2024", "delta", "wait-days", []string{"8", "2", "", "2.5", "", "0.800000", "6.40", "near"}},
		{"2024", "delta", "quality", []string{"10", "100", "60", "80", "", "0.800000", "8.00", "near"}},
		{"2024", "delta", "audit", []string{"3", "100", "", "83.5", "", "0.835000", "2.51", "near"}},
		{"2024", "delta", "accidents", []string{"5", "", "", "3", "", "0.700000", "3.50", "missed"}},
		{"2024", "delta", "rating", []string{"20", "", "", "80", "", "0.800000", "16.00", "near"}},
		{"2024", "delta", "review", []string{"10", "", "", "", "", "0.725000", "7.25", "missed"}},
		{"2024", "delta", "backlog", []string{"15", "", "", "2", "", "0.600000", "9.00", "missed"}},
		{"2024", "delta", "response", []string{"19", "5", "", "6", "", "0.500000", "9.50", "missed"}},
		{"2025", "charlie", "satisfaction", []string{"50", "", "", "", "", "", "0.00", "pending"}},
		{"2025", "charlie", "budget-execution", []string{"50", "100", "", "97.3", "", "0.973000", "48.65", "near"}},
	}
	for _, tt := range tests {
		recs := rows(t, files["data/"+tt.cycle+"/indicators.csv"])
		r := find(recs, tt.dept, tt.ind)
		if r == nil {
			t.Errorf("%s %s %s: no row", tt.cycle, tt.dept, tt.ind)
			continue
		}
		if got := r[8:16]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %s %s:\n got %q\nwant %q", tt.cycle, tt.dept, tt.ind, got, tt.want)
		}
	}
	// Indicators stay in scorecard order: the common one first.
	recs := rows(t, files["data/2024/indicators.csv"])
	var order []string
	for _, r := range recs[1:] {
		if r[1] == "alpha" {
			order = append(order, r[2])
		}
	}
	if got := strings.Join(order, " "); got != "budget-execution startup-days coverage plan-filed incidents satisfaction panel" {
		t.Errorf("alpha's indicators in order %s", got)
	}
}

func TestDimensionsAdjustmentsProgressRectifications(t *testing.T) {
	files := build(t, true)
	tests := []struct {
		file string
		key  []string
		want []string // the whole row
	}{
		{"dimensions.csv", []string{"alpha", "finance"}, []string{"2024", "alpha", "finance", "财务预算", "10", "10.00", "1.000000"}},
		{"dimensions.csv", []string{"alpha", "process"}, []string{"2024", "alpha", "process", "内部流程", "45", "41.50", "0.922222"}},
		{"dimensions.csv", []string{"alpha", "public"}, []string{"2024", "alpha", "public", "服务对象", "45", "38.70", "0.860000"}},
		{"dimensions.csv", []string{"delta", "finance"}, []string{"2024", "delta", "finance", "财务预算", "13", "12.51", "0.962308"}},
		{"dimensions.csv", []string{"delta", "process"}, []string{"2024", "delta", "process", "内部流程", "47", "28.40", "0.604255"}},
		{"dimensions.csv", []string{"delta", "public"}, []string{"2024", "delta", "public", "服务对象", "40", "31.25", "0.781250"}},
		{"adjustments.csv", []string{"alpha", "bonus"}, []string{"2024", "alpha", "bonus", "", "1.5", "1.50", "改革经验获省级推广", "省通报〔2024〕12号", "2024-11-05"}},
		{"adjustments.csv", []string{"charlie", "veto"}, []string{"2024", "charlie", "veto", "work-safety", "", "2.00", "发生较大安全事故", "", "2024-08-01"}},
		{"progress.csv", []string{"alpha", "budget-execution", "Q1"}, []string{"2024", "alpha", "budget-execution", "Q1", "95", "20.5", "at_risk"}},
		{"progress.csv", []string{"alpha", "startup-days", "Q2"}, []string{"2024", "alpha", "startup-days", "Q2", "1.5", "1.4", "on_track"}},
		{"progress.csv", []string{"alpha", "startup-days", "Q4"}, []string{"2024", "alpha", "startup-days", "Q4", "1", "1.2", "behind"}},
		{"rectifications.csv", []string{"alpha", "按时办结率未达标"}, []string{"2024", "alpha", "按时办结率未达标", "增设窗口", "消保科", "2025-03-01", "open", "", "true"}},
		{"rectifications.csv", []string{"alpha", "预算执行偏慢"}, []string{"2024", "alpha", "预算执行偏慢", "", "财务科", "2025-01-01", "done", "2024-12-20", "false"}},
		{"rectifications.csv", []string{"delta", hostile}, []string{"2024", "delta", hostile, "'=cmd|' /C calc'!A0", "办公室", "2025-06-30", "in_progress", "", "false"}},
	}
	for _, tt := range tests {
		got := find(rows(t, files["data/2024/"+tt.file]), tt.key...)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %q:\n got %q\nwant %q", tt.file, tt.key, got, tt.want)
		}
	}
	// The second bonus only fits 0.50 under the cap of 2; the second penalty 1.00 under 3.
	adj := rows(t, files["data/2024/adjustments.csv"])
	var counted []string
	for _, r := range adj[1:] {
		counted = append(counted, r[1]+":"+r[5])
	}
	if got := strings.Join(counted, " "); got != "alpha:1.50 alpha:0.50 bravo:1.00 charlie:2.00 delta:2.00 delta:1.00" {
		t.Errorf("counted = %s", got)
	}
}

func TestFormulaCells(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("x")`, `'=HYPERLINK("x")`},
		{"+cmd", "'+cmd"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"市场监督管理局", "市场监督管理局"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := text(tt.in); got != tt.want {
			t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// In the files: names are neutralised, a negative number is left alone.
	files := build(t, true)
	r := find(rows(t, files["data/2024/indicators.csv"]), "alpha", "satisfaction")
	if r == nil || r[12] != "-1.5" {
		t.Errorf("baseline cell = %q, want -1.5 untouched", r)
	}
	deps := string(files["data/2024/departments.csv"])
	for _, name := range []string{alphaName, bravoName, charlieName, deltaName} {
		quoted := strings.ReplaceAll(name, `"`, `""`)
		if strings.Contains(deps, ","+name+",") || strings.Contains(deps, `,"`+quoted+`",`) {
			t.Errorf("%q written as a formula", name)
		}
	}
}

func TestHostileTextRoundTrips(t *testing.T) {
	files := build(t, true)
	recs := rows(t, files["data/2024/rectifications.csv"])
	r := find(recs, "delta")
	if r == nil || r[2] != hostile {
		t.Fatalf("issue = %q, want %q", r, hostile)
	}
	var doc struct {
		Departments []struct {
			Rectifications []struct{ Issue string }
		}
	}
	if err := json.Unmarshal(files["data/2024/cycle.json"], &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Departments[3].Rectifications[0].Issue; got != hostile {
		t.Errorf("cycle.json issue = %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := build(t, true), build(t, true)
	if !reflect.DeepEqual(a, b) {
		for p := range a {
			if !bytes.Equal(a[p], b[p]) {
				t.Errorf("%s differs between two runs", p)
			}
		}
	}
}

func TestChecksums(t *testing.T) {
	files := build(t, true)
	lines := strings.Split(strings.TrimSuffix(string(files["data/SHA256SUMS"]), "\n"), "\n")
	if len(lines) != 14 {
		t.Fatalf("%d lines, want 14", len(lines))
	}
	if !strings.HasSuffix(lines[0], "  2024/adjustments.csv") || !strings.HasSuffix(lines[13], "  2025/rectifications.csv") {
		t.Errorf("not sorted by path: first %q, last %q", lines[0], lines[13])
	}
	// The first line is the SHA-256 of 2024/adjustments.csv, computed independently.
	sum := sha256hex(files["data/2024/adjustments.csv"])
	if lines[0] != sum+"  2024/adjustments.csv" {
		t.Errorf("first line %q, want %q", lines[0], sum+"  2024/adjustments.csv")
	}
}

func TestCycleJSONNumbers(t *testing.T) {
	files := build(t, true)
	data := files["data/2024/cycle.json"]
	for _, want := range []string{
		`"actual": 97.3,`,     // an input exactly as written
		`"score": 10.00,`,     // a score with two decimals
		`"total": 92.20,`,     // alpha's total
		`"baseline": -1.5,`,   // a negative input
		`"bonus_cap": 2,`,     // a cap
		`"quota": 0.34`,       // a quota
		`"rank_group": null,`, // delta is unranked
		`"as_of": "2025-04-01",`,
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("cycle.json lacks %s", want)
		}
	}
	if !bytes.Contains(files["data/2025/cycle.json"], []byte(`"bonus_cap": null,`)) {
		t.Errorf("2025 has no bonus cap: want null")
	}
	var doc cycleDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	alpha := doc.Departments[0]
	if alpha.Indicators[0].Actual != "97.3" || alpha.Indicators[0].Result.Score != "10.00" {
		t.Errorf("alpha budget: actual %s score %s", alpha.Indicators[0].Actual, alpha.Indicators[0].Result.Score)
	}
	// rate of delta's process dimension is 28.4/47: no finite expansion, 10 places.
	if got := doc.Departments[3].Result.Dimensions[2]; got.ID != "process" || got.Rate != "0.6042553191" {
		t.Errorf("delta process = %+v", got)
	}
	if got := doc.Departments[2].Result; got.GradeByScore == nil || *got.GradeByScore != "优秀" || !got.VetoCapped ||
		len(got.Vetoes) != 1 || got.Vetoes[0] != "work-safety" {
		t.Errorf("charlie's veto not recorded: %+v", got)
	}
	// Every method parameter is there.
	var bands, lo, fail, per, score, achieved bool
	for _, d := range doc.Departments {
		for _, in := range d.Indicators {
			bands = bands || len(in.Bands) == 3
			lo = lo || in.Lo == "0.6"
			fail = fail || in.Fail == "0.5"
			per = per || in.Per == "0.5"
			score = score || in.Score == "7.25"
			achieved = achieved || in.Achieved != nil && *in.Achieved
		}
	}
	if !bands || !lo || !fail || !per || !score || !achieved {
		t.Errorf("parameters missing: bands %v lo %v fail %v per %v score %v achieved %v", bands, lo, fail, per, score, achieved)
	}
}

// write puts the files under a temporary site root.
func write(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestVerifyClean(t *testing.T) {
	for _, drafts := range []bool{true, false} {
		files := build(t, drafts)
		files["data/index.html"] = []byte("<!doctype html>") // the data page is not data
		dir := write(t, files)
		if got := Verify(dir); len(got) != 0 {
			t.Errorf("drafts=%v: %d problems:\n%s", drafts, len(got), list(got))
		}
	}
}

func list(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
