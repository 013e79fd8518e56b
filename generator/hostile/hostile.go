// Package hostile is test support for hostile input: it reads the corpus of
// testdata/hostile/strings.json (text meant to break out of HTML, JSON, XML and
// CSV, to run script, or to mislead a reader) and writes sites that carry such
// text in every text field of every file. This package's tests build those sites
// and check each place the text lands in the output; the code here only writes
// the inputs.
package hostile

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// Case is one hostile string of the corpus.
type Case struct {
	Name string `json:"name"`
	Text string `json:"text"` // the string, or the unit that Repeat repeats
	// Repeat, when above 1, makes the string Text repeated that many times, so
	// very long strings need not be written out.
	Repeat int `json:"repeat,omitempty"`
	// Rejected says that loading refuses the string with an error naming the
	// file and line (bidi controls, control characters, noncharacters).
	Rejected bool   `json:"rejected,omitempty"`
	Why      string `json:"why"`
}

// String returns the full hostile string.
func (c Case) String() string {
	if c.Repeat > 1 {
		return strings.Repeat(c.Text, c.Repeat)
	}
	return c.Text
}

// Corpus reads the corpus file (testdata/hostile/strings.json at the repository root).
func Corpus(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := json.Unmarshal(data, &cases); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	seen := map[string]bool{}
	for i, c := range cases {
		if c.Name == "" || c.Text == "" || seen[c.Name] {
			return nil, fmt.Errorf("%s: entry %d needs a unique name and a text", path, i)
		}
		seen[c.Name] = true
	}
	return cases, nil
}

// Tag marks a field's value, so the output can be searched for where each field
// landed: the payload comes first (a formula must still lead its CSV cell), then
// the field name in brackets that no payload contains.
func Tag(payload, field string) string {
	return payload + "⟦" + field + "⟧"
}

// tomlString writes s as a TOML basic string. Control characters are written as
// \u escapes (TOML allows no other way); everything else, bidi controls
// included, is written as it is, the way a careless editor would save it.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// EscapeBytes returns n strings of up to 23 random bytes, half of them drawn
// from those HTML, URL and attribute escaping treat specially (and broken
// UTF-8), for comparing code that escapes with html/template.
func EscapeBytes(seed1, seed2 uint64, n int) []string {
	special := []byte("\x00\"&'+<>%:/?#aZ09-._~ \x7f\x80\xe4\xb8\xad")
	rng := rand.New(rand.NewPCG(seed1, seed2))
	out := make([]string, n)
	for k := range out {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			if rng.IntN(2) == 0 {
				b[i] = special[rng.IntN(len(special))]
			} else {
				b[i] = byte(rng.IntN(256))
			}
		}
		out[k] = string(b)
	}
	return out
}
