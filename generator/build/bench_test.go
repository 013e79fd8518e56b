package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/internal/usage"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/score"
	"perfsite/generator/synth"
)

// Benchmarks of the whole pipeline on synthetic sites of N departments, 3 cycles and
// 40 indicators per scorecard:
//
//	go test ./generator/build -run '^$' -bench . -benchtime 1x          # N = 10 … 5000
//	go test ./generator/build -run '^$' -bench . -short                 # N < 1000 only
//	PERFSITE_BENCH_SITES=/tmp/sites go test ./generator/build -run '^$' -bench 'Build/N=1000$' -cpuprofile cpu.out
//
// The sites are generated once per run, into a temporary folder removed at the end,
// or into $PERFSITE_BENCH_SITES, kept for the next run. Plain `go test` generates nothing.

var benchSizes = []int{10, 100, 1000, 2000, 5000}

const (
	benchCycles     = 3
	benchIndicators = 40
)

var benchDay = model.Date{Year: 2026, Month: 1, Day: 1}

var bench struct {
	mu    sync.Mutex
	root  string
	owned bool // root was made by this run and is removed at its end
	sites map[int]string
}

func TestMain(m *testing.M) {
	code := m.Run()
	bench.mu.Lock()
	if bench.owned {
		os.RemoveAll(bench.root)
	}
	bench.mu.Unlock()
	os.Exit(code)
}

// benchSite returns the folder of the synthetic site of n departments, writing it the
// first time it is asked for.
func benchSite(b *testing.B, n int) string {
	b.Helper()
	if testing.Short() && n >= 1000 {
		b.Skip("-short: skipping sites of 1000 departments or more")
	}
	bench.mu.Lock()
	defer bench.mu.Unlock()
	if dir, ok := bench.sites[n]; ok {
		return dir
	}
	if bench.root == "" {
		if keep := os.Getenv("PERFSITE_BENCH_SITES"); keep != "" {
			bench.root = keep
		} else {
			dir, err := os.MkdirTemp("", "perfsite-bench-")
			if err != nil {
				b.Fatal(err)
			}
			bench.root, bench.owned = dir, true
		}
		bench.sites = map[int]string{}
	}
	p := synth.Params{Departments: n, Cycles: benchCycles, Indicators: benchIndicators, Seed: 1}
	dir := filepath.Join(bench.root, fmt.Sprintf("n%d-c%d-k%d-s%d", p.Departments, p.Cycles, p.Indicators, p.Seed))
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		os.RemoveAll(dir)
		if err := synth.Write(dir, p); err != nil {
			b.Fatal(err)
		}
	}
	bench.sites[n] = dir
	return dir
}

func sizes(b *testing.B, run func(b *testing.B, dir string)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			dir := benchSite(b, n)
			debug.FreeOSMemory() // so peak-MiB counts this benchmark's memory, not the last one's
			b.ReportAllocs()
			b.ResetTimer()
			run(b, dir)
		})
	}
}

// processor records the processor time the loop that follows uses; done reports it per
// operation. The machine may be shared: processor time says more than the clock.
func processor(b *testing.B) (done func()) {
	start := usage.CPU()
	return func() {
		if used := usage.CPU() - start; used > 0 {
			b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
		}
	}
}

// liveHeap is the size of the heap's live objects, after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func perSecond(b *testing.B, count int, unit string) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(count*b.N)/s, unit)
	}
}

func BenchmarkLoad(b *testing.B) {
	sizes(b, func(b *testing.B, dir string) {
		cards := 0
		var s *model.Site
		done := processor(b)
		for b.Loop() {
			s = nil
			var diags *diag.List
			s, diags = load.SiteAt(dir, benchDay)
			if diags.HasErrors() {
				b.Fatal(diags.Err())
			}
			cards = 0
			for _, c := range s.Cycles {
				cards += len(c.Cards)
			}
		}
		done()
		perSecond(b, cards, "cards/s")
		// What the loaded site keeps in memory, which every later collection of a
		// build goes through.
		held := liveHeap()
		runtime.KeepAlive(s)
		s = nil
		b.ReportMetric(float64(held-liveHeap())/float64(cards), "live-B/card")
	})
}

func BenchmarkScore(b *testing.B) {
	sizes(b, func(b *testing.B, dir string) {
		s, diags := load.SiteAt(dir, benchDay)
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		cards := 0
		for _, c := range s.Cycles {
			cards += len(c.Cards)
		}
		done := processor(b)
		for b.Loop() {
			score.Site(s)
		}
		done()
		perSecond(b, cards, "cards/s")
	})
}

// report records pages per second, output size and peak memory of the last build.
func report(b *testing.B, sum *Summary) {
	perSecond(b, sum.Pages, "pages/s")
	b.SetBytes(sum.Bytes)
	b.ReportMetric(float64(sum.Bytes)/1e6, "MB/op")
	if sum.PeakMemory > 0 {
		b.ReportMetric(float64(sum.PeakMemory)/(1<<20), "peak-MiB")
	}
}

func BenchmarkBuild(b *testing.B) {
	sizes(b, func(b *testing.B, dir string) {
		out := filepath.Join(b.TempDir(), "public")
		var sum *Summary
		done := processor(b)
		for b.Loop() {
			var err error
			if sum, err = Build(Options{SiteDir: dir, OutDir: out, Today: benchDay}); err != nil {
				b.Fatal(err)
			}
		}
		done()
		report(b, sum)
	})
}

// BenchmarkRebuild is the preview server's work after one scorecard was saved: the
// value of one indicator changes, back and forth; a snapshot of the site is made
// (the file watcher names the file) and the page open in the browser, the
// department's scorecard, is rendered and its links checked. (Each further open
// page adds its own rendering: the home page of 1,000 departments is the dearest.)
func BenchmarkRebuild(b *testing.B) {
	sizes(b, func(b *testing.B, dir string) {
		b.StopTimer()
		file, edited := editedCard(b, dir)
		orig, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.WriteFile(file, orig, 0o644) })
		page := fmt.Sprint(synth.LastCycle) + "/development-reform/index.html"
		// The preview's caches, warmed by the first snapshot, as when the server has started.
		c := NewCache()
		opts := Options{SiteDir: dir, Today: benchDay}
		if _, err := c.Snapshot(opts, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var snap *Snapshot
		i := 0
		done := processor(b)
		for b.Loop() {
			b.StopTimer()
			content := orig
			if i%2 == 0 {
				content = edited
			}
			i++
			if err := os.WriteFile(file, content, 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if snap, err = c.Snapshot(opts, []string{file}); err != nil {
				b.Fatal(err)
			}
			if broken, err := snap.Broken(page); err != nil || len(broken) > 0 {
				b.Fatalf("%s: %v %v", page, err, broken)
			}
		}
		done()
		b.ReportMetric(float64(len(snap.Paths())), "files")
	})
}

// editedCard is the first scorecard of the newest cycle with its first actual changed.
func editedCard(b *testing.B, dir string) (string, []byte) {
	b.Helper()
	file := filepath.Join(dir, "data", fmt.Sprint(synth.LastCycle), "development-reform.toml")
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	i := bytes.Index(data, []byte("\nactual = "))
	if i < 0 {
		b.Fatalf("%s has no actual to edit", file)
	}
	i += len("\nactual = ")
	end := i + bytes.IndexByte(data[i:], '\n')
	edited := append(append(append([]byte{}, data[:i]...), "61.5"...), data[end:]...)
	return file, edited
}
