package load

import (
	"os"
	"path/filepath"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/internal/usage"
	"perfsite/generator/synth"
)

// Reading and checking one synthetic scorecard of 40 indicators against its scheme,
// as each scorecard of a load is: decodePlain, then card's checks.
func BenchmarkCard(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Params{Departments: 2, Cycles: 1, Indicators: 40, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	site, st := Stage(dir, today)
	if st.Diags().HasErrors() || len(site.Cycles) != 1 {
		b.Fatal(st.Diags().Err())
	}
	c := site.Cycles[0]
	names, _ := filepath.Glob(filepath.Join(dir, "data", c.ID, "*.toml"))
	var name string
	for _, n := range names {
		if filepath.Base(n) != "scheme.toml" {
			name = filepath.Base(n)
			break
		}
	}
	rel := "data/" + c.ID + "/" + name
	text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		b.Fatal(err)
	}
	l := st.l
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		l.diags = diag.List{}
		if l.card(rel, name[:len(name)-len(".toml")], string(text), c.Scheme) == nil || l.diags.HasErrors() {
			b.Fatal(l.diags.Err())
		}
	}
	// The machine may be shared: processor time says more than the clock.
	b.ReportMetric(float64(usage.CPU()-start)/float64(b.N), "cpu-ns/op")
}
