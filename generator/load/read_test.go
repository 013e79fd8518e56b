package load

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/synth"
)

func TestLooksGBK(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"GBK 部门考评", "x = \"\xb2\xbf\xc3\xc5\xbf\xbc\xc6\xc0\"\n", true},
		{"GB18030 four-byte", "\x81\x30\x81\x30\xb2\xbf", true},
		{"Latin-1 é alone", "caf\xe9\n", false},
		{"stray 0xff", "a\xffb", false},
		{"ASCII only", "abc", false},
	}
	for _, tt := range tests {
		if got := looksGBK([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: looksGBK = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNormalise(t *testing.T) {
	var l diag.List
	got, ok := normalise("f", []byte("\xef\xbb\xbfa = 1\r\nb = \"c\"\r\n"), &l)
	if !ok || got != "a = 1\nb = \"c\"\n" || l.Len() != 0 {
		t.Errorf("got %q %v %s", got, ok, l.String())
	}
	_, ok = normalise("f", []byte("a = \"\xe9t\xe9\"\n"), &l)
	if ok || l.String() != "f:1:6: error: file is not UTF-8 (first bad byte at line 1 col 6); save it again as UTF-8\n" {
		t.Errorf("got %v %s", ok, l.String())
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"dimension", "direction", "points", "id", "unit"}
	for word, want := range map[string]string{
		"dimention": "dimension",
		"Points":    "points",
		"point":     "points",
		"ids":       "id",
		"idx":       "id",
		"units":     "unit",
		"colour":    "",
		"x":         "",
	} {
		if got := suggest(word, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", word, got, want)
		}
	}
	if d := distance("部门", "部分"); d != 1 {
		t.Errorf("distance counts characters: got %d", d)
	}
}

// A scorecard is read from text that borrows the read buffer (borrowText): nothing
// the site keeps may point into it. Each site is read, the buffers are then
// scribbled over, and the site must still equal the same site read afresh, with the
// same problems. Files the TOML decoder reads (an escape) and files with problems
// of every kind are among them.
func TestBorrowedText(t *testing.T) {
	synthetic := t.TempDir()
	if err := synth.Write(synthetic, synth.Params{Departments: 12, Cycles: 2, Indicators: 10, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	cards, _ := filepath.Glob(filepath.Join(synthetic, "data", "*", "*.toml"))
	for _, f := range cards {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// An escape leaves the file to the TOML decoder.
		text := strings.Replace(string(b), "status = \"final\"", "status = \"fin\\u0061l\"", 1)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sameAfterScribbling(t, synthetic)
	sameAfterScribbling(t, "../..")
	for _, tt := range brokenInputs(t) {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			for _, e := range tt.edits {
				e(t, dir)
			}
			sameAfterScribbling(t, dir)
		})
	}
}

// sameAfterScribbling reads the site in dir, overwrites every read buffer it can
// take back, and checks the site against the same site read again.
func sameAfterScribbling(t *testing.T, dir string) {
	t.Helper()
	got, gotDiags := SiteAt(dir, today)
	var taken []*[]byte
	for range 32 {
		buf := readBuffers.Get().(*[]byte)
		full := (*buf)[:cap(*buf)]
		for i := range full {
			full[i] = 0xff
		}
		taken = append(taken, buf)
	}
	for _, buf := range taken {
		readBuffers.Put(buf)
	}
	want, wantDiags := SiteAt(dir, today)
	if g, w := gotDiags.String(), wantDiags.String(); g != w {
		t.Errorf("%s: problems changed once the read buffers were reused:\n%s\nwant:\n%s", dir, g, w)
	}
	settle(reflect.ValueOf(got), map[uintptr]bool{})
	settle(reflect.ValueOf(want), map[uintptr]bool{})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the site changed once the read buffers were reused: %s", dir, firstDifference(got, want))
	}
}
