// Package serve is the editors' preview (SPEC §11): it builds the site into memory,
// serves it exactly as it will be published, rebuilds when a file changes, and tells
// open pages over Server-Sent Events to reload — or shows them the errors — without
// ever putting the reload script into public/.
//
// How a save becomes a reload, and why it costs what changed rather than what the
// site holds:
//
//   - A rebuild makes a build.Snapshot: the site loaded, validated and scored, and
//     the list of its output files, but no page. The watcher's paths and each
//     file's stat tell which scorecards are unchanged; those are neither read nor
//     scored again, and a cycle whose scorecards are all unchanged is taken whole
//     (see build.Snapshot, score.Cache). Pages, feed, search index and open data
//     are made when first asked for, then kept with the snapshot.
//   - Every answer comes from the snapshot current when the request arrived, so a
//     page is complete and from one build even while the next one is made, and
//     carries that snapshot's build id (data-build on the reload script). Ids are
//     unique to a snapshot and random per server, so a page left open across a
//     restart reloads once.
//   - An open page's event stream says which page it shows and from which build
//     (/__perfsite/events?page=/2024/&build=…). After a rebuild the server renders
//     the pages that are open in the new snapshot, compares each with the old
//     snapshot's, and sends one "reload" event listing those that changed; a page
//     reloads when it is listed, keeping its scroll position. A changed stylesheet
//     alone is a "css" event, a changed script reloads every page ("*").
//   - Invalid files keep the last good snapshot served and send an "errors" event
//     (kept: true) that every open page shows over itself until a rebuild succeeds,
//     which then reloads them all. A page that cannot be rendered counts as invalid
//     when it is open, and answers 500 with the error when it is first asked for.
//   - Links are checked on the pages that are rendered: a broken link on an open
//     page fails the rebuild like invalid data; a page opened later shows its broken
//     links over itself (hello event, kept: false). perfsite build still checks
//     every link of the site.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	Pages  []string  `json:"pages,omitempty"`  // URL paths, as open pages sent them, whose page changed; "*": every page
	Styles []string  `json:"styles,omitempty"` // stylesheet URL paths that changed (type css)
	Errors []Problem `json:"errors,omitempty"`
	Kept   bool      `json:"kept,omitempty"` // errors: the last good build is still served
}

// Problem is one error shown in the overlay.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// Server holds the last good snapshot of the site and the open pages.
type Server struct {
	opts  Options
	cache *build.Cache // what a rebuild can reuse from the last

	mu       sync.RWMutex
	snap     *build.Snapshot // the last good snapshot: every page served comes from one
	problems []Problem       // errors of the last rebuild; empty when it succeeded

	clientsMu sync.Mutex
	clients   map[*client]struct{}

	quit chan struct{} // closed when the server stops, ending event streams
}

// client is one open page's event stream.
type client struct {
	ch   chan Event
	page string // the URL path the page shows, as it sent it; "" when it did not say
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
	s := &Server{opts: opts, clients: map[*client]struct{}{}, quit: make(chan struct{}), cache: build.NewCache()}
	if _, err := s.rebuild(nil); err != nil {
		return nil, err
	}
	return s, nil
}

// current returns the snapshot being served and the current errors.
func (s *Server) current() (*build.Snapshot, []Problem) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.snap, s.problems
}

// rebuild makes a snapshot of the site after the watcher reported changed (nil:
// unknown, at the start). It renders the pages open tabs show and checks their
// links; when all is well it swaps the snapshot in and returns the event that
// tells tabs what changed, else it keeps the old one and returns an errors event
// (and the error, for the first build).
func (s *Server) rebuild(changed []string) (Event, error) {
	snap, err := s.cache.Snapshot(build.Options{SiteDir: s.opts.SiteDir, Drafts: s.opts.Drafts}, changed)
	if err != nil {
		var fail *diag.Failure
		probs := []Problem{{Message: err.Error()}}
		if errors.As(err, &fail) {
			probs = toProblems(fail.List)
		}
		return s.fail(probs), err
	}
	old, before := s.current()
	pages, probs := s.openPagesChanged(old, snap)
	if len(probs) > 0 {
		return s.fail(probs), errors.New("the open pages have problems")
	}
	s.mu.Lock()
	s.snap, s.problems = snap, nil
	s.mu.Unlock()
	hadErrors := len(before) > 0
	styles, scripts := assetsChanged(old, snap)
	if scripts {
		pages = append(pages, "*")
	}
	ev := Event{Type: "reload", Build: snap.ID, Pages: pages}
	if len(pages) == 0 && len(styles) > 0 && !hadErrors {
		ev = Event{Type: "css", Build: snap.ID, Styles: styles}
	}
	if hadErrors {
		ev.Pages = append(ev.Pages, "*") // every page showing the overlay reloads
	}
	return ev, nil
}

