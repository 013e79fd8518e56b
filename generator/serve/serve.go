// Package serve is the editors' preview (SPEC §11): it builds the site into memory,
// serves it exactly as it will be published, rebuilds when a file changes, and tells
// open pages over Server-Sent Events to reload — or shows them the errors — without
// ever putting the reload script into public/.
package serve

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"perfsite/generator/build"
	"perfsite/generator/diag"
)

//go:embed livereload.js
var liveReloadJS []byte

// Options configure the preview server.
type Options struct {
	SiteDir  string
	Bind     string // default 127.0.0.1
	Port     int    // default 1313; 0 picks a free port
	Drafts   bool
	Log      io.Writer
	Debounce time.Duration        // default 100 ms
	Ready    func(rootURL string) // called once the first build is served
}

// Event is one message to open pages.
type Event struct {
	Type   string    `json:"type"` // hello | reload | css | errors
	Build  string    `json:"build"`
	Pages  []string  `json:"pages,omitempty"`  // URL paths whose output changed
	Styles []string  `json:"styles,omitempty"` // stylesheet URL paths that changed (type css)
	Errors []Problem `json:"errors,omitempty"`
}

// Problem is one error shown in the overlay.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// Server holds the last good build and the open pages.
type Server struct {
	opts Options

	mu       sync.RWMutex
	files    map[string][]byte // the last good build
	basePath string            // "/" or "/perf/"
	buildID  string
	problems []Problem // current errors; empty when the last build succeeded

	clientsMu sync.Mutex
	clients   map[chan Event]struct{}

	quit  chan struct{} // closed when the server stops, ending event streams
	cache *build.Cache  // the last build's scorecards and pages, so a rebuild redoes only what changed
}

// New builds the site once; without one good build there is nothing to serve, so
// New fails with the errors.
func New(opts Options) (*Server, error) {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Debounce == 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{opts: opts, clients: map[chan Event]struct{}{}, quit: make(chan struct{}), cache: build.NewCache()}
	if _, err := s.rebuild(); err != nil {
		return nil, err
	}
	return s, nil
}

// rebuild builds into memory; on success it swaps the build in and returns the event
// that tells pages what changed; on failure it keeps the old build and returns an
// errors event (and the error, for the first build).
func (s *Server) rebuild() (Event, error) {
	res, err := build.InMemory(build.Options{SiteDir: s.opts.SiteDir, Drafts: s.opts.Drafts, Cache: s.cache})
	var fail *diag.Failure
	if errors.As(err, &fail) {
		probs := toProblems(fail.List)
		s.mu.Lock()
		s.problems = probs
		id := s.buildID
		s.mu.Unlock()
		return Event{Type: "errors", Build: id, Errors: probs}, err
	}
	if err != nil {
		probs := []Problem{{Message: err.Error()}}
		s.mu.Lock()
		s.problems = probs
		id := s.buildID
		s.mu.Unlock()
		return Event{Type: "errors", Build: id, Errors: probs}, err
	}
	id := buildID(res.Files)
	s.mu.Lock()
	old := s.files
	hadErrors := len(s.problems) > 0
	s.files, s.basePath, s.buildID, s.problems = res.Files, res.BasePath, id, nil
	s.mu.Unlock()
	pages, styles := changed(old, res.Files, res.BasePath)
	ev := Event{Type: "reload", Build: id, Pages: pages}
	if len(pages) == 0 && len(styles) > 0 && !hadErrors {
		ev = Event{Type: "css", Build: id, Styles: styles}
	}
	if hadErrors {
		ev.Pages = append(ev.Pages, "*") // every page showing the overlay reloads
	}
	return ev, nil
}

func toProblems(l *diag.List) []Problem {
	var out []Problem
	if l == nil {
		return out
	}
	for _, d := range l.Errors() {
		out = append(out, Problem{File: d.File, Line: d.Line, Col: d.Col, Message: d.Message})
	}
	return out
}

