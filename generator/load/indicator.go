package load

import (
	"fmt"
	"slices"
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// entryKind says where an [[indicator]] is written, which decides the keys it may have.
type entryKind int

const (
	schemeEntry entryKind = iota // a common indicator defined in scheme.toml
	ownEntry                     // a department's own indicator, defined in its scorecard
	commonEntry                  // a scorecard's values for a common indicator
)

// defKeys define an indicator; only the scheme (common) or the scorecard (own) gives them.
var defKeys = []string{"name", "dimension", "unit", "points", "method", "direction", "target", "floor", "lo",
	"cap", "bands", "fail", "per", "max_deduct", "definition", "critical", "target_change"}

// valueKeys are what a scorecard reports for an indicator.
var valueKeys = []string{"actual", "achieved", "score", "justification", "progress", "milestones", "baseline",
	"source", "assessor", "evidence", "note", "limitations", "survey"}

// schemeValueKeys may be given once in the scheme for every department (the scorecard
// may still override them).
var schemeValueKeys = []string{"milestones", "source", "assessor", "evidence", "note", "limitations"}

// entryKeys are the keys each kind of entry may have.
var entryKeys = [...][]string{
	schemeEntry: concat([]string{"id"}, defKeys, []string{"groups"}, schemeValueKeys),
	ownEntry:    concat([]string{"id"}, defKeys, valueKeys),
	commonEntry: concat([]string{"id"}, valueKeys),
}

// entryKeySets are entryKeys as sets: an indicator has a dozen keys to look up in them.
var entryKeySets = func() (sets [len(entryKeys)]*keySet) {
	for kind, keys := range entryKeys {
		sets[kind] = newKeySet(keys)
	}
	return sets
}()

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var one = decimal.Int(1)

// indicator reads one [[indicator]] table into in, which must be zero: a new one
// is, and clearing one again would cost as much as making it. Definitions are
// checked later, once the effective indicator is known (checkDefinition,
// checkValues).
func (l *loader) indicator(in *model.Indicator, t *table, kind entryKind, s *model.Scheme) {
	in.Direction, in.Origin = model.Higher, t.origin()
	allowed := entryKeys[kind]
	in.ID = t.id("id")
	if !t.onlyIn(entryKeySets[kind]) {
		for _, k := range t.keys() {
			if contains(allowed, k) {
				continue
			}
			switch {
			case kind == commonEntry && (contains(defKeys, k) || k == "groups"):
				t.errorf(k, "%s of common indicator %q is defined by the scheme (%s); remove it here", k, in.ID, s.Src.File)
			case kind == schemeEntry && contains(valueKeys, k):
				t.errorf(k, "%s belongs in each department's scorecard, not in the scheme", k)
			case kind == ownEntry && k == "groups":
				t.errorf(k, "groups is only for common indicators in scheme.toml; a department's own indicator applies to that department alone")
			default:
				t.unknown(k, allowed)
			}
		}
	}

	if kind != commonEntry {
		in.Name = t.str("name", true)
		in.Dimension = t.str("dimension", true)
		if in.Dimension != "" && len(s.Dimensions) > 0 && !hasDimension(s, in.Dimension) {
			t.errorf("dimension", "unknown dimension %q%s", in.Dimension, known(in.Dimension, dimensionIDs(s), "scheme's dimensions"))
		}
		in.Unit = t.str("unit", false)
		if p := t.num("points", true); p != nil {
			if p.Sign() <= 0 {
				t.errorf("points", "points must be more than 0, not %s", p)
			}
			in.Points = *p
		}
		in.Method = t.str("method", true)
		if in.Method != "" && !contains(model.Methods, in.Method) {
			t.errorf("method", "unknown method %q%s", in.Method, known(in.Method, model.Methods, "methods"))
			in.Method = ""
		}
		if t.has("direction") {
			d := t.str("direction", true)
			switch d {
			case model.Higher, model.Lower:
				in.Direction = d
			case "":
			default:
				t.errorf("direction", "direction must be \"higher\" or \"lower\", not %q%s", d, didYouMean(d, []string{model.Higher, model.Lower}))
			}
		}
		in.Target = t.num("target", false)
		in.Floor = t.num("floor", false)
		in.Lo = t.num("lo", false)
		in.Cap = t.num("cap", false)
		in.Fail = t.num("fail", false)
		in.Per = t.num("per", false)
		in.MaxDeduct = t.num("max_deduct", false)
		in.Bands = bands(t)
		in.Definition = t.str("definition", false)
		in.Critical = t.flag("critical", false)
		in.TargetChanges = targetChanges(t)
	}
	if kind == schemeEntry {
		in.Groups = t.strs("groups")
		if l.deptsLoaded {
			ids := l.groupIDs()
			for i, g := range in.Groups {
				if l.groups[g] == nil {
					t.errorf("groups."+itoa(i), "unknown group %q%s", g, known(g, ids, "groups"))
				}
			}
		}
	}
	if kind != schemeEntry {
		in.Actual = t.num("actual", false)
		in.Achieved = t.boolean("achieved")
		in.Score = t.num("score", false)
		in.Justification = t.str("justification", false)
		in.Progress = numbers(t, "progress", s.Periods)
		in.Baseline = t.num("baseline", false)
		if sv := t.sub("survey", "[indicator.survey]"); sv != nil {
			sv.check("respondents", "method", "conducted_by")
			in.Survey = &model.Survey{Method: sv.str("method", false), ConductedBy: sv.str("conducted_by", false)}
			if n := sv.integer("respondents"); n != nil {
				if *n < 0 {
					sv.errorf("respondents", "respondents must be 0 or more, not %d", *n)
				}
				in.Survey.Respondents = *n
			}
		}
	}
	in.Milestones = numbers(t, "milestones", s.Periods)
	in.Source = t.str("source", false)
	in.Assessor = t.str("assessor", false)
	in.Note = t.str("note", false)
	in.Limitations = t.str("limitations", false)
	in.Evidence = t.strs("evidence")
}

func (l *loader) groupIDs() []string {
	ids := make([]string, len(l.site.Groups))
	for i, g := range l.site.Groups {
		ids[i] = g.ID
	}
	return ids
}

// numbers reads a table of period → number, e.g. progress = { Q1 = 20.5, Q2 = 46 },
// sorted by period. A period of periods (the scheme's) is kept as the scheme's string.
func numbers(t *table, key string, periods []string) model.PeriodValues {
	values := t.fieldsOf(key) // the table itself is made only to report a problem
	if values == nil {
		return nil
	}
	out := make(model.PeriodValues, 0, len(values.list))
	bad := false
	for i := range values.list {
		f := &values.list[i]
		if x, ok := f.decimal(); ok {
			out = append(out, model.PeriodValue{Period: period(t.d, f.key, periods), Value: x})
		} else {
			bad = true
		}
	}
	slices.SortFunc(out, func(a, b model.PeriodValue) int { return strings.Compare(a.Period, b.Period) })
	if bad { // reported in a fixed order
		sub := table{d: t.d, path: join(t.path, key), f: values}
		for _, k := range sub.keys() {
			if v, _ := sub.get(k); !isNumber(v) {
				t.d.badNumber(join(sub.path, k), key+" "+k, v)
			}
		}
	}
	return out
}

// period is p as the model keeps it: one of periods, or kept by d.
func period(d *doc, p string, periods []string) string {
	if i := slices.Index(periods, p); i >= 0 {
		return periods[i]
	}
	return d.keep(p)
}

// bands reads bands = [[threshold, fraction], …].
func bands(t *table) []model.Band {
	list, ok := t.list("bands")
	if !ok {
		return nil
	}
	out := sized[model.Band](len(list))
	for i, e := range list {
		at := func() string { return join(t.path, "bands."+itoa(i)) } // only for a problem
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			t.d.diags.Errorf(t.d.src.At(at()), "each entry of bands must be a pair [threshold, fraction], like [90, 1]")
			continue
		}
		th, ok1 := decimalOf(pair[0])
		if !ok1 {
			t.d.badNumber(at()+".0", "band threshold", pair[0])
		}
		fr, ok2 := decimalOf(pair[1])
		if !ok2 {
			t.d.badNumber(at()+".1", "band fraction", pair[1])
		}
		if ok1 && ok2 {
			out = append(out, model.Band{Threshold: th, Fraction: fr})
		}
	}
	if len(out) == 0 {
		return nil // as when nothing was appended
	}
	return out
}

