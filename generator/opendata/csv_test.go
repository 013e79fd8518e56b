package opendata

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"perfsite/generator/decimal"
)

// The texts numText makes are the ones String, exact, cents and share make, and
// stay so while many more are made after them, over many builders.
func TestNumTextKeepsItsTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	var nums numText
	type made struct {
		got, want string
	}
	var all []made
	for range 20000 {
		d := decimal.Int(r.Int64N(2_000_001) - 1_000_000).Quo(decimal.Int([]int64{1, 3, 8, 100, 1000, 7}[r.IntN(6)]))
		if r.IntN(50) == 0 {
			d = d.Mul(decimal.MustParse("1e-30")) // longer than a compact value
		}
		all = append(all, made{nums.num(d), d.String()}, made{nums.cents(d), cents(d)}, made{nums.share(d), share(d)},
			made{nums.exact(&d), exact(&d)}, made{nums.exact(nil), ""})
	}
	for i, m := range all {
		if m.got != m.want {
			t.Fatalf("text %d is %q, want %q", i, m.got, m.want)
		}
	}
}

// hasSpecial and needsQuotes, which read eight bytes at a time and decode only the
// leading characters that can be spaces, answer as a byte-by-byte reading and a
// decoded first character do: for cells of up to 20 bytes, and every byte at
// every place of cells of 9 and 20 bytes, among Chinese, letters and the bytes
// below '-', and for every leading character up to U+FFFF.
func TestQuotingRulesByteByByte(t *testing.T) {
	fills := []string{"", "a", "考", "+ !#", "评a-z0", "\xff\xe2\x80"}
	var cells []string
	for _, fill := range fills {
		base := strings.Repeat(fill, 20)[:min(20, 20*len(fill))]
		for n := range len(base) + 1 {
			cells = append(cells, base[:n])
		}
		for _, n := range []int{9, 20} { // a word and a byte, two words and four
			for i := range min(n, len(base)) {
				for b := range 256 {
					cells = append(cells, base[:i]+string([]byte{byte(b)})+base[i+1:min(n, len(base))])
				}
			}
		}
	}
	for r := rune(0x80); r <= 0xFFFF; r++ {
		cells = append(cells, string(r)+"x")
	}
	for _, c := range append(cells, randomStrings(9, 5000)...) {
		checkQuoting(t, c)
	}
}

func FuzzQuotingRules(f *testing.F) {
	for _, c := range randomStrings(10, 500) {
		f.Add(c)
	}
	f.Fuzz(checkQuoting)
}

func checkQuoting(t *testing.T, c string) {
	if got, want := hasSpecial(c), strings.ContainsAny(c, ",\"\r\n"); got != want {
		t.Fatalf("hasSpecial(%q) = %t, want %t", c, got, want)
	}
	if got, want := needsQuotes(c), referenceNeedsQuotes(c); got != want {
		t.Fatalf("needsQuotes(%q) = %t, want %t", c, got, want)
	}
}

// referenceNeedsQuotes is encoding/csv's fieldNeedsQuotes.
func referenceNeedsQuotes(c string) bool {
	if c == "" {
		return false
	}
	if c == `\.` || strings.ContainsAny(c, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(c)
	return unicode.IsSpace(r)
}
