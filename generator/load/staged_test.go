package load

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"perfsite/generator/model"
	"perfsite/generator/synth"
)

// What a caller of Staged does with a cycle's Cards once Cards has read them.
const (
	keepCards = iota // leaves them
	dropCards        // sets them to nil
	standIns         // replaces them with stand-ins that match no file
	skipCards        // never calls Cards: Finish reads them
)

// sameAsSiteAt checks that Stage, Cards for every cycle and Finish give the site
// and the problems SiteAt gives, whatever the caller does with the Cards between.
func sameAsSiteAt(t *testing.T, dir string) {
	t.Helper()
	want, wantDiags := SiteAt(dir, today)
	settle(reflect.ValueOf(want), map[uintptr]bool{})
	for _, mode := range []int{keepCards, dropCards, standIns, skipCards} {
		got, st := Stage(dir, today)
		for _, c := range got.Cycles {
			if len(c.Cards) != 0 {
				t.Fatalf("mode %d: cycle %s has cards before Cards", mode, c.ID)
			}
		}
		kept := map[*model.Cycle][]*model.Scorecard{}
		for _, c := range got.Cycles {
			if mode == skipCards {
				break
			}
			st.Cards(c)
			kept[c] = c.Cards
			switch mode {
			case dropCards:
				c.Cards = nil
			case standIns:
				c.Cards = []*model.Scorecard{{Department: "stand-in"}}
			}
		}
		if st.Diags().Len() > st.Finish().Len() {
			t.Fatalf("mode %d: Finish lost problems", mode)
		}
		if g, w := st.Diags().String(), wantDiags.String(); g != w {
			t.Errorf("mode %d: problems differ from SiteAt's:\n%s\nwant:\n%s", mode, g, w)
		}
		for c, cards := range kept {
			c.Cards = cards
		}
		settle(reflect.ValueOf(got), map[uintptr]bool{})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("mode %d: site differs from SiteAt's: %s", mode, firstDifference(got, want))
		}
	}
}

// settle finds the key positions of every Source in v, so that sites read at
// different times compare equal: a Source keeps the function that finds them
// until they are first asked for.
func settle(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		if s, ok := v.Interface().(*model.Source); ok {
			s.At("")
			return
		}
		settle(v.Elem(), seen)
	case reflect.Interface:
		if !v.IsNil() {
			settle(v.Elem(), seen)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanInterface() {
				settle(f, seen)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			settle(v.Index(i), seen)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			settle(it.Value(), seen)
		}
	}
}

// firstDifference names the first part of the site that differs.
func firstDifference(got, want *model.Site) string {
	parts := func(s *model.Site) map[string]any {
		m := map[string]any{"config": s.Config, "groups": s.Groups, "departments": s.Departments, "content": s.Content, "cycles": len(s.Cycles)}
		for _, c := range s.Cycles {
			m["cycle "+c.ID+" scheme"] = c.Scheme
			for _, card := range c.Cards {
				m["cycle "+c.ID+" card "+card.Department] = card
			}
		}
		return m
	}
	g, w := parts(got), parts(want)
	for k := range w {
		if !reflect.DeepEqual(g[k], w[k]) {
			return k
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			return "extra " + k
		}
	}
	return "elsewhere"
}

func TestStagedExampleSite(t *testing.T) {
	s, _ := SiteAt("../..", today)
	if len(s.Cycles) < 2 {
		t.Fatalf("the example site should have several cycles, not %d", len(s.Cycles))
	}
	sameAsSiteAt(t, "../..")
}

func TestStagedSyntheticSite(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Params{Departments: 20, Cycles: 3, Indicators: 10, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	sameAsSiteAt(t, dir)
}

func TestStagedMissingSite(t *testing.T) {
	sameAsSiteAt(t, filepath.Join(t.TempDir(), "nowhere"))
}

func TestStagedBrokenSites(t *testing.T) {
	cases := append(brokenInputs(t),
		brokenCase{name: "scheme with a syntax error, and scorecards", edits: []edit{appendTo(scheme, "\nbroken = \n")}},
		brokenCase{name: "scorecard with a syntax error in a cycle without a scheme", edits: []edit{write("data/2025/tax.toml", "department = \n")}},
		brokenCase{name: "second cycle with a card missing, a card broken and a narrative without a card", edits: []edit{
			copyCycle("data/2024", "data/2023"),
			remove("data/2023/health.toml"),
			rep("data/2023/tax.toml", `name = "审计问题"`, `name = "审计问题`),
			write("content/2023/_index.md", "+++\ntitle = \"2023\"\n+++\n"),
			write("content/2023/health.md", "+++\ntitle = \"x\"\n+++\n"),
		}},
		brokenCase{name: "content naming an unknown cycle and department", edits: []edit{
			write("content/2019/market.md", "+++\ntitle = \"x\"\n+++\n"),
			write("content/2024/nobody.md", "+++\ntitle = \"x\"\n+++\n"),
			write("content/departments/nobody.md", "+++\ntitle = \"x\"\n+++\n"),
		}},
	)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			for _, e := range tt.edits {
				e(t, dir)
			}
			sameAsSiteAt(t, dir)
		})
	}
}

// copyCycle copies the files of one cycle folder into another.
func copyCycle(from, to string) edit {
	return func(t *testing.T, dir string) {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(dir, from))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, from, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(b), from+"/", to+"/")
			write(to+"/"+e.Name(), text)(t, dir)
		}
	}
}
