//go:build linux

package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"perfsite/generator/build"
	"perfsite/generator/internal/usage"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/render"
	"perfsite/generator/score"
	"perfsite/generator/synth"
)

// BenchmarkSite renders a synthetic site of N departments × 3 cycles × 40
// indicators, loaded and scored once, into a writer that only counts bytes:
//
//	PERFSITE_BENCH_SITES=/tmp/sites go test ./generator/render -run '^$' -bench 'Site/N=1000$' -benchtime 1x
//
// The sites are read from $PERFSITE_BENCH_SITES (as the build benchmarks keep
// them) or else generated into a temporary folder; sizes of 1000 or more need
// that variable and are skipped with -short.
func BenchmarkSite(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			dir := benchSite(b, n)
			day := model.Date{Year: 2026, Month: 1, Day: 1}
			s, diags := load.SiteAt(dir, day)
			if diags.HasErrors() {
				b.Fatal(diags.Err())
			}
			s = build.WithoutDrafts(s)
			r := score.Site(s)
			opts := render.Options{Today: day, Version: "bench", DataFiles: benchDataFiles(s)}
			b.ReportAllocs()
			b.ResetTimer()
			start := usage.CPU()
			var w countWriter
			for b.Loop() {
				w = countWriter{}
				if err := render.Site(s, r, opts, nil, &w); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((usage.CPU()-start).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(w.bytes.Load())/1e6, "MB/op")
			b.ReportMetric(float64(w.files.Load()), "files/op")
		})
	}
}

func benchSite(b *testing.B, n int) string {
	root := os.Getenv("PERFSITE_BENCH_SITES")
	if n >= 1000 && (testing.Short() || root == "") {
		b.Skip("sites of 1000 departments need PERFSITE_BENCH_SITES and no -short")
	}
	if root == "" {
		root = b.TempDir()
	}
	p := synth.Params{Departments: n, Cycles: 3, Indicators: 40, Seed: 1}
	dir := filepath.Join(root, fmt.Sprintf("n%d-c%d-k%d-s%d", p.Departments, p.Cycles, p.Indicators, p.Seed))
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		if err := synth.Write(dir, p); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchDataFiles lists the open-data files a build would publish, with made-up
// sizes and sums: pages only show them.
func benchDataFiles(s *model.Site) []render.DataFile {
	var files []render.DataFile
	for _, c := range s.Cycles {
		for _, name := range []string{"adjustments.csv", "cycle.json", "departments.csv", "dimensions.csv", "indicators.csv", "progress.csv", "rectifications.csv"} {
			files = append(files, render.DataFile{Path: "data/" + c.ID + "/" + name, Size: 1 << 20, SHA256: fmt.Sprintf("%064x", len(files))})
		}
	}
	return append(files, render.DataFile{Path: "data/SHA256SUMS", Size: 4096, SHA256: fmt.Sprintf("%064x", len(files))})
}

// countWriter keeps nothing but the number of files and bytes written.
type countWriter struct{ files, bytes atomic.Int64 }

func (w *countWriter) WriteFile(rel string, data []byte) error {
	w.files.Add(1)
	w.bytes.Add(int64(len(data)))
	return nil
}

// BenchmarkPages executes one page of each kind of a synthetic site of 10
// departments, its model built once: the cost of the templates alone.
// BenchmarkModels builds the same pages' models.
//
//	go test ./generator/render -run '^$' -bench 'Pages|Models'
func BenchmarkPages(b *testing.B)  { benchPages(b, false) }
func BenchmarkModels(b *testing.B) { benchPages(b, true) }

func benchPages(b *testing.B, models bool) {
	dir := benchSite(b, 10)
	day := model.Date{Year: 2026, Month: 1, Day: 1}
	s, diags := load.SiteAt(dir, day)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	s = build.WithoutDrafts(s)
	r := score.Site(s)
	for _, page := range []string{"2024/agriculture/index.html", "departments/agriculture/index.html", "2024/index.html", "index.html", "2024/dimensions/finance/index.html"} {
		b.Run(page, func(b *testing.B) {
			b.ReportAllocs()
			html, err := render.ExecutePage(s, r, render.Options{Today: day, Version: "bench"}, page, models, b.Loop)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(html)), "bytes/page")
		})
	}
}