// buildID is a short hash of every output path and content.
func buildID(files map[string][]byte) string {
	keys := sortedKeys(files)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
		sum := sha256.Sum256(files[k])
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// changed lists the page URLs whose HTML differs between two builds (or that
// appeared or vanished), and the stylesheets that differ. Any other changed file
// (a script, an image, data) counts as a change of every page ("*").
func changed(old, cur map[string][]byte, base string) (pages, styles []string) {
	if old == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	check := func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		a, inOld := old[p]
		b, inCur := cur[p]
		if inOld && inCur && bytes.Equal(a, b) {
			return
		}
		switch {
		case strings.HasSuffix(p, ".css"):
			styles = append(styles, base+p)
		case p == "index.html":
			pages = append(pages, base)
		case strings.HasSuffix(p, "/index.html"):
			pages = append(pages, base+strings.TrimSuffix(p, "index.html"))
		case strings.HasSuffix(p, ".html"):
			pages = append(pages, base+p)
		case strings.HasSuffix(p, ".js"):
			pages = append(pages, "*")
		}
	}
	for _, p := range sortedKeys(old) {
		check(p)
	}
	for _, p := range sortedKeys(cur) {
		check(p)
	}
	return pages, styles
}

// Handler serves the build, the event stream and the reload script.
func (s *Server) Handler(allowedHosts []string) http.Handler {
	allowed := map[string]bool{}
	for _, h := range allowedHosts {
		allowed[strings.ToLower(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[strings.ToLower(r.Host)] {
			// DNS rebinding: a page on another name must not read the preview.
			http.Error(w, "this preview only answers to "+strings.Join(allowedHosts, ", "), http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.mu.RLock()
		base := s.basePath
		s.mu.RUnlock()
		switch r.URL.Path {
		case base + "__perfsite/events":
			s.events(w, r)
			return
		case base + "__perfsite/livereload.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Write(liveReloadJS)
			return
		}
		s.serveFile(w, r, base)
	})
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, base string) {
	p := r.URL.Path
	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, base)
		return
	}
	rel := strings.TrimPrefix(p, base)
	// Only names of the build are served: nothing on disk is reachable.
	clean := path.Clean("/" + rel)[1:]
	if strings.HasSuffix(rel, "/") || rel == "" {
		clean = path.Join(clean, "index.html")
	}
	s.mu.RLock()
	data, ok := s.files[clean]
	id := s.buildID // read with data: a page must name the build it comes from
	if !ok && !strings.HasSuffix(rel, "/") {
		if _, isDir := s.files[path.Join(clean, "index.html")]; isDir {
			s.mu.RUnlock()
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
	}
	s.mu.RUnlock()
	if !ok {
		s.notFound(w, base)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if ct := contentType(clean); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if strings.HasSuffix(clean, ".html") {
		data = inject(data, base, id)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(data)
}

func (s *Server) notFound(w http.ResponseWriter, base string) {
	s.mu.RLock()
	data, ok := s.files["404.html"]
	id := s.buildID
	s.mu.RUnlock()
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(inject(data, base, id))
}

var types = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8", ".json": "application/json",
	".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".ico": "image/x-icon",
	".pdf": "application/pdf", ".woff2": "font/woff2",
}

func contentType(p string) string {
	if path.Base(p) == "SHA256SUMS" || path.Base(p) == "LICENSE" || path.Base(p) == "NOTICE" {
		return "text/plain; charset=utf-8"
	}
	return types[path.Ext(p)]
}

// inject adds the reload script to a served page, never to the files on disk.
func inject(page []byte, base, build string) []byte {
	tag := []byte(`<script src="` + base + `__perfsite/livereload.js" data-build="` + build + `" defer></script>`)
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan Event, 8)
	s.clientsMu.Lock()
	s.clients[ch] = struct{}{}
	s.clientsMu.Unlock()
	defer func() {
		s.clientsMu.Lock()
		delete(s.clients, ch)
		s.clientsMu.Unlock()
	}()
	s.mu.RLock()
	hello := Event{Type: "hello", Build: s.buildID, Errors: s.problems}
	s.mu.RUnlock()
	if writeEvent(w, hello) != nil || rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		case ev := <-ch:
			if writeEvent(w, ev) != nil || rc.Flush() != nil {
				return
			}
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}

func writeEvent(w io.Writer, ev Event) error {
	data, _ := json.Marshal(ev)
	_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, data)
	return err
}

func (s *Server) broadcast(ev Event) {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	for ch := range s.clients {
		select {
		case ch <- ev:
		default: // a stuck client misses an event; it reloads on reconnect
		}
	}
}

// Clients is the number of open event streams.
func (s *Server) Clients() int {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	return len(s.clients)
}

// Run builds, serves and watches until ctx is cancelled.
func Run(ctx context.Context, opts Options) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.opts.Bind, portString(opts.Port)))
	if err != nil {
		return fmt.Errorf("cannot listen on %s:%d: %w (is another preview running? try --port)", s.opts.Bind, opts.Port, err)
	}
	return s.serve(ctx, ln)
}

