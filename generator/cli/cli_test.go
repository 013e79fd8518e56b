package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func exampleSite(t *testing.T) string {
	t.Helper()
	root, _ := filepath.Abs("../..")
	return root
}

// copySite copies the example site's inputs so a test can break them.
func copySite(t *testing.T) string {
	t.Helper()
	src := exampleSite(t)
	dst := t.TempDir()
	for _, name := range []string{"site.toml", "data", "content"} {
		filepath.WalkDir(filepath.Join(src, name), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, _ := os.ReadFile(p)
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
	}
	return dst
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"build", "--nope"}, {"check", "--format", "xml"}, {"new"}, {"new", "thing"}, {"verify"}, {"check", "stray"}} {
		if code, _, _ := run(args...); code != Usage {
			t.Errorf("perfsite %v exited %d, want %d", args, code, Usage)
		}
	}
}

func TestCheckExampleSite(t *testing.T) {
	code, out, _ := run("check", "-s", exampleSite(t))
	if code != OK {
		t.Fatalf("check exited %d:\n%s", code, out)
	}
	if !strings.Contains(out, "ok: 3 cycles, 18 departments, 54 scorecards (1 draft)") {
		t.Errorf("summary missing or changed:\n%s", out)
	}
}

func TestCheckBrokenCopyListsEveryProblem(t *testing.T) {
	site := copySite(t)
	edit := func(file, from, to string) {
		p := filepath.Join(site, file)
		b, _ := os.ReadFile(p)
		s := strings.Replace(string(b), from, to, 1)
		if s == string(b) {
			t.Fatalf("%s has no %q", file, from)
		}
		os.WriteFile(p, []byte(s), 0o644)
	}
	edit("data/2024/justice.toml", `dimension = "process"`, `dimension = "proces"`)
	edit("data/2024/education.toml", "\nactual = ", "\nactual = nan #")
	edit("data/2024/health.toml", "\npoints = ", "\npoints = 1")
	edit("data/departments.toml", "ranked = true", "rankd = true")
	code, out, _ := run("check", "-s", site)
	if code != Invalid {
		t.Fatalf("check exited %d, want 1", code)
	}
	for _, want := range []string{
		`data/2024/justice.toml:`, `unknown dimension "proces"; did you mean "process"?`,
		`data/2024/education.toml:`, `nan`,
		`data/2024/health.toml`, `add up to`,
		`data/departments.toml:`, `did you mean "ranked"?`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := run("check", "-s", exampleSite(t), "--format", "json")
	if code != OK {
		t.Fatalf("exit %d", code)
	}
	var rep struct {
		Errors   []map[string]any `json:"errors"`
		Warnings []map[string]any `json:"warnings"`
		Cycles   []struct {
			ID          string `json:"id"`
			Departments []struct {
				ID          string      `json:"id"`
				Status      string      `json:"status"`
				Total       json.Number `json:"total"`
				Grade       *string     `json:"grade"`
				RankGroup   *int        `json:"rank_group"`
				RankOverall *int        `json:"rank_overall"`
				Dimensions  []struct {
					ID    string      `json:"id"`
					Score json.Number `json:"score"`
				} `json:"dimensions"`
			} `json:"departments"`
		} `json:"cycles"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 0 || len(rep.Cycles) != 3 {
		t.Fatalf("errors %d, cycles %d", len(rep.Errors), len(rep.Cycles))
	}
	for _, c := range rep.Cycles {
		for _, d := range c.Departments {
			if !strings.Contains(string(d.Total), ".") || len(strings.SplitN(string(d.Total), ".", 2)[1]) != 2 {
				t.Errorf("%s/%s total %s not written with its two published decimals", c.ID, d.ID, d.Total)
			}
			switch {
			case d.Status == "draft" && (d.Grade != nil || d.RankGroup != nil):
				t.Errorf("draft %s/%s has a grade or rank", c.ID, d.ID)
			case d.Status == "final" && d.Grade == nil:
				t.Errorf("final %s/%s has no grade", c.ID, d.ID)
			}
			if d.ID == "taxation" && d.RankGroup != nil {
				t.Errorf("unranked department has rank %d", *d.RankGroup)
			}
		}
	}
	// The hand-checked example: market-regulation 2024 (see data/2024/market-regulation.toml).
	for _, d := range rep.Cycles[2].Departments {
		if d.ID == "market-regulation" {
			if d.Total != "92.19" || *d.Grade != "良好" || *d.RankGroup != 2 {
				t.Errorf("market-regulation 2024: total %s grade %s rank %d, want 92.19 良好 2", d.Total, *d.Grade, *d.RankGroup)
			}
		}
	}
}

func TestScoreExplainAddsUp(t *testing.T) {
	code, out, errs := run("score", "-s", exampleSite(t), "--cycle", "2024", "--department", "market-regulation", "--explain")
	if code != OK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"8 × (1.4 − 3)/(1 − 3) = 6.40", "indicators         87.19", "+ bonus             5.00  (6.5 claimed, capped)", "= total            92.19", "grade 良好 (by score 优秀)"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run("score", "-s", exampleSite(t), "--cycle", "1999"); code != Usage {
		t.Errorf("unknown cycle exited %d", code)
	}
}

func TestNewSiteThenScorecard(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, errs := run("new", "site", dir); code != OK {
		t.Fatalf("new site: %d %s", code, errs)
	}
	if code, out, _ := run("check", "-s", dir); code != OK {
		t.Fatalf("a new site does not pass check:\n%s", out)
	}
	if code, _, _ := run("new", "site", dir); code == OK {
		t.Fatal("new site overwrote a non-empty folder")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "data"))
	cycle := ""
	for _, e := range entries {
		if e.IsDir() {
			cycle = e.Name()
		}
	}
	os.Remove(filepath.Join(dir, "data", cycle, "finance-bureau.toml"))
	code, _, errs := run("new", "scorecard", "-s", dir, "--cycle", cycle, "--department", "finance-bureau")
	if code != OK {
		t.Fatalf("new scorecard: %d %s", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "data", cycle, "finance-bureau.toml"))
	text := string(b)
	for _, want := range []string{`department = "finance-bureau"`, `status = "draft"`, `id = "budget-execution"`, "target 95%", "# actual = ", "(50 left)"} {
		if !strings.Contains(text, want) {
			t.Errorf("scorecard lacks %q:\n%s", want, text)
		}
	}
	if code, _, _ := run("new", "scorecard", "-s", dir, "--cycle", cycle, "--department", "finance-bureau"); code == OK {
		t.Error("new scorecard overwrote an existing file")
	}
	if code, _, errs := run("new", "scorecard", "-s", dir, "--cycle", cycle, "--department", "nobody"); code == OK || !strings.Contains(errs, "no department") {
		t.Errorf("unknown department: exit %d, %q", code, errs)
	}
}

func TestBuildAndVerify(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, errs := run("build", "-s", exampleSite(t), "-d", out)
	if code != OK {
		t.Fatalf("build: %d %s", code, errs)
	}
	if !strings.HasPrefix(stdout, "built ") || !strings.Contains(stdout, " pages, ") {
		t.Errorf("summary line: %q", stdout)
	}
	if code, o, _ := run("verify", out); code != OK {
		t.Fatalf("verify: %d %s", code, o)
	}
	if code, _, _ := run("verify", t.TempDir()); code != Invalid {
		t.Errorf("verify of an empty folder exited %d", code)
	}
}

func TestVersion(t *testing.T) {
	if code, out, _ := run("version"); code != OK || !strings.HasPrefix(out, "perfsite ") {
		t.Fatalf("version: %d %q", code, out)
	}
}
