package hostile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"perfsite/generator/build"
	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/scaffold"
	"perfsite/generator/score"
)

// scaffoldSite writes the scaffold's site and returns its folder and cycle id.
func scaffoldSite(t *testing.T) (dir, cycle string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "site")
	if err := scaffold.Site(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			cycle = e.Name()
		}
	}
	return dir, cycle
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replace replaces the only occurrence of old in the file p.
func replace(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), old); n != 1 {
		t.Fatalf("%s: %q occurs %d times, want 1", p, old, n)
	}
	writeFile(t, p, strings.Replace(string(b), old, new, 1))
}

// buildSite builds dir into a fresh folder, failing the test on a panic or when
// it takes longer than limit.
func buildSite(t *testing.T, dir string, limit time.Duration) (string, *diag.List, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	start := time.Now()
	var sum *build.Summary
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("build panicked: %v", r)
			}
		}()
		sum, err = build.Build(build.Options{SiteDir: dir, OutDir: out, Today: today})
	}()
	if d := time.Since(start); d > limit {
		t.Errorf("build took %v, more than %v", d, limit)
	}
	return out, sum.Diags, err
}

func errorsOf(err error) string {
	var fail *diag.Failure
	if errors.As(err, &fail) {
		return fail.List.String()
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// A file over 8 MiB is refused unread, with its name; one of exactly 8 MiB is read.
func TestLargeFileRefused(t *testing.T) {
	for _, size := range []int64{8<<20 + 1, 1 << 40} {
		for _, rel := range []string{"data/departments.toml", "data/CYCLE/market-regulation.toml", "content/about.md"} {
			t.Run(fmt.Sprintf("%s %d", rel, size), func(t *testing.T) {
				dir, cycle := scaffoldSite(t)
				rel = strings.Replace(rel, "CYCLE", cycle, 1)
				sparse(t, filepath.Join(dir, filepath.FromSlash(rel)), size)
				_, _, err := buildSite(t, dir, 5*time.Second)
				want := rel + ": error: file is too large ("
				if got := errorsOf(err); !strings.Contains(got, want) || !strings.Contains(got, "files over 8 MiB are refused") {
					t.Errorf("got %q, want %q… files over 8 MiB are refused", got, want)
				}
			})
		}
	}
	t.Run("exactly 8 MiB is read", func(t *testing.T) {
		dir, _ := scaffoldSite(t)
		sparse(t, filepath.Join(dir, "content", "about.md"), 8<<20)
		_, _, err := buildSite(t, dir, 20*time.Second)
		if got := errorsOf(err); strings.Contains(got, "too large") || !strings.Contains(got, "content/about.md") {
			t.Errorf("got %q, want a problem with the content, not its size", got)
		}
	})
}

// sparse makes a file of the given size without writing its bytes.
func sparse(t *testing.T, p string, size int64) {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// Numbers at the edge of float64 score without a panic and publish as plain
// decimals: every score within [0, points], no NaN, no exponent, no -0.
func TestAbsurdNumbers(t *testing.T) {
	values := []string{"1e308", "1.7976931348623157e308", "-1e308", "1e-308", "5e-324", "-5e-324", "-0.0", "-0", "0",
		"9223372036854775807", "-9223372036854775808", "0.1", "123456789012345678"}
	// Each place takes one value; the scaffold's own ratio indicator
	// process-reform (30 points) and the common budget-execution (20, ratio,
	// target 95) are where they land.
	places := []struct {
		name string
		edit func(t *testing.T, card string, v string)
	}{
		{"actual", func(t *testing.T, card, v string) {
			replace(t, card, "target = 100\nactual = 100\n", "target = 100\nactual = "+v+"\nprogress = { Q1 = "+v+" }\n")
		}},
		{"target and actual", func(t *testing.T, card, v string) {
			replace(t, card, "target = 100\nactual = 100\n", "target = "+v+"\nactual = "+v+"\nbaseline = "+v+"\n")
		}},
		{"linear floor", func(t *testing.T, card, v string) {
			replace(t, card, "method = \"ratio\"\ntarget = 100\nactual = 100\n", "method = \"linear\"\ntarget = 100\nfloor = "+v+"\nactual = 50\nmilestones = { Q2 = "+v+" }\nprogress = { Q2 = 1 }\n")
		}},
		{"bands", func(t *testing.T, card, v string) {
			replace(t, card, "method = \"ratio\"\ntarget = 100\nactual = 100\n", "method = \"bands\"\nbands = [["+v+", 1]]\nactual = "+v+"\n")
		}},
		{"deduct", func(t *testing.T, card, v string) {
			replace(t, card, "method = \"ratio\"\ntarget = 100\nactual = 100\n", "method = \"deduct\"\nper = 0.5\nactual = "+v+"\n")
		}},
		{"bonus", func(t *testing.T, card, v string) {
			writeAppend(t, card, "\n[[adjustment]]\nkind = \"bonus\"\npoints = "+v+"\nreason = \"x\"\n")
		}},
	}
	for _, pl := range places {
		for _, v := range values {
			t.Run(pl.name+" "+v, func(t *testing.T) {
				t.Parallel()
				dir, cycle := scaffoldSite(t)
				card := filepath.Join(dir, "data", cycle, "market-regulation.toml")
				pl.edit(t, card, v)
				_, r, diags := build.Check(dir, today)
				if r == nil {
					// Refused: with problems that say where.
					for _, d := range diags.Errors() {
						if d.File == "" || d.Line == 0 {
							t.Errorf("a problem without a line: %v", d)
						}
					}
					if !diags.HasErrors() {
						t.Fatal("no result and no error")
					}
					t.Logf("refused: %s", diags.Errors()[0])
					return
				}
				for _, c := range r.Cycles {
					for _, d := range c.Departments {
						checkDepartment(t, d)
					}
				}
				out, _, err := buildSite(t, dir, 20*time.Second)
				if err != nil {
					t.Fatalf("checked but does not build: %v", err)
				}
				for rel, data := range readTree(t, out) {
					if strings.HasSuffix(rel, ".csv") {
						checkNumbersCSV(t, rel, data)
					}
					if strings.HasSuffix(rel, ".html") {
						checkNumbersHTML(t, rel, data)
					}
				}
			})
		}
	}
}

func writeAppend(t *testing.T, p, text string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, string(b)+text)
}

// checkDepartment checks a result for sense: each score within [0, points × cap
// rounded]
// and equal to points × fraction rounded, totals the sums of their parts.
func checkDepartment(t *testing.T, d *score.Department) {
	t.Helper()
	sum := decimal.Int(0)
	for _, in := range d.Indicators {
		capf := decimal.Int(1)
		if in.Cap != nil {
			capf = *in.Cap
		}
		if in.Fraction.Sign() < 0 || in.Fraction.Greater(capf) {
			t.Errorf("%s/%s: fraction %s outside [0, %s]", d.ID, in.ID, in.Fraction, capf)
		}
		if most := in.Points.Mul(capf).Round(2); in.Score.Sign() < 0 || in.Score.Greater(most) {
			t.Errorf("%s/%s: score %s outside [0, %s]", d.ID, in.ID, in.Score, most)
		}
		if diff := in.Points.Mul(in.Fraction).Sub(in.Score); diff.Greater(decimal.MustParse("0.005")) || diff.Less(decimal.MustParse("-0.005")) {
			t.Errorf("%s/%s: score %s is not %s × %s rounded", d.ID, in.ID, in.Score, in.Points, in.Fraction)
		}
		sum = sum.Add(in.Score)
	}
	if !sum.Equal(d.IndicatorScore) {
		t.Errorf("%s: indicator score %s, sum of parts %s", d.ID, d.IndicatorScore, sum)
	}
	if d.Total.Sign() < 0 {
		t.Errorf("%s: total %s below 0", d.ID, d.Total)
	}
}

// numberColumns are the CSV columns of numbers (SPEC §9).
var numberColumns = map[string]bool{"indicator_score": true, "bonus": true, "penalty": true, "veto_deduct": true,
	"total": true, "rank_group": true, "rank_overall": true, "points": true, "score": true, "rate": true, "target": true,
	"floor": true, "actual": true, "baseline": true, "fraction": true, "milestone": true, "value": true, "counted": true}

// checkNumbersCSV checks that every number column holds a plain decimal and no
// negative zero.
func checkNumbersCSV(t *testing.T, rel string, data []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", rel, err)
	}
	for i, row := range rows[1:] {
		for j, cell := range row {
			if !numberColumns[rows[0][j]] || cell == "" {
				continue
			}
			if !plainNumber.MatchString(cell) {
				t.Errorf("%s row %d %s: %q is not a plain decimal", rel, i+2, rows[0][j], cell)
			}
			if strings.HasPrefix(cell, "-") && strings.Trim(cell[1:], "0.") == "" {
				t.Errorf("%s row %d %s: negative zero %q", rel, i+2, rows[0][j], cell)
			}
		}
	}
}

var absurdText = regexp.MustCompile(`NaN|Infinity|[0-9]e[+-][0-9]|[−-]0(\.0+)?([^.0-9]|$)`)

// checkNumbersHTML checks the text of a page (not its chart data, where numbers
// are JavaScript's) for NaN, infinity, exponents and negative zero.
func checkNumbersHTML(t *testing.T, rel string, data []byte) {
	t.Helper()
	toks, err := tokenize(string(data))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	for _, tok := range toks {
		if tok.kind == textToken && !tok.raw {
			if m := absurdText.FindString(tok.data); m != "" {
				i := strings.Index(tok.data, m)
				t.Errorf("%s: %q in %q", rel, m, tok.data[max(0, i-60):min(len(tok.data), i+60)])
			}
		}
	}
}

// Thousands of indicators in one scorecard load, score and build in reasonable time.
func TestThousandsOfIndicators(t *testing.T) {
	const n = 3000
	dir, cycle := scaffoldSite(t)
	scheme := filepath.Join(dir, "data", cycle, "scheme.toml")
	replace(t, scheme, "total = 100\n", fmt.Sprintf("total = %d\n", 100+n))
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "\n[[indicator]]\nid = \"item-%d\"\nname = \"事项%d\"\ndimension = \"process\"\npoints = 1\nmethod = \"ratio\"\ntarget = 100\nactual = %d\n", i, i, 50+i%60)
	}
	writeAppend(t, filepath.Join(dir, "data", cycle, "market-regulation.toml"), b.String())
	writeAppend(t, filepath.Join(dir, "data", cycle, "finance-bureau.toml"),
		fmt.Sprintf("\n[[indicator]]\nid = \"big\"\nname = \"大项\"\ndimension = \"process\"\npoints = %d\nmethod = \"ratio\"\ntarget = 100\nactual = 90\n", n))

	start := time.Now()
	_, r, diags := build.Check(dir, today)
	checkTime := time.Since(start)
	if r == nil {
		t.Fatalf("not scored:\n%s", diags)
	}
	var market *score.Department
	for _, d := range r.Cycles[0].Departments {
		if d.ID == "market-regulation" {
			market = d
		}
	}
	if market == nil || len(market.Indicators) != n+4 {
		t.Fatalf("market-regulation has not %d indicators", n+4)
	}
	// Own items score (50 + i%60)/100, capped at 1: 0.50 … 1.00 points each.
	want := decimal.Int(0)
	for i := range n {
		want = want.Add(decimal.Min(decimal.Int(int64(50+i%60)).Quo(decimal.Int(100)), decimal.Int(1)))
	}
	got := decimal.Int(0)
	for _, in := range market.Indicators[4:] {
		got = got.Add(in.Score)
	}
	if !got.Equal(want) {
		t.Errorf("the %d items score %s, want %s", n, got, want)
	}
	if checkTime > 10*time.Second {
		t.Errorf("loading and scoring took %v", checkTime)
	}
	_, _, err := buildSite(t, dir, 60*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d indicators: load and score %v", n, checkTime)
}

