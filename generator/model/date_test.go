package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// String writes the dates a site has by hand: it must print what Sprintf does,
// for those and for any other.
func TestDateStringLikeSprintf(t *testing.T) {
	dates := []Date{{}, {1, 1, 1}, {2024, 12, 31}, {9999, 99, 99}, {10000, 1, 1}, {-1, 1, 1}, {2024, 0, 5}, {2024, 100, 1}, {2024, 1, 100}, {2024, -1, 1}, {2024, 1, -3}, {0, 0, 1}, {999, 9, 9}}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		dates = append(dates, Date{r.IntN(12000) - 1000, r.IntN(130) - 10, r.IntN(130) - 10})
	}
	for _, d := range dates {
		want := ""
		if !d.IsZero() {
			want = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
		}
		if got := d.String(); got != want {
			t.Fatalf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}
