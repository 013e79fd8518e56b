package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// actionTimeout bounds every single browser action (a navigation, an
// evaluation, a screenshot), so a hung page fails its test instead of hanging.
const actionTimeout = 30 * time.Second

// Browser is one headless Chromium process with a fresh profile, shared by the
// pages a test opens. Each [Browser.Open] gets its own tab.
type Browser struct {
	ctx    context.Context // chromedp context that owns the browser
	output *tailBuffer     // Chromium's stdout and stderr, for error messages
}

// NewBrowser starts headless Chromium (/usr/bin/chromium) with a fresh
// temporary user-data-dir and stops it when the test ends. Without Chromium
// the test is skipped, or fails under CI=true (see [Require]).
//
// The flags keep Chromium from reaching any host on its own (this machine's
// network is closed, and a test must not depend on one): --headless
// --no-sandbox --disable-gpu --disable-quic --no-first-run
// --disable-background-networking --disable-component-update --disable-sync
// --disable-dev-shm-usage, plus chromedp's defaults.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	exe := Require(t, ChromiumPath, installHint)
	profile, err := os.MkdirTemp("", "browsertest-chromium-")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	out := &tailBuffer{max: 8 << 10}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox, // root in containers and CI has no usable sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Close the browser gracefully, but never wait long for it.
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		_ = chromedp.Cancel(cctx)
		ccancel()
		cancel()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})
	// Start the browser now, so a broken installation shows here. The first
	// Run must not have a timeout: its context owns the browser.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(actionTimeout):
		err = fmt.Errorf("no answer after %v", actionTimeout)
	}
	if err != nil {
		t.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", exe, err, out.String())
	}
	return &Browser{ctx: ctx, output: out}
}

// Options say how [Browser.Open] shows a page. The zero value means a
// 1280×800 window, the browser's own colour scheme, and JavaScript OFF: set
// JavaScript to run scripts, as [Desktop] and [Phone] do.
type Options struct {
	Width, Height int    // viewport in CSS pixels; 0 means 1280×800
	Mobile        bool   // emulate a phone: honour <meta name=viewport>, touch
	ColorScheme   string // "light", "dark", or "" for no preference override
	JavaScript    bool   // run the page's scripts; false reads it as a reader without JavaScript
}

// Common viewports.
var (
	Desktop = Options{Width: 1280, Height: 800, ColorScheme: "light", JavaScript: true}
	Phone   = Options{Width: 360, Height: 740, Mobile: true, ColorScheme: "light", JavaScript: true}
)

// Page is one open tab. It records, from before the navigation on, what the
// browser reports about the page; read it with [Page.ConsoleErrors],
// [Page.FailedRequests] and [Page.Requests].
type Page struct {
	URL string

	noJS bool // opened with JavaScript off

	ctx    context.Context
	cancel context.CancelFunc
	close  sync.Once

	mu       sync.Mutex
	console  []string
	failed   []string
	requests []string
	urls     map[network.RequestID]string
}

// Open opens url in a new tab with the options, waits for its load event and
// for two animation frames after it (so scripts that start on load have run),
// and returns the page. The tab closes at [Page.Close] or when the test ends.
// A page that does not load fails the test.
func (b *Browser) Open(t testing.TB, url string, opts Options) *Page {
	t.Helper()
	if opts.Width == 0 && opts.Height == 0 {
		opts.Width, opts.Height = 1280, 800
	}
	if opts.Width <= 0 || opts.Height <= 0 {
		t.Fatalf("browsertest: Open: bad viewport %d×%d", opts.Width, opts.Height)
	}
	p := &Page{URL: url, noJS: !opts.JavaScript, urls: map[network.RequestID]string{}}
	p.ctx, p.cancel = chromedp.NewContext(b.ctx, chromedp.WithListener(p.record))
	t.Cleanup(p.Close)

	var viewport []chromedp.EmulateViewportOption
	if opts.Mobile {
		viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	setup := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(int64(opts.Width), int64(opts.Height), viewport...),
		call(emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}),
	}
	switch opts.ColorScheme {
	case "":
	case "light", "dark":
		setup = append(setup, call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: opts.ColorScheme}},
		}))
	default:
		t.Fatalf("browsertest: Open: ColorScheme %q is not light, dark or empty", opts.ColorScheme)
	}
	if !opts.JavaScript {
		setup = append(setup, call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
	}
	// The first action on the tab creates it; its context must be the tab's
	// own (no timeout), or the tab would close when the timeout ends.
	if err := chromedp.Do(p.ctx, setup...); err != nil {
		t.Fatalf("browsertest: opening a tab for %s: %v\nbrowser output:\n%s", url, err, b.output.String())
	}
	p.do(t, "loading "+url, chromedp.Navigate(url))
	p.settle(t, opts.JavaScript)
	return p
}