// fail records the problems of a rebuild; the last good snapshot stays served.
func (s *Server) fail(probs []Problem) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = probs
	ev := Event{Type: "errors", Errors: probs, Kept: true}
	if s.snap != nil {
		ev.Build = s.snap.ID
	}
	return ev
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

// openPagesChanged renders, in snap, every page an open tab shows, and returns the
// pages whose HTML differs from old's and the problems of those pages (template
// errors, broken links). The pages are rendered side by side.
func (s *Server) openPagesChanged(old, snap *build.Snapshot) (changed []string, probs []Problem) {
	if old == nil {
		return nil, nil
	}
	pages := s.openPages()
	type result struct {
		changed bool
		probs   []Problem
	}
	results := make([]result, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(pages); i = int(next.Add(1) - 1) {
				file := served(snap, pages[i])
				results[i].probs = pageProblems(snap, file)
				now, _ := snap.File(file)
				was, _ := old.File(served(old, pages[i]))
				results[i].changed = !bytes.Equal(now, was)
			}
		})
	}
	wg.Wait()
	for i, r := range results {
		probs = append(probs, r.probs...)
		if r.changed {
			changed = append(changed, pages[i])
		}
	}
	return changed, probs
}

// openPages lists the pages open tabs show, each once, sorted.
func (s *Server) openPages() []string {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	seen := map[string]bool{}
	var out []string
	for c := range s.clients {
		if c.page != "" && !seen[c.page] {
			seen[c.page] = true
			out = append(out, c.page)
		}
	}
	sort.Strings(out)
	return out
}

// pageProblems is what is wrong with one output file of snap: it cannot be
// rendered, or, for a page, links that lead nowhere.
func pageProblems(snap *build.Snapshot, file string) []Problem {
	if _, err := snap.File(file); err != nil {
		return []Problem{{File: "public/" + file, Message: err.Error()}}
	}
	if !strings.HasSuffix(file, ".html") {
		return nil
	}
	broken, err := snap.Broken(file)
	if err != nil {
		return []Problem{{File: "public/" + file, Message: err.Error()}}
	}
	var out []Problem
	for _, b := range broken {
		out = append(out, Problem{File: "public/" + b.Page, Message: "link " + strconv.Quote(b.Link) + " " + b.Reason + "; fix the link in the content or template that makes this page"})
	}
	return out
}

// served is the output file a request for urlPath gets from snap: the page, the
// folder's page it is redirected to, or the not-found page.
func served(snap *build.Snapshot, urlPath string) string {
	if p, err := url.PathUnescape(urlPath); err == nil {
		urlPath = p
	}
	rel, ok := strings.CutPrefix(urlPath, snap.BasePath)
	if !ok {
		if urlPath+"/" == snap.BasePath {
			return "index.html"
		}
		return "404.html"
	}
	file := outputFile(rel)
	switch {
	case snap.Has(file):
		return file
	case snap.Has(path.Join(file, "index.html")):
		return path.Join(file, "index.html")
	}
	return "404.html"
}

// outputFile is the output file for a path below the base path: only names of the
// build are served, so nothing on disk is reachable.
func outputFile(rel string) string {
	clean := path.Clean("/" + rel)[1:]
	if strings.HasSuffix(rel, "/") || rel == "" {
		clean = path.Join(clean, "index.html")
	}
	return clean
}