func targetChanges(t *table) []model.TargetChange {
	list := t.tables("target_change", "[[indicator.target_change]]")
	out := sized[model.TargetChange](len(list))
	for _, c := range list {
		c.check("from", "to", "date", "reason", "approved_by")
		tc := model.TargetChange{Date: c.date("date", true), Reason: c.str("reason", false), ApprovedBy: c.str("approved_by", false), Origin: c.origin()}
		if v := c.num("from", true); v != nil {
			tc.From = *v
		}
		if v := c.num("to", true); v != nil {
			tc.To = *v
		}
		out = append(out, tc)
	}
	for i := 1; i < len(out); i++ {
		a, b := out[i-1], out[i]
		if !a.Date.IsZero() && !b.Date.IsZero() && b.Date.Before(a.Date) {
			t.d.diags.Warnf(b.Pos("date"), "target_change entries are out of date order: %s comes after %s; list them oldest first", b.Date, a.Date)
		}
	}
	return out
}

// checkDefinition checks what an indicator's method needs from its definition (SPEC §7),
// pointing at the definition's keys. t is the table the definition was read from.
func (l *loader) checkDefinition(in *model.Indicator, t *table, s *model.Scheme) {
	def := in.DefOrigin()
	errorf := func(key, format string, args ...any) { l.diags.Errorf(def.Pos(key), format, args...) }
	present := t.written

	capv := one
	if in.Cap != nil {
		if in.Cap.Less(one) {
			errorf("cap", "cap must be 1 or more, not %s", in.Cap)
		} else {
			capv = *in.Cap
		}
	}
	need := func(key string, v *decimal.D) bool {
		if v == nil && !present(key) {
			errorf("", "method %s needs %s; add %s = … to indicator %q", in.Method, key, key, in.ID)
			return false
		}
		return v != nil
	}
	switch in.Method {
	case model.Ratio:
		if need("target", in.Target) && in.Target.Sign() <= 0 {
			errorf("target", "method ratio needs a target above 0, not %s", in.Target)
		}
	case model.Linear:
		t, f := need("target", in.Target), need("floor", in.Floor)
		if t && f {
			switch {
			case in.Floor.Equal(*in.Target):
				errorf("floor", "floor and target are both %s; method linear needs them different", in.Target)
			case in.Direction == model.Higher && !in.Floor.Less(*in.Target):
				errorf("floor", "direction is higher, so floor (%s) must be below target (%s); for a lower-is-better indicator add direction = \"lower\"", in.Floor, in.Target)
			case in.Direction == model.Lower && !in.Floor.Greater(*in.Target):
				errorf("floor", "direction is lower, so floor (%s) must be above target (%s)", in.Floor, in.Target)
			}
		}
		if in.Lo != nil && (in.Lo.Sign() < 0 || !in.Lo.Less(one)) {
			errorf("lo", "lo must be at least 0 and below 1, not %s", in.Lo)
		}
	case model.Bands:
		if !present("bands") {
			errorf("", "method bands needs bands = [[threshold, fraction], …]; add them to indicator %q", in.ID)
			break
		}
		if len(in.Bands) == 0 && !present("bands.0") {
			errorf("bands", "bands is empty; list at least one [threshold, fraction] pair")
		}
		for i, b := range in.Bands {
			if i > 0 && !in.Bands[i-1].Threshold.Less(b.Threshold) {
				errorf("bands."+itoa(i), "bands thresholds must increase from one entry to the next: %s comes after %s", b.Threshold, in.Bands[i-1].Threshold)
			}
			if b.Fraction.Sign() < 0 || b.Fraction.Greater(capv) {
				errorf("bands."+itoa(i), "band fraction %s must be between 0 and %s (the cap)", b.Fraction, capv)
			}
		}
	case model.PassFail:
		if in.Fail != nil && (in.Fail.Sign() < 0 || in.Fail.Greater(one)) {
			errorf("fail", "fail must be between 0 and 1, not %s", in.Fail)
		}
	case model.Deduct:
		if need("per", in.Per) && in.Per.Sign() <= 0 {
			errorf("per", "per must be more than 0, not %s", in.Per)
		}
		if in.MaxDeduct != nil && in.MaxDeduct.Sign() <= 0 {
			errorf("max_deduct", "max_deduct must be more than 0, not %s", in.MaxDeduct)
		}
	}
	if in.Method != "" {
		for _, k := range []struct {
			key    string
			method string
		}{{"floor", model.Linear}, {"lo", model.Linear}, {"bands", model.Bands}, {"fail", model.PassFail}, {"per", model.Deduct}, {"max_deduct", model.Deduct}} {
			if present(k.key) && in.Method != k.method {
				l.diags.Warnf(def.Pos(k.key), "%s is not used by method %s (only by %s)", k.key, in.Method, k.method)
			}
		}
	}
	if n := len(in.TargetChanges); n > 0 && in.Target != nil && !in.TargetChanges[n-1].To.Equal(*in.Target) {
		l.diags.Warnf(in.TargetChanges[n-1].Pos("to"), "the last target_change sets the target to %s, but target is %s", in.TargetChanges[n-1].To, in.Target)
	}
}

