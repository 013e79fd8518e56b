package load

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode"
	"unsafe"

	"perfsite/generator/diag"
)

// Characters that change what a reader sees, or cannot be shown, are refused with
// the line of the key (or of the Markdown line), and never echoed raw.
func TestRefusedCharacters(t *testing.T) {
	const bidi = "changes the order in which the text around it is displayed"
	tests := []struct {
		name  string
		edits []edit
		want  []string // prefixes of the problems, sorted as text
	}{
		{
			name:  "right-to-left override in a value",
			edits: []edit{rep(market, `source = "第三方调查"`, "source = \"第三方\u202e调查\"")},
			want:  []string{market + ":13:1: error: source contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which " + bidi},
		},
		{
			name:  "isolate in a list entry",
			edits: []edit{rep(market, `"松政办发〔2025〕3号"`, "\"松政办发\u2067〔2025〕3号\u2069\"")},
			want:  []string{market + ":38:41: error: evidence contains the invisible character U+2067 RIGHT-TO-LEFT ISOLATE"},
		},
		{
			name:  "escape sequence written as \\u001B",
			edits: []edit{rep(market, `source = "第三方调查"`, `source = "\u001B[2J第三方调查"`)},
			want:  []string{market + ":13:1: error: source contains the control character U+001B, which a web page cannot show; delete it (look for a \\u001B escape or an invisible character) (character 1 of the value)"},
		},
		{
			name:  "C1 control and a noncharacter",
			edits: []edit{rep(market, `method = "短信随机抽样"`, `method = "短信\u0085随机"`), rep(market, `source = "第三方调查"`, `source = "x\uFFFE"`)},
			want: []string{
				market + ":13:1: error: source contains U+FFFE, which is not a character; delete it (character 2 of the value)",
				market + ":17:1: error: method contains the control character U+0085",
			},
		},
		{
			name:  "override in front matter and in the Markdown body",
			edits: []edit{rep(about, `title = "关于本站"`, "title = \"关于\u202d本站\""), rep(about, "本站公开部门", "本站\u202e公开部门")},
			want: []string{
				about + ":10:3: error: this line contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE",
				about + ":2:1: error: title contains the invisible character U+202D LEFT-TO-RIGHT OVERRIDE",
			},
		},
		{
			name: "marks, joiners, tabs and line breaks are kept",
			edits: []edit{
				rep(market, `source = "第三方调查"`, "source = \"\u200e第三方\u200b调查 👨\u200d👩\u200d👧\tend\\nnext\""),
				rep(about, "本站公开部门", "本站\u200f公开部门"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			for _, e := range tt.edits {
				e(t, dir)
			}
			_, l := load(t, dir)
			got := strs(l.Items())
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i, got[i], w)
				}
				for _, r := range got[i] {
					if refused(r) {
						t.Errorf("problem %d repeats the refused character U+%04X raw: %q", i, r, got[i])
					}
				}
			}
		})
	}
}

func TestTooDeep(t *testing.T) {
	deep := func(open, close string, n int) string {
		return "x = " + strings.Repeat(open, n) + "1" + strings.Repeat(close, n) + "\n"
	}
	tests := []struct {
		name      string
		text      string
		line, col int // 0: not too deep
	}{
		{"32 nested arrays", deep("[", "]", 32), 0, 0},
		{"33 nested arrays", deep("[", "]", 33), 1, 37},
		{"10 000 nested arrays", deep("[", "]", 10000), 1, 37},
		{"10 000 nested inline tables", deep("{a=", "}", 10000), 1, 5 + 32*3},
		{"mixed", "a = 1\nb = [" + strings.Repeat("{c=[", 16) + "1" + strings.Repeat("]}", 16) + "]\n", 2, 69},
		{"header of 33 dotted parts", "[" + strings.Repeat("a.", 33) + "a]\n", 1, 2 + 32*2 + 1},
		{"key of 33 dotted parts", "# [[[[\n" + strings.Repeat("k.", 33) + "k = 1\n", 2, 66},
		{"floats and dates reset the count", "a = [" + strings.Repeat("1.5, ", 100) + "2024-01-01T07:00:00.5]\nb.c.d = 1.25\n", 0, 0},
		{"brackets in strings and comments", "a = \"" + strings.Repeat("[{", 50) + "\"\nb = '" + strings.Repeat("[", 50) + "' # " + strings.Repeat("{", 50) + "\nc = \"\"\"\n" + strings.Repeat("[", 50) + "\n\\\"\"\"\"\n" + `d = "\"[["` + "\n", 0, 0},
		{"multi-line literal string spans lines", "a = '''\n" + strings.Repeat("[", 40) + "\n'''\nb = " + strings.Repeat("[", 33), 4, 37},
		{"column counts characters", "名 = " + strings.Repeat("[", 40), 1, 37},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, col := tooDeep(tt.text)
			if line != tt.line || col != tt.col {
				t.Errorf("tooDeep = %d:%d, want %d:%d", line, col, tt.line, tt.col)
			}
		})
	}
}