// assetsChanged lists the stylesheets whose content differs between two
// snapshots, and says whether any script does.
func assetsChanged(old, cur *build.Snapshot) (styles []string, scripts bool) {
	if old == nil {
		return nil, false
	}
	seen := map[string]bool{}
	for _, snap := range []*build.Snapshot{old, cur} {
		for _, p := range snap.Paths() {
			css, js := strings.HasSuffix(p, ".css"), strings.HasSuffix(p, ".js")
			if seen[p] || !css && !js {
				continue
			}
			seen[p] = true
			if old.Has(p) && cur.Has(p) {
				a, errA := old.File(p)
				b, errB := cur.File(p)
				if errA == nil && errB == nil && bytes.Equal(a, b) {
					continue
				}
			}
			if css {
				styles = append(styles, cur.BasePath+p)
			} else {
				scripts = true
			}
		}
	}
	return styles, scripts
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
		snap, _ := s.current() // one snapshot for the whole answer
		switch r.URL.Path {
		case snap.BasePath + "__perfsite/events":
			s.events(w, r)
			return
		case snap.BasePath + "__perfsite/livereload.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Write(liveReloadJS)
			return
		}
		s.serveFile(w, r, snap)
	})
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, snap *build.Snapshot) {
	p, base := r.URL.Path, snap.BasePath
	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, snap)
		return
	}
	rel := strings.TrimPrefix(p, base)
	file := outputFile(rel)
	if !snap.Has(file) {
		if !strings.HasSuffix(rel, "/") && snap.Has(path.Join(file, "index.html")) {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, snap)
		return
	}
	data, err := snap.File(file)
	if err != nil {
		s.renderFailed(w, snap, file, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if ct := contentType(file); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if strings.HasSuffix(file, ".html") {
		data = inject(data, base, snap.ID)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(data)
}

func (s *Server) notFound(w http.ResponseWriter, snap *build.Snapshot) {
	w.Header().Set("Cache-Control", "no-store")
	data, err := snap.File("404.html")
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(inject(data, snap.BasePath, snap.ID))
}

// renderFailed answers a page that cannot be rendered with the error, in a page
// that carries the reload script: the overlay shows the error, and the page
// reloads once a rebuild fixes it.
func (s *Server) renderFailed(w http.ResponseWriter, snap *build.Snapshot, file string, err error) {
	fmt.Fprintf(s.opts.Log, "error: public/%s: %v\n", file, err)
	page := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>perfsite: error</title></head>" +
		"<body><h1>public/" + html.EscapeString(file) + " cannot be made</h1><pre>" + html.EscapeString(err.Error()) + "</pre></body></html>\n"
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(inject([]byte(page), snap.BasePath, snap.ID))
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

// events streams events to one open page. The page says which page it shows and
// from which build (?page=/2024/&build=…), so that a rebuild renders the pages
// that are open and tells each whether its own changed.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := &client{ch: make(chan Event, 8), page: r.URL.Query().Get("page")}
	s.clientsMu.Lock()
	s.clients[c] = struct{}{}
	s.clientsMu.Unlock()
	defer func() {
		s.clientsMu.Lock()
		delete(s.clients, c)
		s.clientsMu.Unlock()
	}()
	snap, problems := s.current()
	hello := Event{Type: "hello", Build: snap.ID, Errors: problems, Kept: len(problems) > 0}
	if len(problems) == 0 && c.page != "" && r.URL.Query().Get("build") == snap.ID {
		// The page is the current one: show what is wrong with it.
		hello.Errors = pageProblems(snap, served(snap, c.page))
	}
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
		case ev := <-c.ch:
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
	for c := range s.clients {
		select {
		case c.ch <- ev:
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
	snap, _ := s.current()
	root := (&url.URL{Scheme: "http", Host: hosts[0], Path: snap.BasePath}).String()
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
	_, before := s.current()
	ev, _ := s.rebuild(paths)
	took := time.Since(start).Round(time.Millisecond)
	switch ev.Type {
	case "errors":
		if !slices.Equal(before, ev.Errors) {
			fmt.Fprintf(s.opts.Log, "%d error(s); still serving the last good build:\n", len(ev.Errors))
			for _, p := range ev.Errors {
				fmt.Fprintln(s.opts.Log, " ", diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: p.Line, Col: p.Col}, Message: p.Message})
			}
		}
		s.broadcast(ev)
	default:
		if len(ev.Pages) == 0 && len(ev.Styles) == 0 {
			fmt.Fprintf(s.opts.Log, "rebuilt in %s: no open page changed\n", took)
			return
		}
		fmt.Fprintf(s.opts.Log, "rebuilt in %s: %d open page(s) or stylesheet(s) changed\n", took, len(ev.Pages)+len(ev.Styles))
		s.broadcast(ev)
	}
}
