package render

import (
	"testing"
)

// Rows given back with text in them come back as zero rows, whether the next
// page wants fewer or more, so no page prints another's figures.
func TestRowPoolGivesZeroRows(t *testing.T) {
	var p rowPool[IndicatorRow]
	for round, n := range []int{40, 3, 40, 41, 0, 7} {
		rows := p.get(n)
		if len(rows) != n {
			t.Fatalf("round %d: got %d rows, want %d", round, len(rows), n)
		}
		for i := range rows {
			if rows[i].Name != "" || rows[i].Score != "" || rows[i].Evidence != nil || rows[i].HasNotes {
				t.Fatalf("round %d: row %d is %+v, want a zero row", round, i, rows[i])
			}
		}
		full := rows[:cap(rows)]
		for i := range full {
			full[i] = IndicatorRow{Name: "上一页", Score: "9", Evidence: []Link{{Text: "x"}}, HasNotes: true}
		}
		p.put(rows)
	}
}