func portString(p int) string {
	if p < 0 {
		p = 0
	}
	return strconv.Itoa(p)
}

func (s *Server) serve(ctx context.Context, ln net.Listener) error {
	addr := ln.Addr().(*net.TCPAddr)
	hosts := []string{net.JoinHostPort(s.opts.Bind, strconv.Itoa(addr.Port))}
	if ip := net.ParseIP(s.opts.Bind); ip != nil && ip.IsLoopback() {
		hosts = append(hosts, "localhost:"+strconv.Itoa(addr.Port))
	}
	srv := &http.Server{Handler: s.Handler(hosts), ReadHeaderTimeout: 10 * time.Second}
	w, err := newWatcher(s.opts.SiteDir, s.opts.Debounce, func(msg string) { fmt.Fprintln(s.opts.Log, "warning:", msg) })
	if err != nil {
		ln.Close()
		return fmt.Errorf("cannot watch %s: %w", s.opts.SiteDir, err)
	}
	defer w.close()
	s.mu.RLock()
	root := (&url.URL{Scheme: "http", Host: hosts[0], Path: s.basePath}).String()
	s.mu.RUnlock()
	fmt.Fprintf(s.opts.Log, "serving %s at %s (Ctrl-C stops)\n", s.opts.SiteDir, root)
	if s.opts.Ready != nil {
		s.opts.Ready(root)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case batch := <-w.changes:
				s.onChange(batch)
			}
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		close(s.quit)
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		return nil
	case err := <-errc:
		return err
	}
}

// onChange rebuilds after a burst of changes and tells the pages.
func (s *Server) onChange(paths []string) {
	start := time.Now()
	s.mu.RLock()
	before := s.problems
	s.mu.RUnlock()
	ev, _ := s.rebuild()
	switch ev.Type {
	case "errors":
		if !sameProblems(before, ev.Errors) {
			fmt.Fprintf(s.opts.Log, "%d error(s); still serving the last good build:\n", len(ev.Errors))
			for _, p := range ev.Errors {
				fmt.Fprintln(s.opts.Log, " ", diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: p.Line, Col: p.Col}, Message: p.Message})
			}
		}
		s.broadcast(ev)
	default:
		if len(ev.Pages) == 0 && len(ev.Styles) == 0 && len(before) == 0 {
			fmt.Fprintf(s.opts.Log, "rebuilt in %s: nothing changed\n", time.Since(start).Round(time.Millisecond))
			return
		}
		fmt.Fprintf(s.opts.Log, "rebuilt in %s: %d page(s) changed\n", time.Since(start).Round(time.Millisecond), len(ev.Pages)+len(ev.Styles))
		s.broadcast(ev)
	}
}

func sameProblems(a, b []Problem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
