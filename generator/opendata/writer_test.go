package opendata

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"perfsite/generator/decimal"
	hostiletext "perfsite/generator/hostile"
	"perfsite/generator/load"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// repoRoot is the repository root, which is the example site.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// corpus is the hostile strings of testdata/hostile, rejected ones included: the
// writers must handle any text a model can hold.
func corpus(t *testing.T) []string {
	t.Helper()
	cases, err := hostiletext.Corpus(filepath.Join(repoRoot(t), "testdata", "hostile", "strings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cases {
		out = append(out, c.String())
	}
	return out
}

// randomStrings mixes what escaping and quoting rules are about: every ASCII
// byte, spaces of every kind, line and paragraph separators, Chinese, emoji and
// bytes that are not UTF-8.
func randomStrings(seed uint64, n int) []string {
	pieces := []string{"\x00", "\x01", "\b", "\f", "\n", "\r", "\r\n", "\t", "\x1f", "\x7f", " ", "\u00a0", "\u0085",
		"\u3000", "\u2028", "\u2029", "\ufeff", "\ufffd", "<", ">", "&", "\"", "'", "\\", ",", "=", "+", "-", "@",
		"\\.", "考评", "😀", "\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "a", "7.20", "}", "]"}
	r := rand.New(rand.NewPCG(seed, 0))
	out := []string{"", `\.`, " ", "\u3000x", "\r", "\n", "-1.5", "=1+1"}
	for range n {
		var b strings.Builder
		for range r.IntN(8) {
			if r.IntN(4) == 0 {
				b.WriteByte(byte(r.IntN(256)))
			} else {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
		}
		out = append(out, b.String())
	}
	return out
}

// Rows are written exactly as encoding/csv writes them with CRLF line ends, after
// the text cells are neutralised.
func TestCSVRowsAsEncodingCSV(t *testing.T) {
	texts := append(corpus(t), randomStrings(2, 5000)...)
	r := rand.New(rand.NewPCG(3, 0))
	for i := 0; i < len(texts); i += 3 {
		cells := texts[i:min(i+3, len(texts))]
		numeric := make([]bool, len(cells))
		for j := range cells {
			numeric[j] = r.IntN(2) == 0
		}
		checkRow(t, cells, numeric)
	}
}

// Every byte and every character up to U+3000, alone, leading and inside a cell,
// text or number, is written as encoding/csv writes it.
func TestCSVCellsAsEncodingCSV(t *testing.T) {
	var chars []string
	for b := range 256 {
		chars = append(chars, string([]byte{byte(b)}))
	}
	for r := rune(0x80); r < 0x3001; r++ {
		chars = append(chars, string(r))
	}
	for _, c := range chars {
		for _, numeric := range []bool{false, true} {
			checkRow(t, []string{c, c + "x", "x" + c + "y"}, []bool{numeric, numeric, numeric})
		}
	}
}

// checkRow checks appendRow against encoding/csv with CRLF line ends, after the
// text cells are neutralised.
func checkRow(t *testing.T, cells []string, numeric []bool) {
	t.Helper()
	neutral := make([]string, len(cells))
	for j, c := range cells {
		neutral[j] = c
		if !numeric[j] {
			neutral[j] = text(c)
		}
	}
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.UseCRLF = true
	w.Write(neutral)
	w.Flush()
	if got := appendRow(nil, cells, numeric); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("%q (numeric %v): got %q, want %q", cells, numeric, got, want.Bytes())
	}
}

// cents formats once what the definition rounds, compares and formats.
func TestCentsAsDefinition(t *testing.T) {
	var values []decimal.D
	for _, s := range []string{"0", "7.2", "7.20", "-7.2", "100", "-100", "0.005", "0.125", "-0.125", "88.1",
		"1e-12", "123456789.123", "0.1", "-0.01", "2.345", "99.999999999999"} {
		values = append(values, decimal.MustParse(s))
	}
	third := decimal.Int(1).Quo(decimal.Int(3))
	values = append(values, third, third.Neg(), decimal.Int(20).Quo(decimal.Int(3)),
		// no end, yet written short: 7.2 plus a tiny third rounds to 7.2 at ten places
		decimal.MustParse("7.2").Add(third.Mul(decimal.MustParse("1e-12"))),
		decimal.MustParse("7").Sub(third.Mul(decimal.MustParse("1e-12"))))
	r := rand.New(rand.NewPCG(4, 0))
	for range 2000 {
		n := decimal.Int(r.Int64N(2_000_001) - 1_000_000)
		d := decimal.Int([]int64{1, 2, 3, 4, 5, 7, 8, 10, 16, 25, 40, 100, 1000, 3000}[r.IntN(14)])
		values = append(values, n.Quo(d))
	}
	for _, v := range values {
		if got, want := cents(v), referenceCents(v); got != want {
			t.Errorf("cents(%s) = %q, want %q", v.Fixed(20), got, want)
		}
	}
}

