package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// today is the day the fixture is judged on: after results were published, before the
// open rectification falls due.
var today = model.Date{Year: 2025, Month: 4, Day: 1}

// copyFixture copies testdata/site into a new temporary folder.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/site", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/site", p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// edit changes one file of a site copy.
type edit func(t *testing.T, dir string)

// rep replaces the only occurrence of old in file.
func rep(file, old, new string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), old); n != 1 {
			t.Fatalf("%s: %q occurs %d times, want 1", file, old, n)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// write creates or replaces a file.
func write(file, content string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mkdir(dir string) edit { return write(dir+"/.keep", "") }

const (
	siteF   = "site.toml"
	depts   = "data/departments.toml"
	scheme  = "data/2024/scheme.toml"
	market  = "data/2024/market.toml"
	tax     = "data/2024/tax.toml"
	health  = "data/2024/health.toml"
	about   = "content/about.md"
	deptsAt = "data/departments.toml:"
)

func load(t *testing.T, dir string) (*model.Site, *diag.List) {
	t.Helper()
	var s *model.Site
	var l *diag.List
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		s, l = SiteAt(dir, today)
	}()
	return s, l
}

func strs(ds []diag.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	sort.Strings(out)
	return out
}

func TestFixtureIsValid(t *testing.T) {
	s, l := load(t, copyFixture(t))
	if l.Len() != 0 {
		t.Fatalf("the fixture should load without problems:\n%s", l)
	}
	if len(s.Cycles) != 1 || len(s.Cycles[0].Cards) != 3 || len(s.Departments) != 3 || len(s.Groups) != 2 {
		t.Fatalf("unexpected shape: %d cycles, %d departments, %d groups", len(s.Cycles), len(s.Departments), len(s.Groups))
	}
	var ids []string
	for _, c := range s.Cycles[0].Cards {
		ids = append(ids, c.Department)
	}
	if got := strings.Join(ids, ","); got != "health,market,tax" {
		t.Errorf("cards in order %s, want health,market,tax", got)
	}
	var paths []string
	for _, c := range s.Content {
		paths = append(paths, c.Path)
	}
	if got := strings.Join(paths, ","); got != "content/2024/_index.md,content/2024/market.md,content/_index.md,content/about.md,content/departments/tax.md" {
		t.Errorf("content in order %s", got)
	}
}

// brokenCase is the fixture broken by edits, and the problems it should report.
type brokenCase struct {
	name  string
	edits []edit
	want  []string
}

// brokenInputs are the fixture broken in many ways, one or two at a time.
func brokenInputs(t *testing.T) []brokenCase {
	t.Helper()
	gbk := "department = \"health\"\n# \xb2\xbf\xc3\xc5\xbf\xbc\xc6\xc0\nstatus = \"draft\"\n"
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("+++\ntitle = \"x\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	secretReal, err := filepath.EvalSymlinks(secret)
	if err != nil {
		t.Fatal(err)
	}

	return []brokenCase{
		{
			name:  "syntax error: text without quotes",
			edits: []edit{rep(market, `name = "干部培训"`, `name = 干部培训`)},
			want:  []string{market + ":69:8: error: TOML syntax error: expected value but found \"干部培训\" instead; text values must be in quotes, e.g. name = \"…\""},
		},
		{
			name:  "syntax error: missing closing quote",
			edits: []edit{rep(tax, `name = "审计问题"`, `name = "审计问题`)},
			want:  []string{tax + ":28:13: error: TOML syntax error: a text value is missing its closing quote; text must start and end on the same line, between quotes (\"…\")"},
		},
		{
			name:  "syntax error: key written twice",
			edits: []edit{rep(tax, "actual = 2.5\n", "actual = 2.5\nactual = 2.6\n")},
			want:  []string{tax + ":25:1: error: TOML syntax error: key \"actual\" is written twice; keep only one"},
		},
		{
			name:  "syntax error: table and list of tables",
			edits: []edit{rep(market, "[indicator.survey]", "[indicator]")},
			want:  []string{market + ":15:1: error: TOML syntax error: the section [indicator] is already defined above; a [section] may appear once, and each entry of a list has its own [[indicator]] line"},
		},
		{
			name:  "GBK file",
			edits: []edit{write(health, gbk)},
			want: []string{
				health + ": error: file is encoded as GB18030/GBK, not UTF-8; convert it with: iconv -f GB18030 -t UTF-8 'data/2024/health.toml' > x.tmp && mv x.tmp 'data/2024/health.toml'",
			},
		},
		{
			name:  "not UTF-8",
			edits: []edit{rep(about, "本站公开", "本站\xff公开")},
			want:  []string{about + ":10:3: error: file is not UTF-8 (first bad byte at line 10 col 3); save it again as UTF-8"},
		},
		{
			name:  "UTF-16 file",
			edits: []edit{write(health, "\xff\xfed\x00e\x00")},
			want:  []string{health + ": error: file is encoded as UTF-16, not UTF-8; save it again as UTF-8"},
		},
		{
			name:  "BOM and CRLF are accepted",
			edits: []edit{crlf(market, true), crlf(about, true), crlf(siteF, false)},
			want:  nil,
		},
		{
			name:  "BOM and CRLF keep line numbers",
			edits: []edit{rep(market, `owner = "办公室"`, `ower = "办公室"`), crlf(market, true)},
			want:  []string{market + ":93:1: error: unknown key \"ower\" in [[rectification]]; did you mean \"owner\"?"},
		},
		{
			name:  "nan",
			edits: []edit{rep(market, "actual = 97.3", "actual = nan")},
			want:  []string{market + ":7:1: error: actual is nan; write a number"},
		},
		{
			name:  "inf",
			edits: []edit{rep(market, "target = 1.0", "target = -inf")},
			want:  []string{market + ":32:1: error: target is -inf; write a number"},
		},
		{
			name:  "unknown key with did-you-mean",
			edits: []edit{rep(market, "dimension = \"process\"\nunit", "dimention = \"process\"\nunit")},
			want: []string{
				market + ":24:1: error: missing required key \"dimension\" in [[indicator]]",
				market + ":27:1: error: unknown key \"dimention\" in [[indicator]]; did you mean \"dimension\"?",
			},
		},
		{
			name:  "unknown key without a near match",
			edits: []edit{rep(siteF, "sample_data = true", "colour = \"red\"")},
			want:  []string{siteF + ":5:1: error: unknown key \"colour\" in site.toml; remove it or check its spelling"},
		},
		{
			name:  "top-level key below a header",
			edits: []edit{appendTo(tax, "evaluated = 2025-02-15\n")},
			want:  []string{tax + ":49:1: error: unknown key \"evaluated\" in [[adjustment]]: evaluated belongs at the top of the file, above the first [[…]] or […] header (every key below a header belongs to that header's section)"},
		},
		{
			name:  "missing required key",
			edits: []edit{rep(scheme, "name = \"群众满意度\"\n", "")},
			want:  []string{scheme + ":59:1: error: missing required key \"name\" in [[indicator]]"},
		},
		{
			name:  "wrong type",
			edits: []edit{rep(market, "points = 15\nmethod = \"linear\"", "points = \"15\"\nmethod = \"linear\"")},
			want:  []string{market + ":29:1: error: points must be a number, not a string \"15\"; remove the quotes"},
		},
		{
			name:  "bad id",
			edits: []edit{rep(market, `id = "training"`, `id = "Training"`)},
			want:  []string{market + ":68:1: error: bad id \"Training\": " + idRule},
		},
		{
			name:  "duplicate department id",
			edits: []edit{appendTo(depts, "\n[[department]]\nid = \"tax\"\nname = \"另一个税务局\"\ngroup = \"economic\"\n")},
			want:  []string{deptsAt + "29:1: error: duplicate department id \"tax\": already used at data/departments.toml:19:1"},
		},
		{
			name:  "duplicate indicator id",
			edits: []edit{rep(market, `id = "training"`, `id = "safety-audit"`)},
			want: []string{
				market + ": error: indicator points add up to 90, not the scheme's total 100 (budget-execution 20, satisfaction 20, enterprise-visits 10, startup-days 15, complaint-handling 15, safety-audit 10)",
				market + ":68:1: error: duplicate indicator id \"safety-audit\": already used at data/2024/market.toml:59:1",
			},
		},
		{
			name:  "unknown department",
			edits: []edit{write("data/2024/taxes.toml", "department = \"taxes\"\nstatus = \"draft\"\n")},
			want:  []string{"data/2024/taxes.toml:1:1: error: unknown department \"taxes\": it is not in data/departments.toml; did you mean \"tax\"?"},
		},
		{
			name:  "department does not match the file name",
			edits: []edit{rep(tax, `department = "tax"`, `department = "market"`)},
			want:  []string{tax + ":1:1: error: department is \"market\" but the file is named tax.toml; they must match: rename the file to market.toml or correct the department"},
		},
		{
			name:  "unknown group",
			edits: []edit{rep(depts, `group = "social"`, `group = "socail"`)},
			want:  []string{deptsAt + "26:1: error: unknown group \"socail\"; did you mean \"social\"?"},
		},
		{
			name:  "unknown dimension with did-you-mean",
			edits: []edit{rep(market, `dimension = "learning"`, `dimension = "learnin"`)},
			want:  []string{market + ":70:1: error: unknown dimension \"learnin\"; did you mean \"learning\"?"},
		},
		{
			name:  "unknown dimension listing the known ones",
			edits: []edit{rep(scheme, `dimension = "finance"`, `dimension = "money"`)},
			want:  []string{scheme + ":52:1: error: unknown dimension \"money\"; the scheme's dimensions are: public, finance, process, learning"},
		},
		{
			name:  "unknown veto rule",
			edits: []edit{rep(tax, `rule = "work-safety"`, `rule = "worksafety"`)},
			want:  []string{tax + ":46:1: error: unknown veto rule \"worksafety\"; did you mean \"work-safety\"?"},
		},
		{
			name:  "unknown period",
			edits: []edit{rep(market, "progress = { Q2 = 1.4, Q4 = 1.2 }", "progress = { Q2 = 1.4, Q5 = 1.2 }")},
			want:  []string{market + ":37:24: error: unknown period \"Q5\" in progress; the scheme's periods are: Q1, Q2, Q3, Q4"},
		},
		{
			name:  "progress without periods in the scheme",
			edits: []edit{rep(scheme, "periods = [\"Q1\", \"Q2\", \"Q3\", \"Q4\"]\n", "")},
			want: []string{
				market + ":8:1: error: progress needs the scheme's periods, but data/2024/scheme.toml has no periods = [ … ]",
				market + ":36:1: error: milestones needs the scheme's periods, but data/2024/scheme.toml has no periods = [ … ]",
				market + ":37:1: error: progress needs the scheme's periods, but data/2024/scheme.toml has no periods = [ … ]",
			},
		},
		{
			name:  "points do not add up",
			edits: []edit{rep(market, "points = 10\nmethod = \"manual\"", "points = 12\nmethod = \"manual\"")},
			want:  []string{market + ": error: indicator points add up to 102, not the scheme's total 100 (budget-execution 20, satisfaction 20, enterprise-visits 10, startup-days 15, complaint-handling 15, safety-audit 10, training 12)"},
		},
		{
			name:  "points not above 0",
			edits: []edit{rep(market, "points = 10\nmethod = \"manual\"", "points = 0\nmethod = \"manual\"")},
			want: []string{
				market + ":71:1: error: points must be more than 0, not 0",
				market + ":73:1: error: score must be between 0 and 0 (points × cap), not 9",
			},
		},
		{
			name:  "cap below 1",
			edits: []edit{rep(market, "method = \"bands\"\n", "method = \"bands\"\ncap = 0.5\n")},
			want:  []string{market + ":55:1: error: cap must be 1 or more, not 0.5"},
		},
		{
			name:  "unknown method",
			edits: []edit{rep(tax, `method = "deduct"`, `method = "deduce"`)},
			want:  []string{tax + ":31:1: error: unknown method \"deduce\"; did you mean \"deduct\"?"},
		},
		{
			name:  "bad direction",
			edits: []edit{rep(tax, `direction = "lower"`, `direction = "down"`)},
			want:  []string{tax + ":22:1: error: direction must be \"higher\" or \"lower\", not \"down\""},
		},
		{
			name:  "ratio: target 0",
			edits: []edit{rep(tax, "target = 2\n", "target = 0\n")},
			want:  []string{tax + ":23:1: error: method ratio needs a target above 0, not 0"},
		},
		{
			name:  "ratio: no target",
			edits: []edit{rep(health, "target = 95\n", "")},
			want:  []string{health + ":8:1: error: method ratio needs target; add target = … to indicator \"vaccination\""},
		},
		{
			name:  "linear: floor equals target",
			edits: []edit{rep(market, "floor = 3.0", "floor = 1.0")},
			want:  []string{market + ":33:1: error: floor and target are both 1; method linear needs them different"},
		},
		{
			name:  "linear: direction disagrees",
			edits: []edit{rep(market, "direction = \"lower\"\n", "")},
			want:  []string{market + ":32:1: error: direction is higher, so floor (3) must be below target (1); for a lower-is-better indicator add direction = \"lower\""},
		},
		{
			name:  "linear: lo out of range",
			edits: []edit{rep(scheme, "lo = 0.6", "lo = 1")},
			want:  []string{scheme + ":74:1: error: lo must be at least 0 and below 1, not 1"},
		},
		{
			name:  "bands: thresholds not increasing",
			edits: []edit{rep(market, "[[80, 0.6], [90, 0.8]", "[[80, 0.6], [80, 0.8]")},
			want:  []string{market + ":55:21: error: bands thresholds must increase from one entry to the next: 80 comes after 80"},
		},
		{
			name:  "bands: fraction above cap",
			edits: []edit{rep(market, "[98, 1.0]", "[98, 1.5]")},
			want:  []string{market + ":55:32: error: band fraction 1.5 must be between 0 and 1 (the cap)"},
		},
		{
			name:  "bands: not a pair",
			edits: []edit{rep(market, "[98, 1.0]", "[98]")},
			want:  []string{market + ":55:32: error: each entry of bands must be a pair [threshold, fraction], like [90, 1]"},
		},
		{
			name:  "pass_fail: no target and an actual",
			edits: []edit{rep(market, "target = 100\nactual = 100", "actual = 100")},
			want:  []string{market + ":64:1: error: indicator \"safety-audit\" has no target, so method pass_fail needs achieved = true or false instead of actual"},
		},
		{
			name:  "pass_fail: nothing to judge in a final scorecard",
			edits: []edit{rep(tax, "achieved = true\n", "")},
			want:  []string{tax + ":36:1: error: indicator \"compliance\" has no achieved = true or false; a final scorecard needs it, or set status = \"draft\""},
		},
		{
			name:  "deduct: per 0",
			edits: []edit{rep(tax, "per = 2", "per = 0")},
			want:  []string{tax + ":32:1: error: per must be more than 0, not 0"},
		},
		{
			name:  "deduct: negative count",
			edits: []edit{rep(tax, "actual = 3", "actual = -1")},
			want:  []string{tax + ":34:1: error: method deduct counts events in actual, so it cannot be negative (-1)"},
		},
		{
			name:  "rating: above 100",
			edits: []edit{rep(tax, "actual = 91", "actual = 101")},
			want:  []string{tax + ":10:1: error: method rating needs an actual between 0 and 100, not 101"},
		},
		{
			name:  "manual: score above points",
			edits: []edit{rep(market, "score = 9", "score = 11")},
			want:  []string{market + ":73:1: error: score must be between 0 and 10 (points × cap), not 11"},
		},
		{
			name:  "manual: no justification",
			edits: []edit{rep(market, "justification = \"完成年度培训计划，考评组评定\"\n", "")},
			want:  []string{market + ":73:1: error: a manual score needs a justification: add justification = \"…\" saying why it was given"},
		},
		{
			name:  "final scorecard missing an actual",
			edits: []edit{rep(market, "actual = 80\n", "")},
			want:  []string{market + ":20:1: error: indicator \"enterprise-visits\" has no actual; a final scorecard needs one, or set status = \"draft\""},
		},
		{
			name:  "final scorecard missing a common indicator",
			edits: []edit{rep(tax, "[[indicator]]\nid = \"satisfaction\"\nactual = 91\n\n", "")},
			want:  []string{tax + ": error: common indicator \"satisfaction\" (群众满意度) is missing: add [[indicator]] with id = \"satisfaction\" and its actual; a final scorecard needs every common indicator"},
		},
		{
			name:  "definition key in a common indicator's entry",
			edits: []edit{rep(market, "actual = 80\n", "actual = 80\npoints = 5\n")},
			want:  []string{market + ":23:1: error: points of common indicator \"enterprise-visits\" is defined by the scheme (data/2024/scheme.toml); remove it here"},
		},
		{
			name:  "misspelt common indicator id",
			edits: []edit{rep(market, `id = "enterprise-visits"`, `id = "enterprise-visit"`)},
			want: []string{
				market + ": error: common indicator \"enterprise-visits\" (走访企业数) is missing: add [[indicator]] with id = \"enterprise-visits\" and its actual; a final scorecard needs every common indicator",
				market + ":21:1: error: indicator \"enterprise-visit\" is not defined by the scheme; did you mean the common indicator \"enterprise-visits\"? (a department's own indicator needs name, dimension, points and method)",
			},
		},
		{
			name:  "common indicator not for this group",
			edits: []edit{appendTo(health, "\n[[indicator]]\nid = \"enterprise-visits\"\nactual = 3\n")},
			want:  []string{health + ":34:1: error: common indicator \"enterprise-visits\" applies only to groups economic, not to this department's group \"social\"; remove this entry or give the department's own indicator another id"},
		},
		{
			name:  "done without a date",
			edits: []edit{rep(market, "done = 2024-12-20\n", "")},
			want:  []string{market + ":95:1: error: status is \"done\" but the date it was done is missing: add done = 2025-05-20 (the real date)"},
		},
		{
			name:  "bad rectification status",
			edits: []edit{rep(market, `status = "in_progress"`, `status = "in progress"`)},
			want:  []string{market + ":89:1: error: status must be \"open\", \"in_progress\" or \"done\", not \"in progress\"; did you mean \"in_progress\"?"},
		},
		{
			name:  "bad scorecard status",
			edits: []edit{rep(market, `status = "final"`, `status = "Final"`)},
			want:  []string{market + ":2:1: error: status must be \"final\" or \"draft\", not \"Final\"; did you mean \"final\"?"},
		},
		{
			name:  "bad adjustment kind",
			edits: []edit{rep(market, `kind = "bonus"`, `kind = "bonis"`)},
			want:  []string{market + ":77:1: error: kind must be \"bonus\", \"penalty\" or \"veto\", not \"bonis\"; did you mean \"bonus\"?"},
		},
		{
			name:  "bonus without positive points",
			edits: []edit{rep(market, "points = 1\nreason", "points = -1\nreason")},
			want:  []string{market + ":78:1: error: points of a bonus must be more than 0, not -1"},
		},
		{
			name:  "veto with points",
			edits: []edit{rep(tax, "rule = \"work-safety\"\n", "rule = \"work-safety\"\npoints = 2\n")},
			want:  []string{tax + ":47:1: error: a veto has no points: the deduct of its rule in data/2024/scheme.toml applies; remove points"},
		},
		{
			name:  "grades not best first",
			edits: []edit{rep(scheme, "min = 80", "min = 95")},
			want:  []string{scheme + ":33:1: error: grades are listed best first, so each min must be lower than the one before: \"优秀\" has min 90, \"良好\" has min 95"},
		},
		{
			name:  "quota out of range",
			edits: []edit{rep(scheme, "quota = 0.5", "quota = 1.5")},
			want:  []string{scheme + ":29:1: error: quota is a share of the group: more than 0 and at most 1 (0.2 for 20%), not 1.5"},
		},
		{
			name:  "veto max_grade not a grade",
			edits: []edit{rep(scheme, `max_grade = "不合格"`, `max_grade = "差"`)},
			want:  []string{scheme + ":46:1: error: max_grade \"差\" is not a grade of this scheme; the grades are: 优秀, 良好, 合格, 不合格"},
		},
		{
			name:  "date with a time",
			edits: []edit{rep(market, "evaluated = 2025-02-15", "evaluated = 2025-02-15T10:00:00")},
			want:  []string{market + ":3:1: error: evaluated must be a date like 2024-02-20, without a time"},
		},
		{
			name:  "date in quotes",
			edits: []edit{rep(market, "evaluated = 2025-02-15", `evaluated = "2025-02-15"`)},
			want:  []string{market + ":3:1: error: evaluated must be a date like 2024-02-20 (no quotes), not a string \"2025-02-15\"; remove the quotes"},
		},
		{
			name:  "overdue rectification",
			edits: []edit{rep(market, "due = 2025-06-30", "due = 2025-03-01")},
			want:  []string{market + ":88:1: warning: rectification \"投诉举报按时办结率未达标\" was due 2025-03-01 and is not done (status in_progress)"},
		},
		{
			name:  "target changes out of order",
			edits: []edit{rep(market, "approved_by = \"市考评办\"\n", "approved_by = \"市考评办\"\n\n[[indicator.target_change]]\nfrom = 0.9\nto = 1.0\ndate = 2024-03-01\n")},
			want:  []string{market + ":51:1: warning: target_change entries are out of date order: 2024-03-01 comes after 2024-06-30; list them oldest first"},
		},
		{
			name: "cycle without scorecards; groups matching no department",
			edits: []edit{
				appendTo(depts, "\n[[group]]\nid = \"rural\"\nname = \"涉农类\"\n"),
				write("data/2023/scheme.toml", "title = \"2023\"\ntotal = 10\n[[dimension]]\nid = \"public\"\nname = \"服务对象\"\n[[grade]]\nname = \"合格\"\nmin = 0\n[[indicator]]\nid = \"x\"\nname = \"X\"\ndimension = \"public\"\npoints = 10\nmethod = \"rating\"\ngroups = [\"rural\"]\n"),
			},
			want: []string{
				"data/2023/scheme.toml:15:1: warning: common indicator \"x\" applies to groups rural, but no department is in them",
				deptsAt + "12:1: warning: department \"market\" has no scorecard in cycle 2023 (data/2023/market.toml)",
				deptsAt + "19:1: warning: department \"tax\" has no scorecard in cycle 2023 (data/2023/tax.toml)",
				deptsAt + "24:1: warning: department \"health\" has no scorecard in cycle 2023 (data/2023/health.toml)",
			},
		},
		{
			name: "cycle id with an underscore, and its narrative",
			edits: []edit{
				write("data/2024_h1/scheme.toml", "title = \"2024上半年\"\ntotal = 10\n[[dimension]]\nid = \"public\"\nname = \"服务对象\"\n[[grade]]\nname = \"合格\"\nmin = 0\n"),
				write("content/2024_h1/_index.md", "+++\ntitle = \"上半年\"\n+++\n"),
			},
			want: []string{
				deptsAt + "12:1: warning: department \"market\" has no scorecard in cycle 2024_h1 (data/2024_h1/market.toml)",
				deptsAt + "19:1: warning: department \"tax\" has no scorecard in cycle 2024_h1 (data/2024_h1/tax.toml)",
				deptsAt + "24:1: warning: department \"health\" has no scorecard in cycle 2024_h1 (data/2024_h1/health.toml)",
			},
		},
		{
			name:  "cycle without a scheme",
			edits: []edit{mkdir("data/2025")},
			want:  []string{"data/2025/scheme.toml: error: data/2025/scheme.toml not found; every cycle folder needs its scheme (see SPEC §5)"},
		},
		{
			name:  "bad cycle folder name",
			edits: []edit{mkdir("data/Year 2025")},
			want:  []string{"data/Year 2025: error: cycle folder name \"Year 2025\" is not a valid cycle id: cycle ids may use only lowercase letters a-z, digits 0-9, - and _, must start with a letter or digit and be at most 64 characters"},
		},
		{
			name:  "file over 8 MiB",
			edits: []edit{bigFile("data/2024/big.toml", 9<<20)},
			want:  []string{"data/2024/big.toml: error: file is too large (9.0 MiB); files over 8 MiB are refused: split it into smaller files"},
		},
		{
			name:  "front matter that is not TOML",
			edits: []edit{rep(about, "weight = 10", "weight = 10 10")},
			want:  []string{about + ":4:12: error: TOML syntax error: unexpected text after the value; write one key = value per line and put text in quotes"},
		},
		{
			name:  "front matter with an unknown key",
			edits: []edit{rep(about, "weight = 10", "wieght = 10")},
			want:  []string{about + ":4:1: error: unknown key \"wieght\" in the front matter; did you mean \"weight\"?"},
		},
		{
			name:  "front matter without a title",
			edits: []edit{rep("content/2024/market.md", "title = \"市场监管局2024年度分析\"\n", "")},
			want:  []string{"content/2024/market.md:1: error: missing required key \"title\" in the front matter"},
		},
		{
			name:  "missing front matter",
			edits: []edit{write(about, "# 关于\n")},
			want:  []string{about + ":1: error: missing front matter: start the file with a line +++, then title = \"…\", then another line +++"},
		},
		{
			name:  "front matter not closed",
			edits: []edit{write(about, "+++\ntitle = \"关于\"\n# 关于\n")},
			want:  []string{about + ":1: error: front matter is not closed: add a line +++ after its last key"},
		},
		{
			name:  "content page beside its cycle",
			edits: []edit{write("content/2024.md", "+++\ntitle = \"2024\"\n+++\n")},
			want:  []string{"content/2024.md: error: content/2024.md would publish the same address /2024/ as cycle 2024; move it to content/2024/_index.md"},
		},
		{
			name:  "content page on a built-in address",
			edits: []edit{write("content/data.md", "+++\ntitle = \"数据\"\n+++\n")},
			want:  []string{"content/data.md: error: content/data.md would publish the same address /data/ as a page the site generates; rename it"},
		},
		{
			name:  "two content files on one address",
			edits: []edit{write("content/about/_index.md", "+++\ntitle = \"关于\"\n+++\n")},
			want:  []string{"content/about/_index.md: error: content/about/_index.md would publish the same address /about/ as content/about.md; remove or rename one of them"},
		},
		{
			name:  "narrative of a department without a scorecard",
			edits: []edit{write("content/2024/markets.md", "+++\ntitle = \"x\"\n+++\n")},
			want:  []string{"content/2024/markets.md: error: no scorecard data/2024/markets.toml for this narrative: content/2024/ holds _index.md and one page per department with a scorecard in cycle 2024; did you mean \"market\"?"},
		},
		{
			name:  "narrative of an unknown department",
			edits: []edit{write("content/departments/taxx.md", "+++\ntitle = \"x\"\n+++\n")},
			want:  []string{"content/departments/taxx.md: error: unknown department \"taxx\": content/departments/taxx.md is the narrative of a department in data/departments.toml; did you mean \"tax\"?"},
		},
		{
			name:  "content file name unusable in an address",
			edits: []edit{write("content/About Us.md", "+++\ntitle = \"x\"\n+++\n")},
			want:  []string{"content/About Us.md: error: \"About Us\" cannot be part of a web address: name content files and folders with lowercase letters a-z, digits 0-9 and - only"},
		},
		{
			name:  "link to a file outside the site",
			edits: []edit{symlink(secret, "content/secret.md")},
			want:  []string{"content/secret.md: error: content/secret.md is a link to " + secretReal + ", outside the site folder; links out of the site are not followed: copy the file into the site instead"},
		},
		{
			name:  "link inside the site is followed",
			edits: []edit{symlink("about.md", "content/faq.md")},
			want:  nil,
		},
		{
			name:  "base_url without a slash; language unknown",
			edits: []edit{rep(siteF, `base_url = "https://perf.example.gov.cn/"`, `base_url = "https://perf.example.gov.cn/perf"`), rep(siteF, `language = "zh-CN"`, `language = "zh"`)},
			want: []string{
				siteF + ":2:1: warning: base_url should end with \"/\"; using \"https://perf.example.gov.cn/perf/\"",
				siteF + ":3:1: error: language must be \"zh-CN\" or \"en\", not \"zh\"",
			},
		},
		{
			name:  "base_url not a web address; no feedback",
			edits: []edit{rep(siteF, `base_url = "https://perf.example.gov.cn/"`, `base_url = "perf.example.gov.cn"`), rep(siteF, "[feedback]\nemail = \"perf@example.gov.cn\"\nphone = \"12345\"\n", "")},
			want: []string{
				siteF + ": error: site.toml has no [feedback] table: add one with at least one of email, phone or url, so readers can reach you",
				siteF + ":2:1: error: base_url must be a full web address starting with https:// or http://, not \"perf.example.gov.cn\"",
			},
		},
		{
			name:  "missing site.toml",
			edits: []edit{remove(siteF)},
			want:  []string{siteF + ": error: site.toml not found; every site needs one (see SPEC §2)"},
		},
	}
}

func TestBrokenInputs(t *testing.T) {
	tests := brokenInputs(t)
	if len(tests) < 30 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			for _, e := range tt.edits {
				e(t, dir)
			}
			_, l := load(t, dir)
			got := strs(l.Items())
			want := append([]string(nil), tt.want...)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func appendTo(file, text string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(b, text...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func remove(file string) edit {
	return func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(file))); err != nil {
			t.Fatal(err)
		}
	}
}

// crlf rewrites a file with CRLF line ends, and a BOM when asked.
func crlf(file string, bom bool) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), "\n", "\r\n")
		if bom {
			s = "\uFEFF" + s
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// bigFile makes a sparse file of the given size: nothing is written, so it costs no disk.
func bigFile(file string, size int64) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		f, err := os.Create(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(target, link string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skipf("cannot make links here: %v", err)
		}
	}
}