// Deep nesting is refused quickly, with the file and position, before the decoder
// (whose time grows much faster than the depth) ever sees it.
func TestDeepNestingIsRefusedQuickly(t *testing.T) {
	for _, text := range []string{
		"x = " + strings.Repeat("{a=", 200000) + "1" + strings.Repeat("}", 200000) + "\n",
		"x = " + strings.Repeat("[", 1000000) + strings.Repeat("]", 1000000) + "\n",
		"[" + strings.Repeat("a.", 100000) + "a]\n",
	} {
		var l diag.List
		start := time.Now()
		if decode("data/x.toml", text, 3, &l) != nil {
			t.Fatal("decoded")
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
		got := strs(l.Items())
		if len(got) != 1 || !strings.HasPrefix(got[0], "data/x.toml:4:") || !strings.Contains(got[0], "nested more than 32 levels deep") {
			t.Errorf("got %q", got)
		}
	}
}

// badRune finds every refused character, and only those, where it is.
func TestBadRuneFindsEveryRefusedCharacter(t *testing.T) {
	for r := rune(0); r <= 0x10ffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not UTF-8
		}
		got, col := badRune("ab" + string(r) + "漢")
		if want := refused(r); want != (col > 0) || want && (got != r || col != 3) {
			t.Fatalf("badRune with U+%04X = U+%04X at %d; refused: %t", r, got, col, want)
		}
	}
	if _, col := badRune("营商环境（试行）satisfaction 95%\t\n"); col != 0 {
		t.Error("badRune finds a refused character in plain text")
	}
}

// badRuneByRange is badRune the obvious way.
func badRuneByRange(s string) (rune, int) {
	n := 0
	for _, c := range s {
		n++
		if refused(c) {
			return c, n
		}
	}
	return 0, 0
}

// badRune finds what ranging over the text finds, in text that is not UTF-8 too.
func TestBadRuneAsRanging(t *testing.T) {
	parts := []string{"a", "\t", "\n", "\x01", "\x7f", "漢", "（", "\u0085", "\u202e", "\u2066", "\u200f", "\ufdd0", "\ufffe",
		"\uffff", "\U0001fffe", "\U0001f600", "\xc2", "\xe2\x80", "\xef\xb7", "\xf0\x9f\xbf", "\xbe", "\xff", "\xed\xa0\x80"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		r, col := badRune(s)
		if wr, wcol := badRuneByRange(s); r != wr || col != wcol {
			t.Fatalf("badRune(%q) = U+%04X at %d, want U+%04X at %d", s, r, col, wr, wcol)
		}
	}
}

// keep copies long strings into the room made for them, and past it each on its own;
// what it kept stays as it was while more is kept.
func TestKeepLong(t *testing.T) {
	long := func(i int) string { return strings.Repeat(string(rune('a'+i)), maxShared+1+i) }
	d := &doc{strs: map[string]string{}}
	d.long.Grow(3*maxShared + 6) // room for the first three
	var kept []string
	for i := range 6 {
		text := "x" + long(i) + "y" // the kept string must not be part of the text
		k := d.keep(text[1 : len(text)-1])
		if p, start := uintptr(unsafe.Pointer(unsafe.StringData(k))), uintptr(unsafe.Pointer(unsafe.StringData(text))); p >= start && p < start+uintptr(len(text)) {
			t.Errorf("string %d was kept as part of the text it was read from", i)
		}
		kept = append(kept, k, d.keep("short"))
	}
	for i := range 6 {
		if kept[2*i] != long(i) || kept[2*i+1] != "short" {
			t.Fatalf("kept %q, %q", kept[2*i], kept[2*i+1])
		}
	}
	if d.long.Len() != 3*maxShared+6 {
		t.Errorf("%d bytes in the room, want the first three strings'", d.long.Len())
	}
}

// blank says what strings.TrimSpace(s) == "" says, for every character alone and
// after white space, and for texts of white space and other characters.
func TestBlank(t *testing.T) {
	var texts []string
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r < 0x800 || r%97 == 0 || unicode.IsSpace(r) || r >= 0x3000 && r <= 0x3100 || r >= 0xfef0 && r <= 0xffff {
			texts = append(texts, string(r), " "+string(r), string(r)+" ", "\u3000"+string(r))
		}
	}
	texts = append(texts, "", " ", "\t\n", "\u00a0", "\u3000", "\x85", "\xe4", "\xff", "\xe4 ", " \xe4")
	for _, s := range texts {
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("blank(%q) = %t, want %t", s, got, want)
		}
	}
}
