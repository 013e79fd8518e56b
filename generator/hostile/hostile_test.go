package hostile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"perfsite/generator/build"
	"perfsite/generator/diag"
	"perfsite/generator/internal/browsertest"
	"perfsite/generator/model"
	"perfsite/generator/opendata"
)

// today is the day hostile sites are built on: after results were published.
var today = model.Date{Year: 2025, Month: 4, Day: 1}

func corpus(t testing.TB) []Case {
	t.Helper()
	cases, err := Corpus(filepath.Join(browsertest.RepoRoot(t), "testdata", "hostile", "strings.json"))
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// site writes and builds a hostile site whose every field holds payload, tagged
// with the field's name. It returns the fields and the output folder.
func site(t testing.TB, payload string, unsafe bool) (*Fields, string, error) {
	t.Helper()
	return siteWith(t, func(field string) string { return Tag(payload, field) }, unsafe)
}

// siteWith writes and builds a hostile site with the given text of each field.
func siteWith(t testing.TB, text func(field string) string, unsafe bool) (*Fields, string, error) {
	t.Helper()
	dir := t.TempDir()
	f, err := Write(filepath.Join(dir, "site"), Options{Text: text, UnsafeHTML: unsafe})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	_, err = build.Build(build.Options{SiteDir: filepath.Join(dir, "site"), OutDir: out, Today: today})
	return f, out, err
}

// readTree reads every file below dir, by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// structure is the set of elements and element attributes a site's pages use,
// "tag" and "tag@attr". Built from a site with harmless text, it is what a
// hostile site's pages may use: hostile text must never add an element or an
// attribute.
func structure(t testing.TB, files map[string][]byte) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	for rel, data := range files {
		if !strings.HasSuffix(rel, ".html") {
			continue
		}
		toks, err := tokenize(string(data))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		for _, tok := range toks {
			if tok.kind == startToken {
				set[tok.name] = true
				for _, a := range tok.attrs {
					set[tok.name+"@"+a.name] = true
				}
			}
		}
	}
	return set
}

var (
	cleanOnce sync.Once
	cleanSet  map[string]bool
)

// harmless is plain text with every kind of Markdown formatting, which a
// Markdown field may turn into elements.
const harmless = "市场监督管理局 *甲* **乙** `丙` ~~丁~~ [戊](https://example.gov.cn/) ![己](https://example.gov.cn/a.png) <https://example.gov.cn/b>[^1]\n\n" +
	"[^1]: 注\n\n- 项\n- [x] 完成\n\n1. 一\n\n> 引\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n### 小标题\n\n    缩进代码\n\n行尾两个空格  \n换行"

// clean is the structure of a hostile site filled with harmless text.
func clean(t testing.TB) map[string]bool {
	cleanOnce.Do(func() {
		_, out, err := site(t, harmless, false)
		if err != nil {
			t.Fatalf("a site with plain text does not build: %v", err)
		}
		cleanSet = structure(t, readTree(t, out))
	})
	if cleanSet == nil {
		t.Fatal("no clean structure")
	}
	return cleanSet
}

// inspection checks one built site and counts where each field's text landed.
type inspection struct {
	t      testing.TB
	fields *Fields
	clean  map[string]bool
	unsafe bool

	places map[string]int // field → places its full text was found
	total  int
}

func inspect(t testing.TB, f *Fields, files map[string][]byte, cleanSet map[string]bool, unsafe bool) *inspection {
	in := &inspection{t: t, fields: f, clean: cleanSet, unsafe: unsafe, places: map[string]int{}}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		data := files[rel]
		switch {
		case strings.HasSuffix(rel, ".html"):
			in.html(rel, data)
		case strings.HasSuffix(rel, ".csv"):
			in.csv(rel, data)
		case strings.HasSuffix(rel, ".json"):
			in.json(rel, data)
		case strings.HasSuffix(rel, ".xml"):
			in.xml(rel, data)
		case rel == "robots.txt" || strings.HasSuffix(rel, "SHA256SUMS"):
			in.plain(rel, data)
		}
	}
	return in
}

// found counts the fields whose full text s holds, and reports a field whose tag
// s holds without the full text before it: text that was changed on the way
// (escaped twice, cut, or rewritten), unless changing it is what this place does
// (verbatim false: a URL, or Markdown).
func (in *inspection) found(where, s string, verbatim bool) {
	if !strings.Contains(s, "⟦") {
		return
	}
	for _, name := range in.fields.Names {
		tag := "⟦" + name + "⟧"
		nTag := strings.Count(s, tag)
		if nTag == 0 {
			continue
		}
		if in.fields.Markdown[name] {
			continue
		}
		// Counting the text without surrounding white space, which loading
		// may trim, counts the untrimmed text too.
		n := strings.Count(s, strings.TrimSpace(in.fields.Values[name]))
		in.places[name] += n
		in.total += n
		if n < nTag && verbatim {
			i := strings.Index(s, tag)
			from := max(0, i-120)
			in.t.Errorf("%s: the text of %s arrives changed: …%q", where, name, s[from:i+len(tag)])
		}
	}
}

