package hostile

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// combined is the corpus entry that tries every way of running script at once.
func combined(t testing.TB) string {
	t.Helper()
	for _, c := range corpus(t) {
		if c.Name == "combined" {
			return c.String()
		}
	}
	t.Fatal("the corpus has no entry named combined")
	return ""
}

// scripted lists what could run in a built site: inline scripts, event
// handlers and javascript: addresses, as "file: what".
func scripted(t *testing.T, files map[string][]byte) []string {
	t.Helper()
	var out []string
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(rel, ".html") {
			continue
		}
		toks, err := tokenize(string(files[rel]))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var script bool
		for _, tok := range toks {
			switch {
			case tok.kind == startToken:
				_, src := tok.attr("src")
				typ, _ := tok.attr("type")
				script = tok.name == "script" && !src && typ != "application/json"
				for _, a := range tok.attrs {
					if strings.HasPrefix(a.name, "on") || urlAttrs[a.name] && badScheme.MatchString(a.value) {
						out = append(out, rel+": <"+tok.name+" "+a.name+"="+a.value+">")
					}
				}
			case tok.kind == textToken && tok.raw && script:
				out = append(out, rel+": <script>"+tok.data)
			}
		}
	}
	return out
}

// Markdown links with javascript: or data: addresses and raw HTML are harmless
// by default; unsafe_html = true lets them through exactly as written, while the
// text of every data field stays escaped.
func TestMarkdownSafeAndUnsafe(t *testing.T) {
	payload := combined(t)
	t.Run("safe", func(t *testing.T) {
		f, out, err := site(t, payload, false)
		if err != nil {
			t.Fatal(err)
		}
		files := readTree(t, out)
		inspect(t, f, files, clean(t), false)
		if got := scripted(t, files); len(got) > 0 {
			t.Errorf("could run:\n%s", strings.Join(got, "\n"))
		}
		// The neutralised links keep their text.
		about := string(files["about/index.html"])
		for _, text := range []string{"a javascript link", "a data link", "a spaced link", "raw link", "raw bold"} {
			if !strings.Contains(about, text) {
				t.Errorf("about/index.html lost the text %q of a neutralised link or raw element", text)
			}
		}
	})
	t.Run("unsafe", func(t *testing.T) {
		// Markdown is trusted now: its paragraphs get plain text, every other
		// field the payload.
		f, out, err := siteWith(t, func(field string) string {
			if strings.HasSuffix(field, ".paragraph") || strings.HasSuffix(field, ".heading") {
				return Tag("普通文字", field)
			}
			return Tag(payload, field)
		}, true)
		if err != nil {
			t.Fatal(err)
		}
		files := readTree(t, out)
		inspect(t, f, files, clean(t), true) // data fields: no __pwned may run
		got := strings.Join(scripted(t, files), "\n")
		for _, want := range []string{
			"about/index.html: <a href=javascript:" + Scripted + "=1>",
			"about/index.html: <a href=data:text/html,%3Cscript%3E" + Scripted + "=2%3C/script%3E>",
			"about/index.html: <script>" + Scripted + "=6",
			"about/index.html: <img onerror=" + Scripted + "=7>",
			"about/index.html: <a href=javascript:" + Scripted + "=8>",
			"about/index.html: <b onclick=" + Scripted + "=9>",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("unsafe_html = true did not keep %s; what could run:\n%s", want, got)
			}
		}
		if strings.Contains(got, "__pwned") {
			t.Errorf("with unsafe_html a data field runs:\n%s", got)
		}
	})
}