// hostileSite loads a site whose every text field holds a string of the corpus.
func hostileSite(t *testing.T) *model.Site {
	t.Helper()
	var cases []string
	all, err := hostiletext.Corpus(filepath.Join(repoRoot(t), "testdata", "hostile", "strings.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if !c.Rejected {
			cases = append(cases, c.String())
		}
	}
	n := 0
	dir := filepath.Join(t.TempDir(), "site")
	_, err = hostiletext.Write(dir, hostiletext.Options{Text: func(field string) string {
		n++
		return hostiletext.Tag(cases[n%len(cases)], field)
	}})
	if err != nil {
		t.Fatal(err)
	}
	s, diags := load.SiteAt(dir, day(2025, 4, 1))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return s
}

// scramble puts random text, some of it not UTF-8, into every text field of the
// fixture's departments, scorecards and scheme.
func scramble(s *model.Site, seed uint64) *model.Site {
	texts := randomStrings(seed, 2000)
	r := rand.New(rand.NewPCG(seed, 1))
	next := func() string { return texts[r.IntN(len(texts))] }
	for _, d := range s.Departments {
		d.Name, d.ShortName, d.Website, d.Description = next(), next(), next(), next()
	}
	for _, g := range s.Groups {
		g.Name = next()
	}
	s.Config.Title, s.Config.OpenData.License = next(), next()
	for _, c := range s.Cycles {
		sc := c.Scheme
		sc.Title = next()
		for _, d := range sc.Dimensions {
			d.Name, d.Description = next(), next()
		}
		for _, v := range sc.Vetoes {
			v.Name = next()
		}
		indicators := sc.Indicators
		for _, card := range c.Cards {
			indicators = append(indicators, card.Indicators...)
			for _, a := range card.Adjustments {
				a.Reason, a.Basis, a.Evidence = next(), next(), []string{next(), next()}
			}
			for _, x := range card.Rectifications {
				x.Issue, x.Action, x.Owner, x.Evidence = next(), next(), next(), []string{next()}
			}
		}
		for _, in := range indicators {
			in.Name, in.Unit, in.Source, in.Assessor, in.Definition = next(), next(), next(), next(), next()
			in.Limitations, in.Note, in.Evidence = next(), next(), []string{next(), next()}
			if in.Justification != "" {
				in.Justification = next()
			}
		}
	}
	return s
}

// everyField gives every indicator of r every optional input, with random numbers
// (some without an end) and random periods, after scoring: the files write the
// inputs as the model holds them, whatever the scores were computed from.
func everyField(r *score.Result, seed uint64) {
	texts := randomStrings(seed, 200)
	g := rand.New(rand.NewPCG(seed, 2))
	num := func() decimal.D {
		n := decimal.Int(g.Int64N(200_001) - 100_000)
		return n.Quo(decimal.Int([]int64{1, 3, 4, 7, 100, 1000}[g.IntN(6)]))
	}
	ptr := func() *decimal.D {
		if g.IntN(4) == 0 {
			return nil
		}
		d := num()
		return &d
	}
	nums := func() model.PeriodValues { // unsorted, each period once
		var l model.PeriodValues
		for range g.IntN(4) {
			if p := texts[g.IntN(len(texts))]; !slices.ContainsFunc(l, func(e model.PeriodValue) bool { return e.Period == p }) {
				l = append(l, model.PeriodValue{Period: p, Value: num()})
			}
		}
		return l
	}
	fill := func(in *model.Indicator) {
		in.Lo, in.Cap, in.Fail, in.Per, in.MaxDeduct, in.Score = ptr(), ptr(), ptr(), ptr(), ptr(), ptr()
		in.Target, in.Floor, in.Actual, in.Baseline = ptr(), ptr(), ptr(), ptr()
		in.Bands = nil
		for range g.IntN(3) {
			in.Bands = append(in.Bands, model.Band{Threshold: num(), Fraction: num()})
		}
		if g.IntN(3) > 0 {
			b := g.IntN(2) == 0
			in.Achieved = &b
		}
		in.Milestones, in.Progress = nums(), nums()
		in.Critical = g.IntN(2) == 0
		in.Groups = texts[:g.IntN(3)]
		in.Justification, in.Direction = texts[g.IntN(len(texts))], []string{"", model.Higher, "lower"}[g.IntN(3)]
		in.TargetChanges = nil
		for range g.IntN(3) {
			in.TargetChanges = append(in.TargetChanges, model.TargetChange{From: num(), To: num(),
				Date: []model.Date{{}, day(2024, 3, 1)}[g.IntN(2)], Reason: texts[g.IntN(len(texts))]})
		}
		in.Survey = nil
		if g.IntN(3) > 0 {
			in.Survey = &model.Survey{Respondents: g.Int64N(3), Method: texts[g.IntN(len(texts))]}
		}
	}
	for _, c := range r.Cycles {
		for _, in := range c.Scheme.Indicators {
			fill(in)
		}
		c.Scheme.BonusCap, c.Scheme.PenaltyCap = ptr(), ptr()
		for _, d := range c.Departments {
			for _, in := range d.Indicators {
				fill(in.Indicator)
			}
		}
	}
}

