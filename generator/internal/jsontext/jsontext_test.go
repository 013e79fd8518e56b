package jsontext

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// texts mixes what the escaping rules are about: every byte alone and between
// letters, every character up to U+3000, and random runs of control characters,
// spaces of every kind, line and paragraph separators, < > &, quotes, Chinese,
// emoji and bytes that are not UTF-8.
func texts() []string {
	out := []string{"", " ", "考评结果"}
	for b := range 256 {
		out = append(out, string([]byte{byte(b)}), "x"+string([]byte{byte(b)})+"y")
	}
	for r := rune(0); r < 0x3000; r++ {
		out = append(out, string(r))
	}
	// Every byte that is not ASCII followed by two of bytes inside and outside the
	// continuation range, then ASCII.
	follow := []byte{0x00, '0', 0x7f, 0x80, 0xa8, 0xbf, 0xc0, 0xe4}
	for b := 0x80; b < 0x100; b++ {
		for _, c1 := range follow {
			for _, c2 := range follow {
				out = append(out, string([]byte{byte(b), c1, c2, 'z'}))
			}
		}
	}
	pieces := []string{"\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f", " ", "\u00a0",
		"\u3000", "\u2028", "\u2029", "\ufeff", "\ufffd", "<", ">", "&", "\"", "'", "\\", "/",
		"考评", "😀", "\xff", "\xc3", "\xe2\x80", "\xe2\x80\xa8", "\xed\xa0\x80", "a",
		// the bounds of the characters copied without decoding, a character cut short
		// and overlong forms: "\u0080", "\u07ff", "\u1000", "\uffff", ×, “.
		"\xc2\x80", "\xdf\xbf", "\xe1\x80\x80", "\xef\xbf\xbf", "\xe4\xb8", "\xc0\x80", "\xe0\x80\x80", "×", "“"}
	r := rand.New(rand.NewPCG(1, 0))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestAppendStringAsEncodingJSON(t *testing.T) {
	for _, s := range texts() {
		checkString(t, s)
	}
}

func FuzzAppendStringAsEncodingJSON(f *testing.F) {
	for _, s := range texts()[:600] {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

func checkString(t *testing.T, s string) {
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendString([]byte("prefix"), s); !bytes.Equal(got, append([]byte("prefix"), want...)) {
		t.Errorf("%q: got %s, want %s", s, got[len("prefix"):], want)
	}
}
