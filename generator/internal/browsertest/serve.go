package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// Serve serves the folder dir as a plain static host would, under the URL path
// prefix ("/" or "/perf/", say), on 127.0.0.1 at a free port, until the test
// ends. It returns the base URL, ending in prefix. A request for a missing file,
// for a folder without index.html, or outside prefix gets status 404 and the
// body of dir/404.html when that file exists.
func Serve(t testing.TB, dir, prefix string) (baseURL string) {
	t.Helper()
	if !strings.HasPrefix(prefix, "/") || !strings.HasSuffix(prefix, "/") {
		t.Fatalf("browsertest: Serve prefix %q must begin and end with /", prefix)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("browsertest: Serve: %s is not a folder", dir)
	}
	files := http.FileServer(http.Dir(dir))
	notFound := func(w http.ResponseWriter) {
		w.Header().Set("Cache-Control", "no-store")
		body, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(body)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == strings.TrimSuffix(prefix, "/") && prefix != "/" {
			http.Redirect(w, r, prefix, http.StatusMovedPermanently)
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			notFound(w)
			return
		}
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+rest)))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			fi, err = os.Stat(filepath.Join(name, "index.html"))
		}
		if err != nil {
			notFound(w)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rest
		r2.URL.RawPath = ""
		files.ServeHTTP(w, r2)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}
