package load

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/model"
)

var (
	fixtureOnce   sync.Once
	fixtureLoader *loader
)

// fixture is the loaded testdata site, whose scheme and departments fuzzed scorecards
// are checked against.
func fixture(t testing.TB) *loader {
	fixtureOnce.Do(func() {
		l := newLoader("testdata/site", today)
		l.load()
		fixtureLoader = l
	})
	if fixtureLoader.diags.Len() != 0 || len(fixtureLoader.site.Cycles) != 1 {
		t.Fatalf("fixture does not load cleanly:\n%s", fixtureLoader.diags.String())
	}
	return fixtureLoader
}

func FuzzScorecard(f *testing.F) {
	for _, name := range []string{"market", "tax", "health"} {
		b, err := os.ReadFile("testdata/site/data/2024/" + name + ".toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("\xef\xbb\xbfdepartment = \"market\"\r\nstatus = \"draft\"\r\n[[indicator]]\r\nid = \"budget-execution\"\r\nactual = nan\r\n"))
	f.Add([]byte("department = \"market\"\n# \xb2\xbf\xc3\xc5\n"))
	f.Add([]byte("department = \"market\"\nstatus = \"draft\"\n[[indicator]]\nid = \"x\"\nname = \"\"\"a\nb\"\"\"\ndimension = 'public'\npoints = 1e400\nmethod = \"bands\"\nbands = [[1, 2], [\"a\"], 3]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		base := fixture(t)
		l := *base
		l.diags = diag.List{}
		s := l.site.Cycles[0].Scheme
		const rel = "data/2024/market.toml"
		text, ok := normalise(rel, data, &l.diags)
		if !ok {
			if !l.diags.HasErrors() {
				t.Fatal("refused text without an error")
			}
			return
		}
		// The card's positions would be found in the file on disk, which this text is
		// not: find them in the text, as a problem in the file would.
		lines := strings.Count(text, "\n") + 1
		for path, p := range scanPositions(rel, text, 0) {
			if p.File != rel || p.Line < 1 || p.Line > lines || p.Col < 1 {
				t.Fatalf("%s at %v, outside the text", path, p)
			}
		}
		card := l.card(rel, "market", text, s)
		for _, d := range l.diags.Items() {
			if d.File != rel && d.File != s.Src.File {
				t.Fatalf("problem in another file: %v", d)
			}
			if d.Line < 0 || d.Col < 0 || d.Message == "" {
				t.Fatalf("bad problem: %v", d)
			}
		}
		if l.diags.HasErrors() {
			return
		}
		// A scorecard without errors is one the scoring stage can trust.
		if card == nil {
			t.Fatal("no errors but no scorecard")
		}
		sum := decimal.Int(0)
		for _, in := range card.Indicators {
			if !contains(model.Methods, in.Method) || in.Points.Sign() <= 0 || in.ID == "" {
				t.Fatalf("accepted an unusable indicator: %+v", in)
			}
			if in.Method == model.Ratio && (in.Target == nil || in.Target.Sign() <= 0) {
				t.Fatalf("accepted ratio without a positive target: %+v", in)
			}
			if in.Method == model.Linear && (in.Target == nil || in.Floor == nil || in.Target.Equal(*in.Floor)) {
				t.Fatalf("accepted linear without distinct floor and target: %+v", in)
			}
			if in.Method == model.Deduct && (in.Per == nil || in.Per.Sign() <= 0) {
				t.Fatalf("accepted deduct without per: %+v", in)
			}
			if !card.Draft && !in.HasActual() {
				t.Fatalf("accepted a final scorecard without an actual for %s", in.ID)
			}
			sum = sum.Add(in.Points)
		}
		if !sum.Equal(s.Total) {
			t.Fatalf("accepted points adding up to %s", sum)
		}
	})
}

func FuzzFrontMatter(f *testing.F) {
	for _, name := range []string{"_index.md", "about.md", "2024/market.md", "departments/tax.md"} {
		b, err := os.ReadFile("testdata/site/content/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("+++\r\ntitle = \"x\"\r\n+++"))
	f.Add([]byte("\xef\xbb\xbf+++\ntitle = 'x'\ndate = 2024-01-02\n+++\nbody\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "content/page.md"
		c, l := FrontMatter(path, data)
		if c == nil || l == nil {
			t.Fatal("nil result")
		}
		for _, d := range l.Items() {
			if d.File != path || d.Line < 0 || d.Col < 0 {
				t.Fatalf("bad problem: %v", d)
			}
		}
		if l.HasErrors() {
			return
		}
		if strings.TrimSpace(c.Title) == "" {
			t.Fatal("accepted a page without a title")
		}
		// The body is the end of the normalised text, and BodyLine is its first line.
		var norm diag.List
		text, _ := normalise(path, data, &norm)
		if !bytes.HasSuffix([]byte(text), c.Body) {
			t.Fatal("body is not the end of the file")
		}
		before := text[:len(text)-len(c.Body)]
		if want := strings.Count(before, "\n") + 1; c.BodyLine != want && !(len(c.Body) == 0 && c.BodyLine == want+1) {
			t.Fatalf("BodyLine %d, want %d", c.BodyLine, want)
		}
	})
}
