package load

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/internal/usage"
)

// Reading and checking one synthetic scorecard of 40 indicators against its scheme,
// as each scorecard of a load is: decodePlain, then card's checks.
func BenchmarkCard(b *testing.B) {
	dir, rel := benchSite(b)
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	site, st := Stage(dir, today)
	if st.Diags().HasErrors() || len(site.Cycles) != 1 {
		b.Fatal(st.Diags().Err())
	}
	scheme, name := site.Cycles[0].Scheme, strings.TrimSuffix(path.Base(rel), ".toml")
	l := st.l
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	start := usage.CPU()
	for b.Loop() {
		l.diags = diag.List{}
		if l.card(rel, name, strings.Clone(text), scheme) == nil || l.diags.HasErrors() {
			b.Fatal(l.diags.Err())
		}
	}
	// The machine may be shared: processor time says more than the clock.
	b.ReportMetric(float64(usage.CPU()-start)/float64(b.N), "cpu-ns/op")
}
