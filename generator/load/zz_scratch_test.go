package load

import (
	"fmt"
	"os"
	"testing"

	"perfsite/generator/model"
)

func TestScratch(t *testing.T) {
	dir := os.Getenv("SCRATCH_SITE")
	if dir == "" {
		t.Skip()
	}
	s, d := SiteAt(dir, model.Date{Year: 2025, Month: 4, Day: 1})
	fmt.Print(d.String())
	for _, c := range s.Cycles {
		for _, card := range c.Cards {
			fmt.Println(c.ID, card.Department, card.Draft, len(card.Indicators))
			for _, in := range card.Indicators {
				fmt.Printf("  %s common=%v pts=%s actual=%v origin=%v def=%v\n", in.ID, in.Common, in.Points, in.Actual, in.Pos(), in.Def.Pos())
			}
		}
	}
	for _, c := range s.Content {
		fmt.Println(c.Path, c.Title, c.BodyLine, ContentURL(c.Path))
	}
}
