package serve

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"perfsite/generator/synth"
)

// BenchmarkSaveToReload measures the time from saving a narrative file to the reload
// event reaching an open page, on the example site and on a synthetic site of
// 1,000 departments × 3 cycles × 40 indicators:
//
//	go test ./generator/serve/ -run '^$' -bench SaveToReload -benchtime 10x
func BenchmarkSaveToReload(b *testing.B) {
	b.Run("site=example", func(b *testing.B) {
		site := copyExample(b)
		benchSave(b, site, filepath.Join(site, "content", "2024", "market-regulation.md"))
	})
	b.Run("site=synthetic-1000", func(b *testing.B) {
		if testing.Short() {
			b.Skip("the 1,000-department site is skipped with -short")
		}
		site := filepath.Join(b.TempDir(), "site")
		if err := synth.Write(site, synth.Params{Departments: 1000, Cycles: 3, Indicators: 40, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		benchSave(b, site, filepath.Join(site, "content", "about.md"))
	})
}

// benchSave edits file b.N times and waits for each reload event.
func benchSave(b *testing.B, site, file string) {
	srv, err := New(Options{SiteDir: site, Debounce: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.serve(ctx, ln)
	ch := make(chan Event, 4)
	srv.clientsMu.Lock()
	srv.clients[ch] = struct{}{}
	srv.clientsMu.Unlock()
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the watcher settle
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := append(append([]byte(nil), orig...), []byte("\n\n修改 "+strconv.Itoa(i)+"\n")...)
		if err := os.WriteFile(file, text, 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case ev := <-ch:
			if ev.Type != "reload" {
				b.Fatalf("event %+v", ev)
			}
		case <-time.After(10 * time.Minute):
			b.Fatal("no reload event within 10 minutes")
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(20), "debounce-ms")
}