// settle waits until scripts that start on load have had two animation frames.
func (p *Page) settle(t testing.TB, js bool) {
	t.Helper()
	if !js {
		p.do(t, "waiting", chromedp.Sleep(50*time.Millisecond))
		return
	}
	const wait = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))`
	p.do(t, "waiting for the page to settle", chromedp.Evaluate[chromedp.Void](wait, chromedp.EvalAwaitPromise))
}

// call makes an action of a protocol command without a result.
func call[P any](c cdp.Command[P, cdp.Empty], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, c, params)
		return err
	})
}

// do runs the actions with a timeout and fails the test on an error.
func (p *Page) do(t testing.TB, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("browsertest: %s: %v", what, err)
	}
}

// record is the tab's event listener. It runs on chromedp's reader goroutine,
// so it only appends under the lock.
func (p *Page) record(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.console = append(p.console, fmt.Sprintf("console.%s: %s%s", ev.Type, argsText(ev.Args), where(ev.StackTrace, "", 0)))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg = d.Exception.Description
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i] // the first line; the stack follows
			}
		}
		p.console = append(p.console, "uncaught exception: "+msg+where(d.StackTrace, d.URL, d.LineNumber))
	case *log.EventEntryAdded:
		// Browser-side errors that are no console call, such as a
		// Content-Security-Policy violation. Network errors are left to
		// FailedRequests.
		e := ev.Entry
		if e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
			p.console = append(p.console, fmt.Sprintf("%s error: %s%s", e.Source, e.Text, where(e.StackTrace, e.URL, e.LineNumber)))
		}
	case *network.EventRequestWillBeSent:
		p.urls[ev.RequestID] = ev.Request.URL
		p.requests = append(p.requests, ev.Request.URL)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p.failed = append(p.failed, fmt.Sprintf("%d %s", ev.Response.Status, ev.Response.URL))
		}
	case *network.EventLoadingFailed:
		if ev.Canceled {
			return
		}
		reason := ev.ErrorText
		if ev.BlockedReason != "" {
			reason += " (blocked: " + string(ev.BlockedReason) + ")"
		}
		p.failed = append(p.failed, fmt.Sprintf("%s %s", reason, p.urls[ev.RequestID]))
	}
}

// argsText renders console arguments as the console shows them.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
				continue
			}
		case a.Description != "":
			parts = append(parts, a.Description)
			continue
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
			continue
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
			continue
		}
		parts = append(parts, string(a.Type))
	}
	return strings.Join(parts, " ")
}

// where renders a source location: the top of the stack, or else url:line.
func where(st *runtime.StackTrace, url string, line int64) string {
	if st != nil && len(st.CallFrames) > 0 {
		f := st.CallFrames[0]
		url, line = f.URL, f.LineNumber
	}
	if url == "" {
		return ""
	}
	return fmt.Sprintf(" (%s:%d)", url, line+1)
}

// ConsoleErrors returns what the page reported as errors so far: console.error
// and console.assert calls, uncaught exceptions, and browser errors such as a
// Content-Security-Policy violation, each with its source location.
func (p *Page) ConsoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.console...)
}

// FailedRequests returns the requests that failed so far: a response with
// status 400 or more ("404 URL"), or a network error ("net::ERR_… URL").
func (p *Page) FailedRequests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.failed...)
}

// Requests returns every URL the page requested so far, in order, the page
// itself first.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Eval evaluates the JavaScript expression in the page, awaits it when it is a
// promise, and decodes its JSON value into out (nil to discard it). An
// exception fails the test. It works with JavaScript off too: the page's own
// scripts do not run, but Eval does.
func (p *Page) Eval(t testing.TB, js string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: Eval(%s): %v", abbreviate(js, 80), err)
	}
	if out == nil {
		return
	}
	if len(raw) == 0 {
		raw = []byte("null")
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("browsertest: Eval(%s): decoding %s: %v", abbreviate(js, 80), abbreviate(string(raw), 200), err)
	}
}

// Screenshot writes a PNG of the whole page, beyond the viewport, to path,
// making its folder when needed.
func (p *Page) Screenshot(t testing.TB, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browsertest: screenshot of %s: %v", p.URL, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
}

// Close closes the tab. It is safe to call more than once; the test's cleanup
// calls it too.
func (p *Page) Close() {
	p.close.Do(p.cancel)
}

// abbreviate cuts s to at most n runes, marking a cut with "…".
func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (w *tailBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if len(w.b) > w.max {
		w.b = append([]byte(nil), w.b[len(w.b)-w.max:]...)
	}
	return len(p), nil
}

func (w *tailBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}

// TryEval is Eval that returns the error instead of failing the test: for polling
// a page that may be reloading, when the expression can land between documents.
func (p *Page) TryEval(js string, out any) error {
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if len(raw) == 0 {
		raw = []byte("null")
	}
	return json.Unmarshal(raw, out)
}
