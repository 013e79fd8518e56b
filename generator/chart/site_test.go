package chart_test

import (
	"path/filepath"
	"testing"

	"perfsite/generator/build"
	"perfsite/generator/chart"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/render"
	"perfsite/generator/score"
	"perfsite/generator/synth"
)

// discard takes a site's pages and keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// Every chart of the example site and of a synthetic one, encoded both ways.
func TestSiteOptionsMatchReference(t *testing.T) {
	if testing.Short() {
		t.Skip("renders two whole sites")
	}
	synthetic := filepath.Join(t.TempDir(), "synth")
	if err := synth.Write(synthetic, synth.Params{Departments: 12, Cycles: 3, Indicators: 40, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"example": filepath.Join("..", ".."), "synthetic": synthetic} {
		t.Run(name, func(t *testing.T) {
			day := model.Date{Year: 2026, Month: 1, Day: 1}
			s, diags := load.SiteAt(dir, day)
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			s = build.WithoutDrafts(s)
			stop := chart.Checking()
			err := render.Site(s, score.Site(s), render.Options{Today: day, Version: "test"}, nil, discard{})
			checked, differ := stop()
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range differ {
				t.Error(d)
			}
			if checked < 20 {
				t.Errorf("checked %d options", checked)
			}
			t.Logf("%d options", checked)
		})
	}
}