// urlAttrs are attributes whose value a browser follows or runs.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "poster": true, "data": true, "srcset": true, "xlink:href": true, "background": true, "cite": true}

var badScheme = regexp.MustCompile(`^(?i)\s*(javascript|vbscript|data|file):`)

// html checks one page: it tokenizes, uses only the elements and attributes of
// a harmless build, has no event handler, no script but the theme's files and
// JSON blocks (which parse), no dangerous address, no text hidden in a comment,
// and shows each field's text intact.
func (in *inspection) html(rel string, data []byte) {
	t := in.t
	toks, err := tokenize(string(data))
	if err != nil {
		t.Errorf("%s: cannot be read as HTML: %v", rel, err)
		return
	}
	if !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
		t.Errorf("%s: does not end with </html>", rel)
	}
	var script *token
	for i, tok := range toks {
		switch tok.kind {
		case startToken:
			allowedRaw := in.unsafe && bytes.Contains(data[tok.off:min(len(data), tok.off+400)], []byte(Scripted)) && !strings.Contains(fmt.Sprint(tok.attrs), "__pwned")
			if !in.clean[tok.name] && !allowedRaw {
				t.Errorf("%s: element <%s> appears that a harmless build does not have: hostile text became markup", rel, tok.name)
			}
			for _, a := range tok.attrs {
				if !in.clean[tok.name+"@"+a.name] && !allowedRaw {
					t.Errorf("%s: <%s %s=%q> appears that a harmless build does not have", rel, tok.name, a.name, a.value)
				}
				if strings.HasPrefix(a.name, "on") && !(in.unsafe && strings.Contains(a.value, Scripted)) {
					t.Errorf("%s: event handler <%s %s=%q>", rel, tok.name, a.name, a.value)
				}
				if urlAttrs[a.name] && badScheme.MatchString(strings.Map(dropControls, a.value)) && !(in.unsafe && strings.Contains(a.value, Scripted)) {
					t.Errorf("%s: <%s %s=%q> runs script or embeds data", rel, tok.name, a.name, a.value)
				}
				if tok.name == "meta" && a.name == "http-equiv" && strings.EqualFold(a.value, "refresh") {
					t.Errorf("%s: a meta refresh", rel)
				}
				in.found(rel+" <"+tok.name+" "+a.name+">", a.value, !urlAttrs[a.name])
			}
			if tok.name == "script" {
				script = &toks[i]
			}
		case endToken:
			script = nil
		case textToken:
			if tok.raw && script != nil {
				in.script(rel, *script, tok.data)
				continue
			}
			in.found(rel+" text", tok.data, true)
		case commentToken:
			if strings.Contains(tok.data, "⟦") || strings.Contains(tok.data, "__pwned") {
				t.Errorf("%s: hostile text inside a comment: <!--%s-->", rel, tok.data)
			}
		}
	}
}

// dropControls removes what browsers ignore inside a URL's scheme.
func dropControls(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return -1
	}
	return r
}

// script checks a script element: a file of the site, or a JSON block that
// parses and cannot end early or start a comment-like state.
func (in *inspection) script(rel string, tok token, content string) {
	t := in.t
	typ, _ := tok.attr("type")
	src, hasSrc := tok.attr("src")
	switch {
	case hasSrc:
		if !strings.HasPrefix(src, "/") || strings.HasPrefix(src, "//") || strings.TrimSpace(content) != "" {
			t.Errorf("%s: <script src=%q> is not a script of the site, or has content", rel, src)
		}
	case typ == "application/json":
		lower := strings.ToLower(content)
		if strings.Contains(lower, "<!--") || strings.Contains(lower, "<script") || strings.Contains(lower, "</script") {
			t.Errorf("%s: a JSON block holds <!--, <script or </script, which change where a browser ends it", rel)
		}
		in.json(rel+" <script type=application/json>", []byte(content))
	case in.unsafe && strings.Contains(content, Scripted) && !strings.Contains(content, "__pwned"):
		// Markdown raw HTML, let through by unsafe_html.
	default:
		t.Errorf("%s: inline script %q", rel, content)
	}
}