// TOML nested 10 000 levels deep is refused at once, with the file and line;
// the decoder never sees it.
func TestDeepNesting(t *testing.T) {
	for name, text := range map[string]string{
		"arrays":        "x = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n",
		"inline tables": "x = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n",
		"dotted key":    strings.Repeat("a.", 10000) + "a = 1\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir, cycle := scaffoldSite(t)
			writeAppend(t, filepath.Join(dir, "data", cycle, "market-regulation.toml"), "\n"+text)
			_, _, err := buildSite(t, dir, 5*time.Second)
			rel := "data/" + cycle + "/market-regulation.toml:"
			if got := errorsOf(err); !strings.Contains(got, rel) || !strings.Contains(got, "nested more than 32 levels deep") {
				t.Errorf("got %q", got)
			}
		})
	}
}

// secret is what files outside the site hold; it must never reach the output.
const secret = "SECRET-OUTSIDE-THE-SITE"

// Links that lead out of the site are never followed, wherever they are: data/,
// content/, static/, layouts/ and a site theme. Each is refused with a problem
// naming it, or left out; the secret never reaches the output.
func TestLinksOutOfTheSite(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "card.toml"), "department = \"market-regulation\"\nstatus = \"final\"\n# "+secret+"\n")
	writeFile(t, filepath.Join(outside, "page.md"), "+++\ntitle = \""+secret+"\"\n+++\n"+secret+"\n")
	writeFile(t, filepath.Join(outside, "secret.txt"), secret+"\n")
	writeFile(t, filepath.Join(outside, "base.html"), `{{define "base"}}`+secret+`{{end}}`)
	writeFile(t, filepath.Join(outside, "layouts", "base.html"), `{{define "base"}}`+secret+`{{end}}`)
	writeFile(t, filepath.Join(outside, "static", "secret.txt"), secret+"\n")
	writeFile(t, filepath.Join(outside, "theme", "layouts", "base.html"), `{{define "base"}}`+secret+`{{end}}`)
	writeFile(t, filepath.Join(outside, "cycle", "scheme.toml"), "title = \""+secret+"\"\n")
	writeFile(t, filepath.Join(outside, "content", "x.md"), "+++\ntitle = \""+secret+"\"\n+++\n")

	tests := []struct {
		name   string
		target string // inside outside/
		link   string // inside the site; CYCLE is the cycle id
		want   string // a problem that must be reported; "" when leaving it out silently is right
	}{
		{"scorecard", "card.toml", "data/CYCLE/market-regulation.toml", "is a link to"},
		{"cycle folder", "cycle", "data/2023", "is a link to"},
		{"data folder", ".", "data", "is a link to"},
		{"content page", "page.md", "content/secret.md", "is a link to"},
		{"content folder", "content", "content/more", "is a link to"},
		{"static file", "secret.txt", "static/secret.txt", ""},
		{"static folder", "static", "static", "static: it is a link to"},
		{"layout file", "base.html", "layouts/base.html", "layouts/base.html: it is a link to"},
		{"layouts folder", "layouts", "layouts", "layouts: it is a link to"},
		{"site theme", "theme", "themes/default", "themes/default: it is a link to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, cycle := scaffoldSite(t)
			link := filepath.Join(dir, filepath.FromSlash(strings.Replace(tt.link, "CYCLE", cycle, 1)))
			if err := os.RemoveAll(link); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(outside, tt.target), link); err != nil {
				t.Fatal(err)
			}
			out, diags, err := buildSite(t, dir, 20*time.Second)
			problems := errorsOf(err)
			if err == nil {
				problems = diags.String()
			}
			if tt.want != "" && !strings.Contains(problems, tt.want) {
				t.Errorf("no problem says %q; problems:\n%s", tt.want, problems)
			}
			if strings.Contains(problems, secret) {
				t.Errorf("a problem shows the secret:\n%s", problems)
			}
			for rel, data := range readTreeIfAny(t, out) {
				if bytes.Contains(data, []byte(secret)) {
					t.Errorf("%s holds the secret", rel)
				}
			}
		})
	}
}

