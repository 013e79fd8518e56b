package score

import (
	"reflect"
	"slices"
	"sync"

	"perfsite/generator/model"
)

// Cache scores a series of versions of one site — the preview's rebuilds — and
// redoes only what an edit changed. Its results are equal to Site's.
//
// The unit of reuse is the cycle: grades, quotas and ranks depend on every
// department of a cycle, and the links to the previous cycle (trends, change of
// total) on that cycle's results. A cycle is taken whole when its scheme is equal
// to last time's, its scorecards are the very same objects (the loader's cache
// hands back an unchanged scorecard as the same object), every department is in
// the same group with the same ranking, and the cycle before it was taken whole
// too. Otherwise the cycle is graded, ranked and linked again — and so is every
// later one, whose links lead into it — but a scorecard already scored under an
// equal scheme keeps its own scores (indicators, dimensions, adjustments, total),
// which depend on nothing else: an edit of one scorecard scores one scorecard.
//
// Results handed out are never changed afterwards, so an earlier Result stays
// valid (the preview may still be serving it). A Cache is safe for concurrent use.
type Cache struct {
	mu     sync.Mutex
	cycles map[string]*cachedCycle // by cycle id

	Scored int // scorecards scored by the last Site call
	Reused int // scorecards whose own scores the last Site call reused, in cycles taken whole or not
}

type cachedCycle struct {
	scheme  *model.Scheme
	cards   []*model.Scorecard // as the model lists them
	members []membership       // of each card, in the same order
	prev    *Cycle             // the previous cycle's result this one is linked to
	result  *Cycle
	own     map[*model.Scorecard]*Department // each scorecard scored alone; never handed out
}

// membership is what scoring takes from departments.toml for one scorecard.
type membership struct {
	group  string
	ranked bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{cycles: map[string]*cachedCycle{}} }

// Site is Site, reusing what the last call scored wherever the inputs are unchanged.
func (c *Cache) Site(s *model.Site) *Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Scored, c.Reused = 0, 0
	r := &Result{}
	if s == nil {
		c.cycles = map[string]*cachedCycle{}
		return r
	}
	groups, depts := byID(s)
	next := map[string]*cachedCycle{}
	var prev *Cycle
	for _, mc := range s.Cycles {
		if mc == nil {
			continue
		}
		cur := &cachedCycle{scheme: mc.Scheme, cards: mc.Cards, members: members(mc, groups, depts), prev: prev}
		old := c.cycles[mc.ID]
		if old != nil && old.prev == prev && slices.Equal(old.cards, cur.cards) &&
			reflect.DeepEqual(old.members, cur.members) && sameScheme(old.scheme, cur.scheme) {
			cur.result, cur.own = old.result, old.own
			c.Reused += len(cur.own)
		} else {
			cur.result, cur.own = c.rescore(mc, old, prev, groups, depts)
		}
		next[mc.ID] = cur
		r.Cycles = append(r.Cycles, cur.result)
		prev = cur.result
	}
	c.cycles = next
	return r
}

// rescore grades, ranks and links a cycle again. A scorecard scored under an
// equal scheme keeps its own scores; when the previous cycle is also the same
// result as last time, it keeps its links to it as well (its indicators, linked,
// are shared with the last result: nothing changes them any more).
func (c *Cache) rescore(mc *model.Cycle, old *cachedCycle, prev *Cycle, groups map[string]*model.Group, depts map[string]*model.Department) (*Cycle, map[*model.Scorecard]*Department) {
	own := map[*model.Scorecard]*Department{}
	var reuse, linked map[*model.Scorecard]*Department
	if old != nil && sameScheme(old.scheme, mc.Scheme) {
		reuse = old.own
		if old.prev == prev {
			linked = map[*model.Scorecard]*Department{}
			for _, d := range old.result.Departments {
				linked[d.Card] = d
			}
		}
	}
	keep := map[*Department]bool{} // departments whose links are kept
	result := cycle(mc, groups, depts, func(card *model.Scorecard, scheme *model.Scheme) *Department {
		d := reuse[card]
		if d != nil {
			c.Reused++
		} else {
			d = department(card, scheme)
			c.Scored++
		}
		own[card] = d
		if l := linked[card]; l != nil && d == reuse[card] {
			cp := *d
			cp.Indicators, cp.Previous = l.Indicators, l.Previous
			keep[&cp] = true
			return &cp
		}
		return d.fresh()
	})
	if prev != nil {
		for _, d := range result.Departments {
			if !keep[d] {
				linkDepartment(d, prev)
			}
		}
	}
	return result, own
}

// members lists the group and ranking of each scorecard's department, as cycle
// reads them.
func members(mc *model.Cycle, groups map[string]*model.Group, depts map[string]*model.Department) []membership {
	out := make([]membership, len(mc.Cards))
	for i, card := range mc.Cards {
		if card == nil {
			continue
		}
		if md := depts[card.Department]; md != nil {
			out[i].group = md.Group
			if g := groups[md.Group]; g != nil {
				out[i].ranked = g.Ranked
			}
		}
	}
	return out
}

// sameScheme compares two schemes by value: the loader reads a scheme anew each
// time, so an unchanged scheme is an equal object, not the same one. Where each
// key was written (model.Origin) plays no part in scoring and is left out.
func sameScheme(a, b *model.Scheme) bool {
	return a == b || equalData(reflect.ValueOf(a), reflect.ValueOf(b))
}

var originType = reflect.TypeOf(model.Origin{})

// equalData is reflect.DeepEqual without positions (model.Origin values), which
// may be found lazily and so hold a function and a lock. Anything it cannot
// compare, such as a function, counts as different.
func equalData(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	if a.Type() == originType {
		return true
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() || a.Pointer() == b.Pointer() {
			return a.Pointer() == b.Pointer()
		}
		return equalData(a.Elem(), b.Elem())
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalData(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !equalData(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalData(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			v := b.MapIndex(it.Key())
			if !v.IsValid() || !equalData(it.Value(), v) {
				return false
			}
		}
		return true
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.String:
		return a.String() == b.String()
	}
	return false
}

// fresh returns a copy of d that grading, ranking and linking may fill in without
// changing d: they set fields of the department and of its indicators only.
func (d *Department) fresh() *Department {
	cp := *d
	cp.Indicators = make([]*Indicator, len(d.Indicators))
	for i, in := range d.Indicators {
		if in != nil {
			x := *in
			cp.Indicators[i] = &x
		}
	}
	return &cp
}
