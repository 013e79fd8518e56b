package load

import (
	"strings"
	"testing"

	"perfsite/generator/model"
)

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		title    string
		body     string
		bodyLine int
		date     model.Date
		weight   int64
		draft    bool
	}{
		{"plain", "+++\ntitle = \"关于\"\n+++\n# 关于\n", "关于", "# 关于\n", 4, model.Date{}, 0, false},
		{"all keys", "+++\ntitle = \"a\"\ndescription = \"d\"\ndate = 2024-03-05\nweight = -2\ndraft = true\n+++\n\nbody", "a", "\nbody", 8, model.Date{Year: 2024, Month: 3, Day: 5}, -2, true},
		{"BOM and CRLF", "\uFEFF+++\r\ntitle = \"x\"\r\n+++\r\nline\r\n", "x", "line\n", 4, model.Date{}, 0, false},
		{"nothing after the front matter", "+++\ntitle = \"x\"\n+++", "x", "", 4, model.Date{}, 0, false},
		{"blanks after the markers", "+++  \ntitle = \"x\"\n+++\t\nb", "x", "b", 4, model.Date{}, 0, false},
		{"+++ inside the body is kept", "+++\ntitle = \"x\"\n+++\na\n+++\n", "x", "a\n+++\n", 4, model.Date{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, l := FrontMatter("content/p.md", []byte(tt.src))
			if l.Len() != 0 {
				t.Fatalf("problems: %s", l)
			}
			if c.Title != tt.title || string(c.Body) != tt.body || c.BodyLine != tt.bodyLine || c.Date != tt.date || c.Weight != tt.weight || c.Draft != tt.draft {
				t.Errorf("got title %q body %q line %d date %v weight %d draft %v", c.Title, c.Body, c.BodyLine, c.Date, c.Weight, c.Draft)
			}
			if c.Path != "content/p.md" {
				t.Errorf("path %q", c.Path)
			}
		})
	}
}

func TestFrontMatterProblems(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no front matter", "# title\n", "content/p.md:1: error: missing front matter: start the file with a line +++, then title = \"…\", then another line +++"},
		{"empty file", "", "content/p.md:1: error: missing front matter: start the file with a line +++, then title = \"…\", then another line +++"},
		{"not closed", "+++\ntitle = \"x\"\n", "content/p.md:1: error: front matter is not closed: add a line +++ after its last key"},
		{"no title", "+++\n+++\n", "content/p.md:1: error: missing required key \"title\" in the front matter"},
		{"empty title", "+++\ntitle = \" \"\n+++\n", "content/p.md:2:1: error: title is empty; write it between the quotes"},
		{"weight not whole", "+++\ntitle = \"x\"\nweight = 1.5\n+++\n", "content/p.md:3:1: error: weight must be a whole number, not a number 1.5"},
		{"draft in quotes", "+++\ntitle = \"x\"\ndraft = \"true\"\n+++\n", "content/p.md:3:1: error: draft must be true or false, not a string \"true\"; remove the quotes"},
		{"syntax error line shifted", "+++\ntitle = \"x\"\ndate = 2024-13-01\n+++\n", "content/p.md:3:8: error: TOML syntax error: invalid datetime: \"2024-13-01\"; write dates as 2024-02-20"},
		{"unknown key", "+++\ntitle = \"x\"\ntags = [\"a\"]\n+++\n", "content/p.md:3:1: error: unknown key \"tags\" in the front matter; remove it or check its spelling"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := FrontMatter("content/p.md", []byte(tt.src))
			if got := strings.TrimSpace(l.String()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestContentURL(t *testing.T) {
	for path, want := range map[string]string{
		"content/_index.md":          "/",
		"content/about.md":           "/about/",
		"content/a_index.md":         "/a_index/",
		"content/2024/_index.md":     "/2024/",
		"content/2024/health.md":     "/2024/health/",
		"content/departments/tax.md": "/departments/tax/",
		"content/guide/a/b.md":       "/guide/a/b/",
	} {
		if got := ContentURL(path); got != want {
			t.Errorf("ContentURL(%q) = %q, want %q", path, got, want)
		}
	}
}