// A link that stays inside the site is followed: a layout kept elsewhere in the
// site folder is used.
func TestLinkInsideTheSite(t *testing.T) {
	dir, _ := scaffoldSite(t)
	const mark = "FOOTER-FROM-A-LINK"
	writeFile(t, filepath.Join(dir, "shared", "footer.html"), `{{define "footer"}}<footer>`+mark+`</footer>{{end}}`)
	if err := os.MkdirAll(filepath.Join(dir, "layouts", "partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../shared/footer.html", filepath.Join(dir, "layouts", "partials", "footer.html")); err != nil {
		t.Fatal(err)
	}
	out, _, err := buildSite(t, dir, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Contains(b, []byte(mark)) {
		t.Errorf("the linked layout was not used")
	}
}

// readTreeIfAny is readTree for a folder that may not exist.
func readTreeIfAny(t *testing.T, dir string) map[string][]byte {
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	return readTree(t, dir)
}

// A name that is not UTF-8 (a GBK byte pair, a stray byte) is refused with its
// line and column, and the build publishes nothing.
func TestNotUTF8Name(t *testing.T) {
	for _, tt := range []struct{ bytes, want string }{
		{"\xff", "data/departments.toml:8:11: error: file is not UTF-8 (first bad byte at line 8 col 11); save it again as UTF-8"},
		{"\xc0\xaf", "data/departments.toml:8:11: error: file is not UTF-8"},
		{"\xed\xa0\x80", "data/departments.toml:8:11: error: file is not UTF-8"}, // a UTF-16 surrogate
	} {
		dir, _ := scaffoldSite(t)
		replace(t, filepath.Join(dir, "data", "departments.toml"), `name = "财政局"`, `name = "财政`+tt.bytes+`局"`)
		out, _, err := buildSite(t, dir, 5*time.Second)
		if got := errorsOf(err); !strings.Contains(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.bytes, got, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%q: a failed build wrote %s", tt.bytes, out)
		}
	}
}
