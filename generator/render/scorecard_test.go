package render

import (
	"reflect"
	"strings"
	"testing"
)

// TestEvidenceMadeInOneBlock holds the evidence of every indicator row of the
// example's scorecards, made in one block per page, to the references as links
// made one by one, each row's ending where the next row's begins.
func TestEvidenceMadeInOneBlock(t *testing.T) {
	b, ts := testBuilder(t, exampleSite(t), Options{Drafts: true, Today: today}, nil, nil)
	if err := b.prepareFragments(ts); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, c := range b.cycles {
		links := b.cycleLinks(c)
		for _, r := range c.r.Departments {
			d := b.scorecardPage(c, r, links).Data.(*ScorecardData)
			for i, in := range r.Indicators {
				var want []Link
				for _, e := range in.Evidence {
					l := Link{Text: e}
					if strings.HasPrefix(e, "http://") || strings.HasPrefix(e, "https://") {
						l.URL = e
					}
					want = append(want, l)
				}
				got := d.Indicators[i].Evidence
				if !reflect.DeepEqual(got, want) || cap(got) != len(got) {
					t.Fatalf("%s/%s, %s: evidence %v (capacity %d), want %v", c.m.ID, r.ID, in.ID, got, cap(got), want)
				}
				if len(got) > 0 {
					rows++
				}
			}
		}
	}
	if rows < 40 {
		t.Errorf("%d rows with evidence; the example has more", rows)
	}
}