// json checks that data is JSON and counts the fields in its strings.
func (in *inspection) json(where string, data []byte) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		in.t.Errorf("%s: not JSON: %v", where, err)
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		in.t.Errorf("%s: text after the JSON value", where)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			in.found(where, v, true)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for k, e := range v {
				in.found(where+" key", k, true)
				walk(e)
			}
		}
	}
	walk(v)
}

// xml checks that the feed and the sitemap parse (strictly) and counts the fields
// in their text and attributes.
func (in *inspection) xml(rel string, data []byte) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var text strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			in.t.Errorf("%s: not XML: %v", rel, err)
			return
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			in.found(rel+" text", text.String(), true)
			text.Reset()
			for _, a := range tok.Attr {
				in.found(rel+" @"+a.Name.Local, a.Value, a.Name.Local != "href")
			}
		case xml.EndElement:
			depth--
			in.found(rel+" text", text.String(), true)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.Comment, xml.Directive:
			in.t.Errorf("%s: unexpected %T", rel, tok)
		}
	}
	if depth != 0 {
		in.t.Errorf("%s: elements not closed", rel)
	}
}

// formulaStart is what makes a spreadsheet read a cell as a formula (SPEC §9).
func formulaStart(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

var number = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// csv checks a CSV file: a BOM, RFC 4180 with one header row and the same number
// of cells in every row, numbers in number columns, and no text cell a
// spreadsheet would run; it counts the fields in its cells (a neutralised cell
// read without its leading quote).
func (in *inspection) csv(rel string, data []byte) {
	t := in.t
	body, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Errorf("%s: no BOM", rel)
	}
	r := csv.NewReader(bytes.NewReader(body))
	rows, err := r.ReadAll()
	if err != nil {
		t.Errorf("%s: not CSV: %v", rel, err)
		return
	}
	if len(rows) < 2 {
		t.Errorf("%s: %d rows", rel, len(rows))
		return
	}
	header := rows[0]
	for i, row := range rows[1:] {
		for j, cell := range row {
			where := fmt.Sprintf("%s row %d column %s", rel, i+2, header[j])
			if number.MatchString(cell) || cell == "" {
				continue
			}
			if formulaStart(cell) {
				t.Errorf("%s: cell %q would be read as a formula", where, cell)
			}
			if rest, ok := strings.CutPrefix(cell, "'"); ok && formulaStart(rest) {
				cell = rest
			}
			in.found(where, cell, true)
		}
	}
}

func (in *inspection) plain(rel string, data []byte) {
	in.found(rel, string(data), true)
}

// TestHostileText builds, for every string of the corpus, a site with that
// string in every text field of every file, and checks every place each field
// lands: HTML text and attributes, chart JSON, the search index, the Atom feed,
// the sitemap, the CSV files and cycle.json. Strings that loading refuses must
// be refused in every field, each with its file and line.
func TestHostileText(t *testing.T) {
	cases := corpus(t)
	cleanSet := clean(t)
	var mu sync.Mutex
	accepted, rejected, places, checked := 0, 0, 0, 0
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			payload := c.String()
			f, out, err := site(t, payload, false)
			if c.Rejected {
				n := checkRejected(t, f, err, out)
				mu.Lock()
				rejected++
				checked += n
				mu.Unlock()
				return
			}
			if err != nil {
				t.Fatalf("the site does not build: %v", err)
			}
			files := readTree(t, out)
			in := inspect(t, f, files, cleanSet, false)
			for _, name := range f.Names {
				if !f.Markdown[name] && in.places[name] == 0 && !unshown(name) {
					t.Errorf("field %s lands nowhere in the output, so it was not checked", name)
				}
			}
			for _, p := range opendata.Verify(out) {
				t.Errorf("open data does not verify: %v", p)
			}
			mu.Lock()
			accepted++
			places += in.total
			mu.Unlock()
		})
	}
	t.Cleanup(func() {
		t.Logf("%d hostile strings (%d accepted, %d refused): %d places where accepted text landed checked intact and inert, %d refusals checked with file and line",
			accepted+rejected, accepted, rejected, places, checked)
	})
}

// unshown tells the fields that need not appear: the front matter of narrative
// that a generated page shows under its own title (the home page, a cycle, a
// scorecard, a department).
func unshown(field string) bool {
	page, ok := strings.CutPrefix(field, "content.")
	return ok && !strings.HasPrefix(page, "about.") && (strings.HasSuffix(field, ".title") || strings.HasSuffix(field, ".description"))
}