// Every file is what the reference writers make — cycle.json encoded by
// encoding/json from the document types, the CSV files by encoding/csv — for the
// example site, a site of hostile strings and the fixture with random text; and
// each file's SHA256 is its checksum.
func TestFilesAsReference(t *testing.T) {
	example, diags := load.SiteAt(repoRoot(t), day(2025, 6, 1))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	empty := fixture()
	empty.Cycles[len(empty.Cycles)-1].Cards = nil
	sites := map[string]*model.Site{
		"example": example, "hostile": hostileSite(t), "fixture": fixture(), "no departments in 2025": empty,
		"random 1": scramble(fixture(), 5), "random 2": scramble(fixture(), 6),
	}
	results := map[string]*score.Result{}
	for name, s := range sites {
		results[name] = score.Site(s)
	}
	for i, name := range []string{"random 1", "random 2"} {
		everyField(results[name], uint64(10+i))
	}
	for name, s := range sites {
		for _, o := range []Options{{}, {Today: day(2025, 6, 1)}, {Drafts: true, Today: day(2025, 6, 1)}} {
			t.Run(fmt.Sprintf("%s drafts=%t today=%s", name, o.Drafts, o.Today), func(t *testing.T) {
				opt, r := o, results[name]
				ix := index(s)
				want := map[string][]byte{}
				for _, c := range r.Cycles {
					for p, data := range referenceFiles(ix, c, opt) {
						want[p] = data
					}
				}
				files := Files(s, r, opt)
				if len(files) != len(want)+1 {
					t.Fatalf("%d files, want %d", len(files), len(want)+1)
				}
				var sums strings.Builder
				for _, f := range files {
					if f.SHA256 != sha256.Sum256(f.Data) {
						t.Errorf("%s: SHA256 is not the checksum of its data", f.Path)
					}
					if f.Path == "data/SHA256SUMS" {
						continue
					}
					fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(want[f.Path]), strings.TrimPrefix(f.Path, "data/"))
					if !bytes.Equal(f.Data, want[f.Path]) {
						t.Errorf("%s differs from the reference at byte %d:\n%s\nwant\n%s", f.Path,
							firstDiff(f.Data, want[f.Path]), around(f.Data, want[f.Path]), around(want[f.Path], f.Data))
					}
				}
				if last := files[len(files)-1]; last.Path != "data/SHA256SUMS" || !sameLines(string(last.Data), sums.String()) {
					t.Errorf("SHA256SUMS is\n%s\nwant the lines\n%s", last.Data, sums.String())
				}
			})
		}
	}
}

// A site much larger than a part is written in many parts and joined in order.
func TestFilesOfManyParts(t *testing.T) {
	s, r := manyParts(t)
	opt := Options{Drafts: true, Today: day(2025, 6, 1)}
	ix := index(s)
	files := Files(s, r, opt)
	for _, c := range r.Cycles {
		for p, want := range referenceFiles(ix, c, opt) {
			var got []byte
			for _, f := range files {
				if f.Path == p {
					got = f.Data
				}
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the reference at byte %d", p, firstDiff(got, want))
			}
		}
	}
}

// manyParts is the fixture with copies of its departments, scored: a cycle of
// more than two parts.
func manyParts(t *testing.T) (*model.Site, *score.Result) {
	t.Helper()
	s := fixture()
	base := s.Departments
	for _, c := range s.Cycles {
		cards := c.Cards
		for i := range 3 * chunk {
			for _, card := range cards {
				cp := *card
				cp.Department = fmt.Sprintf("%s-%03d", card.Department, i)
				c.Cards = append(c.Cards, &cp)
			}
		}
	}
	for i := range 3 * chunk {
		for _, d := range base {
			cp := *d
			cp.ID = fmt.Sprintf("%s-%03d", d.ID, i)
			s.Departments = append(s.Departments, &cp)
		}
	}
	s = scramble(s, 7)
	r := score.Site(s)
	if n := len(included(r.Cycles[0], Options{})); n <= 2*chunk {
		t.Fatalf("only %d departments", n)
	}
	return s, r
}

func sameLines(a, b string) bool {
	la, lb := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	if len(la) != len(lb) {
		return false
	}
	seen := map[string]int{}
	for _, l := range la {
		seen[l]++
	}
	for _, l := range lb {
		seen[l]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// around is a's text near where it first differs from b.
func around(a, b []byte) string {
	i := firstDiff(a, b)
	from, to := max(0, i-200), min(len(a), i+200)
	for from > 0 && !utf8.RuneStart(a[from]) {
		from--
	}
	return string(a[from:to])
}
