package htmltext

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// writeByByte is Write as it was, one byte at a time: the reference.
func writeByByte(b *strings.Builder, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		repl := escapes[s[i]]
		if repl == "" {
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(repl)
		start = i + 1
	}
	b.WriteString(s[start:])
}

func check(t *testing.T, s string) {
	t.Helper()
	var got, want strings.Builder
	Write(&got, s)
	writeByByte(&want, s)
	if got.String() != want.String() {
		t.Fatalf("Write(%q) = %q, want %q", s, got.String(), want.String())
	}
}

// The reference is html/template's own escaping.
func TestReferenceIsHTMLTemplate(t *testing.T) {
	for b := range 256 {
		s := "ab" + string([]byte{byte(b)}) + "中"
		var want strings.Builder
		template.Must(template.New("").Parse(`{{.}}`)).Execute(&want, s)
		var got strings.Builder
		writeByByte(&got, s)
		if got.String() != want.String() {
			t.Errorf("%q: reference %q, html/template %q", s, got.String(), want.String())
		}
	}
}

// Every byte at every place of a word of eight, and random strings of up to
// several words.
func TestWriteMatchesByteByByte(t *testing.T) {
	for b := range 256 {
		for at := range 17 {
			s := []byte(strings.Repeat("中文字", 6)[:17])
			s[at] = byte(b)
			check(t, string(s))
			check(t, string(s[at:]))
		}
	}
	// Pieces either side of 0x40 and 0x80, those escaped, and Chinese
	// text whole and cut, joined at random.
	pieces := []string{"\x00", `"`, "&", "'", "+", "<", ">", "?", "@", "A", "z", "0", " ", "\x7f", "\x80", "\xbf", "\xc0", "\xff", "中", "评价", "\xe4\xb8"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var s strings.Builder
		for range rng.IntN(24) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(t, s.String())
	}
}

func FuzzWrite(f *testing.F) {
	for _, s := range []string{"", "中文 单位", `<a href="x">&'+`, "\x00\xff\x80\x3f\x40", strings.Repeat("评", 20) + "<"} {
		f.Add(s)
	}
	f.Fuzz(check)
}

// BenchmarkWrite writes text like a scorecard's rows (names, sources and
// derivations in Chinese with numbers among them, and the numbers alone),
// with Write and with the reference.
func BenchmarkWrite(b *testing.B) {
	texts := []string{"12345热线工单按时办结率", "服务对象", "实际值 92.3 达到目标值 90，得满分 5 分", "市政务服务中心统计台账", "95.5", "%", "市绩效办", "较上年提高 2.1 个百分点 <说明>"}
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	for name, write := range map[string]func(*strings.Builder, string){"words": Write, "bytes": writeByByte} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(n))
			var sb strings.Builder
			for b.Loop() {
				if sb.Cap()-sb.Len() < 2*n {
					sb = strings.Builder{}
					sb.Grow(16 << 20)
				}
				for _, s := range texts {
					write(&sb, s)
				}
			}
		})
	}
}

// Append is Write into a byte slice, appended to what it holds.
func TestAppendIsWrite(t *testing.T) {
	for _, s := range []string{"", "a", "<&>\"'+\x00", strings.Repeat("中文<字>", 9), "\xff\xfe<", "12345678<12345678&"} {
		var want strings.Builder
		Write(&want, s)
		if got := string(Append([]byte("kept"), s)); got != "kept"+want.String() {
			t.Errorf("Append(%q) = %q, want %q", s, got, "kept"+want.String())
		}
	}
}
