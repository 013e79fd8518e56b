package hostile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"perfsite/generator/build"
	"perfsite/generator/diag"
	"perfsite/generator/scaffold"
	"perfsite/generator/score"
)

// fuzzSite writes the scaffold's site, whose market-regulation scorecard the
// fuzzer replaces, and returns that file and its text.
func fuzzSite(f *testing.F) (dir, card string, seed []byte) {
	dir = filepath.Join(f.TempDir(), "site")
	if err := scaffold.Site(dir); err != nil {
		f.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "data", "*", "market-regulation.toml"))
	if len(matches) != 1 {
		f.Fatalf("no market-regulation scorecard in the scaffold: %v", matches)
	}
	seed, err := os.ReadFile(matches[0])
	if err != nil {
		f.Fatal(err)
	}
	return dir, matches[0], seed
}

// FuzzCheck replaces one scorecard of a small valid site with fuzzed bytes and
// runs build.Check: it must return within seconds, without a panic (loading
// turns panics into an "internal error" problem, which counts as one), with
// every problem placed in a file; and when it scores the site, every score must
// make sense.
//
//	go test ./generator/hostile -run '^$' -fuzz FuzzCheck -fuzzminimizetime 3s
func FuzzCheck(f *testing.F) {
	dir, card, seed := fuzzSite(f)
	f.Add(seed)
	f.Add([]byte(strings.Replace(string(seed), "actual = 100\n", "actual = 1e308\nprogress = { Q1 = -5e-324 }\n", 1)))
	f.Add([]byte(strings.Replace(string(seed), "actual = 95\n", "actual = 95\n\n[[adjustment]]\nkind = \"veto\"\nrule = \"x\"\nreason = \"\u202e\"\n", 1)))
	f.Add([]byte(string(seed) + "\n[[rectification]]\nissue = \"x\"\nstatus = \"done\"\ndone = 2024-01-01\n[[indicator.target_change]]\nfrom = 1\nto = 2\n"))
	f.Add([]byte(string(seed) + "\nx = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n"))
	f.Add([]byte("department = \"market-regulation\"\nstatus = \"draft\"\n[[indicator]]\nid = \"own\"\nname = \"x\"\ndimension = \"process\"\npoints = 50\nmethod = \"bands\"\nbands = [[1, 0.5], [1, 1]]\nactual = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(card, data, 0o644); err != nil {
			t.Fatal(err)
		}
		type result struct {
			r     *score.Result
			diags *diag.List
		}
		done := make(chan result, 1)
		go func() {
			_, r, diags := build.Check(dir, today)
			done <- result{r, diags}
		}()
		var res result
		select {
		case res = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("check did not finish within 10 s")
		}
		for _, d := range res.diags.Items() {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("a panic inside: %v", d)
			}
			if d.File == "" || d.Message == "" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("a problem without a place: %v", d)
			}
		}
		if res.r == nil {
			if !res.diags.HasErrors() {
				t.Fatal("no result and no error")
			}
			return
		}
		for _, c := range res.r.Cycles {
			for _, d := range c.Departments {
				checkDepartment(t, d)
			}
		}
	})
}
