package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"perfsite/generator/internal/usage"
	"perfsite/generator/synth"
)

// BenchmarkSaveToReload measures the time from saving a file to the reload event
// reaching the page that shows it, on the example site and on a synthetic site of
// 1,000 departments × 3 cycles × 40 indicators: a scorecard (one actual changed,
// back and forth) with its department's page open, and a narrative with its page
// open. cpu-s/op is the processor time of the whole server per save.
//
//	go test ./generator/serve/ -run '^$' -bench SaveToReload -benchtime 10x
func BenchmarkSaveToReload(b *testing.B) {
	b.Run("site=example/edit=scorecard", func(b *testing.B) {
		site := copyExample(b)
		benchSave(b, site, scorecardEdit(b, filepath.Join(site, "data", "2024", "market-regulation.toml")), "/2024/market-regulation/")
	})
	b.Run("site=example/edit=narrative", func(b *testing.B) {
		site := copyExample(b)
		benchSave(b, site, narrativeEdit(b, filepath.Join(site, "content", "2024", "market-regulation.md")), "/2024/market-regulation/")
	})
	var once sync.Once
	var synthetic string
	syntheticSite := func(b *testing.B) string {
		if testing.Short() {
			b.Skip("the 1,000-department site is skipped with -short")
		}
		once.Do(func() {
			dir, err := os.MkdirTemp("", "perfsite-serve-bench-")
			if err != nil {
				b.Fatal(err)
			}
			synthetic = filepath.Join(dir, "site")
			if err := synth.Write(synthetic, synth.Params{Departments: 1000, Cycles: 3, Indicators: 40, Seed: 1}); err != nil {
				b.Fatal(err)
			}
		})
		return synthetic
	}
	defer func() {
		if synthetic != "" {
			os.RemoveAll(filepath.Dir(synthetic))
		}
	}()
	b.Run("site=synthetic-1000/edit=scorecard", func(b *testing.B) {
		site := syntheticSite(b)
		card := filepath.Join(site, "data", strconv.Itoa(synth.LastCycle), "development-reform.toml")
		benchSave(b, site, scorecardEdit(b, card), "/"+strconv.Itoa(synth.LastCycle)+"/development-reform/")
	})
	b.Run("site=synthetic-1000/edit=narrative", func(b *testing.B) {
		site := syntheticSite(b)
		benchSave(b, site, narrativeEdit(b, filepath.Join(site, "content", "about.md")), "/about/")
	})
}

// edit is a file and its content for the i-th save.
type edit struct {
	file    string
	content func(i int) []byte
	restore []byte
}

// scorecardEdit changes the first actual of a scorecard, back and forth.
func scorecardEdit(b *testing.B, file string) edit {
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	i := bytes.Index(orig, []byte("\nactual = "))
	if i < 0 {
		b.Fatalf("%s has no actual to edit", file)
	}
	i += len("\nactual = ")
	end := i + bytes.IndexByte(orig[i:], '\n')
	edited := append(append(append([]byte{}, orig[:i]...), "61.5"...), orig[end:]...)
	return edit{file: file, restore: orig, content: func(n int) []byte {
		if n%2 == 0 {
			return edited
		}
		return orig
	}}
}

// narrativeEdit adds a numbered line to a narrative.
func narrativeEdit(b *testing.B, file string) edit {
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	return edit{file: file, restore: orig, content: func(n int) []byte {
		return append(append([]byte(nil), orig...), []byte("\n\n修改 "+strconv.Itoa(n)+"\n")...)
	}}
}

// benchSave saves b.N times and waits each time for the reload event of page,
// which a client shows as the reload script would.
func benchSave(b *testing.B, site string, e edit, page string) {
	defer os.WriteFile(e.file, e.restore, 0o644)
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
	ready := make(chan string, 1)
	srv.opts.Ready = func(u string) { ready <- u }
	go srv.serve(ctx, ln)
	root := <-ready
	if resp, err := http.Get(strings.TrimSuffix(root, "/") + page); err != nil || resp.StatusCode != 200 {
		b.Fatalf("GET %s: %v", page, err)
	} else {
		resp.Body.Close()
	}
	events := openStream(b, ctx, root, page)
	time.Sleep(100 * time.Millisecond) // let the watcher settle
	b.ResetTimer()
	start := usage.CPU()
	for i := 0; i < b.N; i++ {
		if err := os.WriteFile(e.file, e.content(i), 0o644); err != nil {
			b.Fatal(err)
		}
		for waiting := true; waiting; {
			select {
			case ev := <-events:
				if ev.Type == "errors" {
					b.Fatalf("event %+v", ev)
				}
				waiting = !(ev.Type == "reload" && has(ev.Pages, page))
			case <-time.After(10 * time.Minute):
				b.Fatal("no reload event within 10 minutes")
			}
		}
	}
	b.StopTimer()
	if used := usage.CPU() - start; used > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(float64(20), "debounce-ms")
}

// openStream connects to the event stream as the page would and returns its
// events after hello.
func openStream(b *testing.B, ctx context.Context, root, page string) chan Event {
	q := url.Values{"page": {page}}
	req, _ := http.NewRequestWithContext(ctx, "GET", root+"__perfsite/events?"+q.Encode(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	events := make(chan Event, 32)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "data: ") {
				var ev Event
				if json.Unmarshal([]byte(line[6:]), &ev) == nil {
					events <- ev
				}
			}
		}
	}()
	if ev := <-events; ev.Type != "hello" {
		b.Fatal(fmt.Sprintf("first event %q, want hello", ev.Type))
	}
	return events
}
