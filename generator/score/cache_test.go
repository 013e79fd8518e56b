package score

import (
	"fmt"
	"reflect"
	"testing"

	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// history is a site of three cycles as the loader would give it on each load: every
// scheme and department a new object, scorecards the objects held in cards (so an
// unchanged scorecard is the same object, as the loader's cache hands it back).
type history struct {
	cards  map[string][]*model.Scorecard // by cycle id, by department
	groups map[string]string             // department id → group
	min    string                        // the 优秀 grade's min
}

var historyCycles = []string{"2022", "2023", "2024"}

func newHistory() *history {
	h := &history{cards: map[string][]*model.Scorecard{}, groups: map[string]string{}, min: "90"}
	for ci, cid := range historyCycles {
		for i := range 6 {
			dept := fmt.Sprintf("%s-%d", []string{"econ", "social"}[i%2], i)
			h.groups[dept] = dept[:len(dept)-2]
			h.cards[cid] = append(h.cards[cid], trendCard(dept, fmt.Sprint(60+7*i+3*ci)))
		}
	}
	return h
}

// trendCard scores total on one manual indicator and carries an actual, so that
// the next cycle has a trend to link.
func trendCard(dept, total string) *model.Scorecard {
	c := card(dept, total)
	c.Indicators[0].Actual = p(total)
	return c
}

func (h *history) site() *model.Site {
	s := &model.Site{Groups: []*model.Group{{ID: "econ", Ranked: true}, {ID: "social", Ranked: true}, {ID: "special"}}}
	for i := range 6 {
		dept := fmt.Sprintf("%s-%d", []string{"econ", "social"}[i%2], i)
		s.Departments = append(s.Departments, &model.Department{ID: dept, Group: h.groups[dept]})
	}
	for _, cid := range historyCycles {
		sc := scheme(grades(p("0.2"), nil))
		sc.Grades[0].Min = d(h.min)
		s.Cycles = append(s.Cycles, &model.Cycle{ID: cid, Scheme: sc, Cards: append([]*model.Scorecard(nil), h.cards[cid]...)})
	}
	return s
}

// edit replaces one scorecard with a new object scoring total.
func (h *history) edit(cycle string, i int, total string) {
	old := h.cards[cycle][i]
	h.cards[cycle][i] = trendCard(old.Department, total)
}

func TestCacheEqualsSiteAndScoresOnlyWhatChanged(t *testing.T) {
	h := newHistory()
	c := NewCache()
	check := func(step string, wantScored int) *Result {
		t.Helper()
		s := h.site()
		got := c.Site(s)
		if want := Site(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the cache's result differs from Site's", step)
		}
		if c.Scored != wantScored {
			t.Errorf("%s: %d scorecards scored, want %d", step, c.Scored, wantScored)
		}
		return got
	}
	first := check("first", 18)
	firstSite := h.site()
	again := check("unchanged", 0)
	for i := range first.Cycles {
		if again.Cycles[i] != first.Cycles[i] {
			t.Errorf("unchanged cycle %s was not taken whole", first.Cycles[i].ID)
		}
	}

	h.edit("2024", 2, "99")
	latest := check("one scorecard of the newest cycle", 1)
	if latest.Cycles[0] != first.Cycles[0] || latest.Cycles[1] != first.Cycles[1] {
		t.Error("cycles before the edited one were scored again")
	}
	// The earlier result is untouched: the preview may still be serving it.
	if !reflect.DeepEqual(first, Site(firstSite)) {
		t.Error("scoring the edit changed an earlier result")
	}

	h.edit("2022", 0, "61")
	oldest := check("one scorecard of the oldest cycle", 1)
	// Later cycles link to the new results of the edited one.
	if oldest.Cycles[1].Department("econ-0").Previous != oldest.Cycles[0].Department("econ-0") {
		t.Error("the next cycle still links to the old result of the edited cycle")
	}

	h.groups["social-1"] = "special" // moved to an unranked group: ranks change, own scores do not
	moved := check("a department moved to another group", 0)
	if d := moved.Cycles[2].Department("social-1"); d.Ranked || d.RankGroup != 0 {
		t.Error("the moved department is still ranked")
	}

	h.min = "85" // every scheme changed: everything is scored again
	check("schemes changed", 18)
}

func TestSameSchemeIgnoresPositionsOnly(t *testing.T) {
	base := func() *model.Scheme {
		sc := scheme(grades(p("0.2"), nil))
		sc.Periods = []string{"Q1", "Q2"}
		sc.Indicators = []*model.Indicator{{ID: "x", Points: d("10"), Milestones: model.PeriodValues{{Period: "Q1", Value: d("5")}}}}
		return sc
	}
	a, b := base(), base()
	a.Origin = model.Origin{Src: &model.Source{File: "data/2024/scheme.toml", Keys: map[string]diag.Pos{"title": {Line: 1}}}}
	b.Origin = model.Origin{Src: &model.Source{File: "data/2024/scheme.toml", Keys: map[string]diag.Pos{"title": {Line: 7}}}, Path: "x"}
	b.Grades[1].Origin = b.Origin
	if !sameScheme(a, b) {
		t.Error("schemes differing only in positions are not the same")
	}
	changes := []func(*model.Scheme){
		func(s *model.Scheme) { s.Grades[0].Min = d("91") },
		func(s *model.Scheme) { s.Grades[0].Quota = nil },
		func(s *model.Scheme) { s.Periods = s.Periods[:1] },
		func(s *model.Scheme) { s.Indicators[0].Milestones[0].Value = d("6") },
		func(s *model.Scheme) {
			s.Indicators[0].Milestones = append(s.Indicators[0].Milestones, model.PeriodValue{Period: "Q2", Value: d("5")})
		},
		func(s *model.Scheme) { s.Vetoes[1].MaxGrade = "合格" },
		func(s *model.Scheme) { s.Title = "其他" },
	}
	for i, change := range changes {
		c := base()
		change(c)
		if sameScheme(a, c) {
			t.Errorf("change %d: schemes with different values are the same", i)
		}
	}
	if equalData(reflect.ValueOf(func() {}), reflect.ValueOf(func() {})) {
		t.Error("two functions compare equal")
	}
}
