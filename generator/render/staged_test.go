package render

import (
	"bytes"
	"maps"
	"slices"
	"testing"

	"perfsite/generator/model"
	"perfsite/generator/score"
	"perfsite/generator/synth"
)

// renderStaged renders s the way a build does: a cycle at a time, each scored
// against the thinned cycle before it and thinned once its pages are written.
func renderStaged(t *testing.T, s *model.Site, opts Options) memWriter {
	t.Helper()
	w := memWriter{}
	st, err := NewStaged(s, opts, nil, w)
	if err != nil {
		t.Fatal(err)
	}
	var prev *score.Cycle
	for _, mc := range s.Cycles {
		prev = score.Next(s, mc, prev)
		if err := st.Cycle(prev, opts.DataFiles); err != nil {
			t.Fatalf("cycle %s: %v", mc.ID, err)
		}
		prev.Thin()
	}
	if err := st.Finish(opts.DataFiles); err != nil {
		t.Fatal(err)
	}
	return w
}

// A site rendered a cycle at a time, each cycle let go once its pages are
// written, is the site rendered whole, byte for byte: the pages spanning cycles
// need no more than a thinned cycle keeps.
func TestStagedIsSite(t *testing.T) {
	synthDir := t.TempDir()
	if err := synth.Write(synthDir, synth.Params{Departments: 30, Cycles: 3, Indicators: 12, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	files := []DataFile{{Path: "data/2023/departments.csv", Size: 10, SHA256: "ab"}, {Path: "data/2024/cycle.json", Size: 20, SHA256: "cd"}, {Path: "data/SHA256SUMS", Size: 5, SHA256: "ef"}}
	cases := []struct {
		name   string
		site   func() *model.Site
		drafts bool
	}{
		{"fixture", func() *model.Site { return fixture(t, false) }, false},
		{"fixture with drafts", func() *model.Site { return fixture(t, true) }, true},
		{"synthetic", func() *model.Site { return loadSite(t, synthDir) }, false},
		{"example", func() *model.Site { return exampleSite(t) }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Drafts: tc.drafts, Today: today, Version: "1.2.3", DataFiles: files}
			s := tc.site()
			whole := memWriter{}
			if err := Site(s, score.Site(s), opts, nil, whole); err != nil {
				t.Fatal(err)
			}
			staged := renderStaged(t, tc.site(), opts)
			if got, want := slices.Sorted(maps.Keys(staged)), slices.Sorted(maps.Keys(whole)); !slices.Equal(got, want) {
				t.Fatalf("staged render wrote %d files, whole %d", len(got), len(want))
			}
			for rel, data := range whole {
				if !bytes.Equal(staged[rel], data) {
					t.Errorf("%s differs between the staged and the whole render", rel)
				}
			}
			if len(s.Cycles) < 2 {
				t.Errorf("the site has %d cycles: nothing spans cycles", len(s.Cycles))
			}
		})
	}
}

// Cycles must come in their order, each once, before Finish.
func TestStagedRefusesCyclesOutOfTurn(t *testing.T) {
	s := fixture(t, false)
	st, err := NewStaged(s, Options{Today: today}, nil, memWriter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Finish(nil); err == nil {
		t.Error("Finish before the cycles was accepted")
	}
	r := score.Site(s)
	if err := st.Cycle(r.Cycles[1], nil); err == nil {
		t.Error("the second cycle was accepted first")
	}
}