// One file with three problems reports all three.
func TestEveryProblemIsReported(t *testing.T) {
	dir := copyFixture(t)
	rep(market, "actual = 97.3", "actual = nan")(t, dir)
	rep(market, "unit = \"工作日\"", "units = \"工作日\"")(t, dir)
	rep(market, `status = "in_progress"`, `status = "pending"`)(t, dir)
	_, l := load(t, dir)
	got := strs(l.Items())
	want := []string{
		market + ":28:1: error: unknown key \"units\" in [[indicator]]; did you mean \"unit\"?",
		market + ":7:1: error: actual is nan; write a number",
		market + ":89:1: error: status must be \"open\", \"in_progress\" or \"done\", not \"pending\"",
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The merged scorecard: common indicators first in scheme order, with the scheme's
// definition and the card's values, then the card's own indicators.
func TestMerge(t *testing.T) {
	s, l := load(t, copyFixture(t))
	if l.HasErrors() {
		t.Fatal(l)
	}
	var card *model.Scorecard
	for _, c := range s.Cycles[0].Cards {
		if c.Department == "market" {
			card = c
		}
	}
	var ids []string
	for _, in := range card.Indicators {
		ids = append(ids, in.ID)
	}
	if got := strings.Join(ids, " "); got != "budget-execution satisfaction enterprise-visits startup-days complaint-handling safety-audit training" {
		t.Fatalf("indicators %s", got)
	}
	be := card.Indicators[0]
	if !be.Common || be.Method != model.Ratio || be.Target == nil || !be.Target.Equal(decimal.Int(95)) {
		t.Errorf("budget-execution should carry the scheme's definition: %+v", be)
	}
	if be.Actual == nil || !be.Actual.Equal(decimal.MustParse("97.3")) {
		t.Errorf("budget-execution actual %v, want 97.3", be.Actual)
	}
	if got := be.Pos("actual").String(); got != market+":7:1" {
		t.Errorf("actual at %s", got)
	}
	if got := be.DefOrigin().Pos("target").String(); got != scheme+":57:1" {
		t.Errorf("target at %s", got)
	}
	if got := be.Pos("progress", "Q3").String(); got != market+":8:36" {
		t.Errorf("progress.Q3 at %s", got)
	}
	if q2, _ := be.Progress.Get("Q2"); !q2.Equal(decimal.Int(46)) {
		t.Errorf("progress Q2 = %s", q2)
	}
	sd := card.Indicators[3]
	if sd.Common || sd.Direction != model.Lower || len(sd.TargetChanges) != 1 || sd.TargetChanges[0].Date != (model.Date{Year: 2024, Month: 6, Day: 30}) {
		t.Errorf("startup-days: %+v", sd)
	}
	if got := sd.TargetChanges[0].Pos("reason").String(); got != market+":45:1" {
		t.Errorf("target change reason at %s", got)
	}
	sat := card.Indicators[1]
	if sat.Survey == nil || sat.Survey.Respondents != 1200 || sat.Source != "第三方调查" {
		t.Errorf("satisfaction survey %+v source %q", sat.Survey, sat.Source)
	}
	ch := card.Indicators[4]
	if len(ch.Bands) != 3 || !ch.Bands[1].Threshold.Equal(decimal.Int(90)) || !ch.Bands[1].Fraction.Equal(decimal.MustParse("0.8")) {
		t.Errorf("bands %+v", ch.Bands)
	}
	if len(card.Adjustments) != 1 || card.Adjustments[0].Kind != model.Bonus || len(card.Rectifications) != 2 || card.Rectifications[1].Done != (model.Date{Year: 2024, Month: 12, Day: 20}) {
		t.Errorf("adjustments %+v rectifications %+v", card.Adjustments, card.Rectifications)
	}

	// The draft keeps a missing common indicator, without values.
	h := s.Cycles[0].Cards[0]
	if !h.Draft || len(h.Indicators) != 5 || h.Indicators[1].ID != "satisfaction" || h.Indicators[1].HasActual() {
		t.Errorf("health draft: %+v", h)
	}
	if s.Cycles[0].Scheme.Vetoes[0].MaxGrade != "不合格" || s.Config.Language != "zh-CN" || s.Config.Theme != "default" {
		t.Errorf("defaults not applied")
	}
}