// checkValues checks a scorecard's values for an effective indicator, pointing at the
// scorecard's keys. t is the scorecard's entry for the indicator.
func (l *loader) checkValues(in *model.Indicator, t *table, s *model.Scheme, draft bool) {
	o := in.Origin
	errorf := func(key, format string, args ...any) { l.diags.Errorf(o.Pos(key), format, args...) }
	written := t.written
	l.checkPeriods(in, s, o, "progress", in.Progress)
	if written("milestones") {
		l.checkPeriods(in, s, o, "milestones", in.Milestones)
	}
	if in.Method == "" {
		return
	}
	capv := one
	if in.Cap != nil && !in.Cap.Less(one) {
		capv = *in.Cap
	}
	if in.Achieved != nil && in.Method != model.PassFail {
		l.diags.Warnf(o.Pos("achieved"), "achieved is not used by method %s (only by pass_fail)", in.Method)
	}
	if in.Method != model.Manual {
		if in.Score != nil {
			l.diags.Warnf(o.Pos("score"), "score is not used by method %s (only by manual); give actual instead", in.Method)
		}
	}
	switch in.Method {
	case model.Rating:
		if in.Actual != nil && (in.Actual.Sign() < 0 || in.Actual.Greater(decimal.Int(100))) {
			errorf("actual", "method rating needs an actual between 0 and 100, not %s", in.Actual)
		}
	case model.Deduct:
		if in.Actual != nil && in.Actual.Sign() < 0 {
			errorf("actual", "method deduct counts events in actual, so it cannot be negative (%s)", in.Actual)
		}
	case model.PassFail:
		if in.Target == nil && in.Actual != nil && in.Achieved == nil {
			errorf("actual", "indicator %q has no target, so method pass_fail needs achieved = true or false instead of actual", in.ID)
		}
	case model.Manual:
		if in.Score != nil {
			high := in.Points.Mul(capv)
			if in.Score.Sign() < 0 || in.Score.Greater(high) {
				errorf("score", "score must be between 0 and %s (points × cap), not %s", high, in.Score)
			}
			if strings.TrimSpace(in.Justification) == "" {
				errorf("score", "a manual score needs a justification: add justification = \"…\" saying why it was given")
			}
		}
	}
	if draft || in.HasActual() || written("actual") || written("achieved") || written("score") {
		return // a value that is there but wrong is reported where it is read
	}
	switch in.Method {
	case model.Manual:
		errorf("", "indicator %q has no score; a final scorecard needs score and justification (method manual), or set status = \"draft\"", in.ID)
	case model.PassFail:
		if in.Target == nil {
			errorf("", "indicator %q has no achieved = true or false; a final scorecard needs it, or set status = \"draft\"", in.ID)
		} else {
			errorf("", "indicator %q has no actual; a final scorecard needs one (or achieved = true or false), or set status = \"draft\"", in.ID)
		}
	default:
		errorf("", "indicator %q has no actual; a final scorecard needs one, or set status = \"draft\"", in.ID)
	}
}

// checkPeriods checks that progress or milestones name the scheme's periods.
func (l *loader) checkPeriods(in *model.Indicator, s *model.Scheme, o model.Origin, key string, m model.PeriodValues) {
	if len(m) == 0 {
		return
	}
	if len(s.Periods) == 0 {
		l.diags.Errorf(o.Pos(key), "%s needs the scheme's periods, but %s has no periods = [ … ]", key, s.Src.File)
		return
	}
	for _, e := range m {
		if p := e.Period; !contains(s.Periods, p) {
			l.diags.Errorf(o.Pos(key, p), "unknown period %q in %s; the scheme's periods are: %s", p, key, strings.Join(s.Periods, ", "))
		}
	}
}

// pointsList is "a 10, b 8, …" for a message about points that do not add up.
func pointsList(ins []*model.Indicator) string {
	var parts []string
	for i, in := range ins {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("… %d more", len(ins)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s", in.ID, in.Points))
	}
	return strings.Join(parts, ", ")
}
