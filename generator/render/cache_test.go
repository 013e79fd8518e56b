package render

import (
	"bytes"
	"testing"
	"testing/fstest"

	"perfsite/generator/model"
)

// withNarrative returns a copy of s whose content file path has the given body.
func withNarrative(s *model.Site, path, body string) *model.Site {
	out := *s
	out.Content = nil
	for _, c := range s.Content {
		if c.Path == path {
			cc := *c
			cc.Body = []byte(body)
			c = &cc
		}
		out.Content = append(out.Content, c)
	}
	return &out
}

func TestCacheRendersOnlyChangedPages(t *testing.T) {
	s := fixture(t, false)
	cache := NewCache()
	first := renderSite(t, s, Options{Cache: cache}, nil)
	if cache.Reused != 0 || cache.Rendered == 0 {
		t.Fatalf("first render: rendered %d, reused %d", cache.Rendered, cache.Reused)
	}
	total := cache.Rendered

	again := renderSite(t, s, Options{Cache: cache}, nil)
	if cache.Rendered != 0 || cache.Reused != total {
		t.Fatalf("unchanged render: rendered %d, reused %d of %d", cache.Rendered, cache.Reused, total)
	}
	for k, v := range first {
		if !bytes.Equal(again[k], v) {
			t.Errorf("%s differs on a cached render", k)
		}
	}

	// A narrative edit re-renders the one page that shows it.
	edited := withNarrative(s, "content/2024/market.md", "缓存测试 cache-marker\n")
	got := renderSite(t, edited, Options{Cache: cache}, nil)
	if cache.Rendered != 1 {
		t.Errorf("narrative edit re-rendered %d pages, want 1", cache.Rendered)
	}
	want := renderSite(t, edited, Options{}, nil)
	if len(got) != len(want) {
		t.Fatalf("cached render wrote %d files, uncached %d", len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("%s: cached render differs from a full render", k)
		}
	}
	if !bytes.Contains(got["2024/market/index.html"], []byte("cache-marker")) {
		t.Error("edited narrative missing from its page")
	}

	// A template override invalidates every page.
	over := fstest.MapFS{"partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>override</footer>{{end}}`)}}
	renderSite(t, edited, Options{Cache: cache}, over)
	if cache.Reused != 0 {
		t.Errorf("after a template change %d pages were reused", cache.Reused)
	}
}