// checkRejected checks a site whose every field holds a string loading refuses:
// the build fails, writes nothing, and names each field's file and line, without
// repeating the character.
func checkRejected(t *testing.T, f *Fields, err error, out string) int {
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("the build did not fail with problems in the files: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build left %s", out)
	}
	errs := fail.List.Errors()
	n := 0
	files := map[string]bool{}
	for _, d := range errs {
		if d.Line <= 0 || d.File == "" {
			t.Errorf("problem without a line: %v", d)
		}
		if !strings.Contains(d.Message, "U+") {
			t.Errorf("problem that does not name the character: %v", d)
		}
		for _, r := range d.String() {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r&0xfffe == 0xfffe {
				t.Errorf("problem repeats U+%04X raw: %q", r, d.String())
				break
			}
		}
		files[d.File] = true
		n++
	}
	// Every field is refused: one problem per field (Markdown paragraphs and
	// headings, one per line they span, at least).
	if n < len(f.Names) {
		t.Errorf("%d problems for %d fields", n, len(f.Names))
	}
	return n
}

// recorder is a testing.TB that keeps the failures, to test the checks themselves.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// The checks catch what they are meant to catch: each broken output below is
// reported, and the correct one beside it is not.
func TestChecksCatchBrokenOutput(t *testing.T) {
	v := "<b>⟦x⟧"
	f := &Fields{Names: []string{"x"}, Values: map[string]string{"x": v}, Markdown: map[string]bool{}}
	cleanSet := map[string]bool{"html": true, "p": true, "p@class": true, "a": true, "a@href": true, "script": true, "script@type": true, "script@src": true, "title": true}
	page := func(body string) []byte { return []byte("<!DOCTYPE html><html><title>t</title>" + body + "</html>") }
	tests := []struct {
		name  string
		file  string
		data  []byte
		catch string // "" for correct output
	}{
		{"escaped text", "a.html", page(`<p class="x">&lt;b&gt;⟦x⟧</p>`), ""},
		{"text as markup", "a.html", page(`<p><b>⟦x⟧</p>`), "element <b>"},
		{"event handler", "a.html", page(`<p class="" onclick="x">&lt;b&gt;⟦x⟧</p>`), "event handler <p onclick"},
		{"javascript link", "a.html", page(`<a href=" java&#x09;script:x">&lt;b&gt;⟦x⟧</a>`), "runs script"},
		{"escaped twice", "a.html", page(`<p>&amp;lt;b&amp;gt;⟦x⟧</p>`), "arrives changed"},
		{"inline script", "a.html", page(`<script>x()</script><p>&lt;b&gt;⟦x⟧</p>`), "inline script"},
		{"script from elsewhere", "a.html", page(`<script src="//evil.example/x.js"></script><p>&lt;b&gt;⟦x⟧</p>`), "not a script of the site"},
		{"JSON block", "a.html", page(`<script type="application/json">{"a":"\u003cb>⟦x⟧"}</script>`), ""},
		{"JSON block cut short", "a.html", page(`<script type="application/json">{"a":"<b></script><p>⟦x⟧"}</script>`), "not JSON"},
		{"comment swallows text", "a.html", page(`<!--<b>⟦x⟧--><p>&lt;b&gt;⟦x⟧</p>`), "inside a comment"},
		{"unclosed tag", "a.html", []byte(`<p class="x>&lt;b&gt;⟦x⟧</p>`), "cannot be read as HTML"},
		{"CSV neutralised", "d.csv", []byte("\ufeffa,b\r\n'=1,\"<b>⟦x⟧\"\r\n"), ""},
		{"CSV formula", "d.csv", []byte("\ufeffa,b\r\n=1,\"<b>⟦x⟧\"\r\n"), "formula"},
		{"CSV without BOM", "d.csv", []byte("a,b\r\n1,\"<b>⟦x⟧\"\r\n"), "no BOM"},
		{"CSV ragged", "d.csv", []byte("\ufeffa,b\r\n1,<b>⟦x⟧,3\r\n"), "not CSV"},
		{"XML", "f.xml", []byte(`<?xml version="1.0"?><feed><title>&lt;b&gt;⟦x⟧</title></feed>`), ""},
		{"XML broken", "f.xml", []byte(`<?xml version="1.0"?><feed><title><b>⟦x⟧</title></feed>`), "not XML"},
		{"JSON", "i.json", []byte(`{"n":"<b>⟦x⟧"}`), ""},
		{"JSON broken", "i.json", []byte(`{"n":"<b>⟦x⟧"}}`), "after the JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			in := inspect(r, f, map[string][]byte{tt.file: tt.data}, cleanSet, false)
			got := strings.Join(r.errs, "\n")
			if tt.catch == "" {
				if got != "" || in.places["x"] == 0 {
					t.Errorf("correct output: %d places, problems:\n%s", in.places["x"], got)
				}
			} else if !strings.Contains(got, tt.catch) {
				t.Errorf("not caught (want %q); problems:\n%s", tt.catch, got)
			}
		})
	}
}
