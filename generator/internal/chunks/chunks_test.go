package chunks

import (
	"fmt"
	"strings"
	"testing"
)

// TestStringsStayAsMade makes strings of every length up to past a chunk's
// largest size, so that many chunks fill and are replaced, and checks each
// string against its text at the end.
func TestStringsStayAsMade(t *testing.T) {
	var s Strings
	var got, want []string
	for i := range 20000 {
		text := fmt.Sprintf("%d:%s", i, strings.Repeat("数", i%(3<<10)))
		got = append(got, s.Of([]byte(text)))
		want = append(want, text)
		if i%7 == 0 { // written in pieces through Builder
			at := s.Start(len(text) + 1)
			s.Builder().WriteString(text)
			s.Builder().WriteByte('!')
			got = append(got, s.Since(at))
			want = append(want, text+"!")
		}
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("string %d is %.40q…, want %.40q…", i, got[i], want[i])
		}
	}
}

func TestFewStringsMakeASmallChunk(t *testing.T) {
	var s Strings
	s.Of([]byte("92.5%"))
	if c := s.Builder().Cap(); c > 512 {
		t.Errorf("first chunk holds %d bytes, want 512", c)
	}
}
