package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

var day = model.Date{Year: 2026, Month: 1, Day: 1}

// files reads every file below dir by slash path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteLoadsWithoutErrors(t *testing.T) {
	p := Params{Departments: 20, Cycles: 3, Indicators: 40, Seed: 1}
	dir := t.TempDir()
	if err := Write(dir, p); err != nil {
		t.Fatal(err)
	}
	s, diags := load.SiteAt(dir, day)
	for _, d := range diags.Items() {
		if d.Severity == diag.Error {
			t.Errorf("%s", d)
		}
	}
	if t.Failed() {
		return
	}
	if len(s.Departments) != 20 || len(s.Cycles) != 3 {
		t.Fatalf("loaded %d departments and %d cycles, want 20 and 3", len(s.Departments), len(s.Cycles))
	}
	if got := s.Cycles[0].ID; got != "2022" {
		t.Errorf("first cycle is %s, want 2022 (three cycles ending with %d)", got, LastCycle)
	}
	ranked, unranked := 0, 0
	for _, g := range s.Groups {
		if g.Ranked {
			ranked++
		} else {
			unranked++
		}
	}
	if ranked < 6 || unranked != 1 {
		t.Errorf("%d ranked and %d unranked groups, want about eight with exactly one unranked", ranked, unranked)
	}

	// Every method and direction of SPEC §7 appears in the newest cycle.
	seen := map[string]bool{}
	var adjustments, rectifications, changes, surveys, narratives int
	last := s.Cycles[len(s.Cycles)-1]
	for _, c := range s.Cycles {
		if len(c.Cards) != 20 {
			t.Errorf("cycle %s has %d scorecards, want 20", c.ID, len(c.Cards))
		}
		if len(c.Scheme.Dimensions) != 4 || len(c.Scheme.Vetoes) == 0 || c.Scheme.BonusCap == nil || c.Scheme.PenaltyCap == nil {
			t.Errorf("cycle %s scheme: %d dimensions, %d vetoes, caps %v %v", c.ID, len(c.Scheme.Dimensions), len(c.Scheme.Vetoes), c.Scheme.BonusCap, c.Scheme.PenaltyCap)
		}
		if c.Scheme.Grades[0].Quota == nil {
			t.Errorf("cycle %s: the best grade has no quota", c.ID)
		}
		for _, card := range c.Cards {
			if len(card.Indicators) != 40 {
				t.Errorf("%s: %d indicators, want 40", card.Src.File, len(card.Indicators))
			}
			adjustments += len(card.Adjustments)
			rectifications += len(card.Rectifications)
			for _, in := range card.Indicators {
				changes += len(in.TargetChanges)
				if c != last {
					continue
				}
				kind := in.Method + " " + in.Direction
				switch {
				case in.Method == model.PassFail && in.Achieved != nil:
					kind = "pass_fail achieved"
				case in.Method == model.Linear && in.Lo != nil:
					kind += " lo"
				case in.Method == model.Rating && in.Survey != nil:
					kind += " survey"
					surveys++
				}
				seen[kind] = true
			}
		}
	}
	for _, want := range []string{"ratio higher", "ratio lower", "linear higher lo", "linear lower lo", "bands higher", "bands lower",
		"pass_fail higher", "pass_fail achieved", "deduct lower", "rating higher survey", "manual higher"} {
		if !seen[want] {
			t.Errorf("no indicator scored by %s", want)
		}
	}
	for _, c := range s.Content {
		if strings.Count(c.Path, "/") == 2 && !strings.HasSuffix(c.Path, "_index.md") {
			narratives++
		}
	}
	if adjustments == 0 || rectifications == 0 || changes == 0 || surveys == 0 || narratives == 0 {
		t.Errorf("adjustments %d, rectifications %d, target changes %d, surveys %d, narratives %d: want some of each", adjustments, rectifications, changes, surveys, narratives)
	}

	// Points add up, so scoring gives totals within the scheme's range.
	r := score.Site(s)
	for _, c := range r.Cycles {
		for _, d := range c.Departments {
			if d.Total.Sign() < 0 || d.Total.Greater(decimal.Int(105)) {
				t.Errorf("%s %s: total %s outside 0..105", c.ID, d.ID, d.Total)
			}
		}
	}
}

func TestSameSeedSameFiles(t *testing.T) {
	p := Params{Departments: 45, Cycles: 2, Indicators: 25, Seed: 9}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, p); err != nil {
			t.Fatal(err)
		}
	}
	p.Seed = 10
	if err := Write(c, p); err != nil {
		t.Fatal(err)
	}
	fa, fb, fc := files(t, a), files(t, b), files(t, c)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	differ := 0
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
		if !bytes.Equal(data, fc[name]) {
			differ++
		}
	}
	if differ < len(fa)/2 {
		t.Errorf("only %d of %d files changed with another seed", differ, len(fa))
	}
	// 45 departments: the city's 36 bureaus, then 9 of one locality's.
	if _, ok := fa["data/2024/taxation.toml"]; !ok {
		t.Error("no scorecard for the city's taxation bureau")
	}
}

func TestWriteRefuses(t *testing.T) {
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	for _, tc := range []struct {
		name string
		dir  string
		p    Params
	}{
		{"no departments", t.TempDir(), Params{Departments: 0, Cycles: 1, Indicators: 10}},
		{"too few indicators", t.TempDir(), Params{Departments: 1, Cycles: 1, Indicators: 6}},
		{"too many indicators", t.TempDir(), Params{Departments: 1, Cycles: 1, Indicators: 161}},
		{"no cycles", t.TempDir(), Params{Departments: 1, Cycles: 0, Indicators: 10}},
		{"folder not empty", full, Params{Departments: 1, Cycles: 1, Indicators: 10}},
	} {
		if err := Write(tc.dir, tc.p); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{tenths(973), "97.3"}, {tenths(1000), "100"}, {tenths(5), "0.5"}, {tenths(0), "0"},
		{hundredths(60), "0.6"}, {hundredths(125), "1.25"}, {hundredths(100), "1"}, {hundredths(5), "0.05"},
		{q(`a"b\c`), `"a\"b\\c"`},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}

func TestSplitAddsUp(t *testing.T) {
	for _, tc := range []struct{ units, n int }{{160, 34}, {160, 160}, {172, 1}, {100, 60}} {
		parts := split(newRand(1, tc.units), tc.units, tc.n)
		sum := 0
		for _, p := range parts {
			if p < 1 {
				t.Errorf("split(%d, %d) gives a part of %d", tc.units, tc.n, p)
			}
			sum += p
		}
		if sum != tc.units || len(parts) != tc.n {
			t.Errorf("split(%d, %d): %d parts adding up to %d", tc.units, tc.n, len(parts), sum)
		}
	}
}
