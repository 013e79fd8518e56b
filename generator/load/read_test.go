package load

import (
	"testing"

	"perfsite/generator/diag"
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
