package load

import (
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// card reads data/<cycle>/<name>.toml (SPEC §6) against its cycle's scheme and merges
// the scheme's common indicators into it.
func (l *loader) card(rel, name, text string, s *model.Scheme) *model.Scorecard {
	sc := l.scratches.take()
	defer l.scratches.give(sc)
	t := decodeIn(&sc.room, l.fileSource(rel, text), text, 0, &l.diags)
	if t == nil {
		return nil
	}
	t.what = "the scorecard"
	t.d.strs = sc.strs
	t.d.long.Grow(sc.room.long) // the card's long texts share one piece of memory
	card := &model.Scorecard{Department: name, Origin: t.origin()}
	t.check("department", "status", "evaluated", "indicator", "adjustment", "rectification")

	if !isID(name) {
		l.diags.Errorf(diag.Pos{File: rel}, "file name %q is not a valid department id: %s", name+".toml", idRule)
	}
	dep := t.str("department", true)
	switch {
	case dep != "" && dep != name:
		t.errorf("department", "department is %q but the file is named %s.toml; they must match: rename the file to %s.toml or correct the department", dep, name, dep)
	case l.deptsLoaded && l.depts[name] == nil && isID(name):
		l.diags.Errorf(t.at("department"), "unknown department %q: it is not in data/departments.toml%s", name, known(name, l.departmentIDs(), "departments"))
	}

	switch st := t.str("status", true); st {
	case "final":
	case "draft", "":
		card.Draft = st == "draft"
	default:
		t.errorf("status", "status must be \"final\" or \"draft\", not %q%s", st, didYouMean(st, []string{"final", "draft"}))
		card.Draft = true // judged as a draft, so its missing actuals are not reported again
	}
	card.Evaluated = t.date("evaluated", false)

	group := ""
	if d := l.depts[name]; d != nil {
		group = d.Group
	}
	applies := func(in *model.Indicator) bool { return len(in.Groups) == 0 || contains(in.Groups, group) }
	common := make(map[string]*model.Indicator, len(s.Indicators))
	var commonIDs []string
	for _, in := range s.Indicators {
		common[in.ID] = in
		if applies(in) {
			commonIDs = append(commonIDs, in.ID)
		}
	}

	entries := t.tables("indicator", "[[indicator]]")
	values := make(map[string]entry, len(s.Indicators))
	own := make([]entry, 0, len(entries))
	seen := sc.seen // id → its first entry
	for _, it := range entries {
		id, _ := it.f.stringOf("id")
		def := common[id]
		if def != nil && !applies(def) {
			it.errorf("id", "common indicator %q applies only to groups %s, not to this department's group %q; remove this entry or give the department's own indicator another id", id, strings.Join(def.Groups, ", "), group)
			continue
		}
		kind := ownEntry
		if def != nil {
			kind = commonEntry
		} else if !it.has("name") && !it.has("method") && id != "" {
			// Only values: most likely a misspelt common indicator.
			if near := suggest(id, commonIDs); near != "" {
				it.errorf("id", "indicator %q is not defined by the scheme; did you mean the common indicator %q? (a department's own indicator needs name, dimension, points and method)", id, near)
				continue
			}
		}
		var in *model.Indicator
		if def != nil {
			sc.entry = model.Indicator{}
			in = &sc.entry // merged into a copy of the definition
		} else {
			in = new(model.Indicator)
		}
		l.indicator(in, it, kind, s)
		if in.ID != "" {
			if prev, ok := seen[in.ID]; ok {
				it.errorf("id", "duplicate indicator id %q: already used at %s", in.ID, prev.at("id"))
				continue
			}
			seen[in.ID] = it
		}
		if def != nil {
			values[id] = entry{merge(def, in), it}
			continue
		}
		l.checkDefinition(in, it, s)
		own = append(own, entry{in, it})
	}

	card.Indicators = sized[*model.Indicator](len(commonIDs) + len(own))
	for _, def := range s.Indicators {
		if !applies(def) {
			continue
		}
		if e, ok := values[def.ID]; ok {
			card.Indicators = append(card.Indicators, e.in)
			l.checkValues(e.in, e.t, s, card.Draft)
			continue
		}
		in := merge(def, &model.Indicator{Origin: card.Origin})
		card.Indicators = append(card.Indicators, in)
		if !card.Draft {
			l.diags.Errorf(diag.Pos{File: rel}, "common indicator %q (%s) is missing: add [[indicator]] with id = %q and its actual; a final scorecard needs every common indicator", def.ID, def.Name, def.ID)
		}
	}
	for _, e := range own {
		card.Indicators = append(card.Indicators, e.in)
		l.checkValues(e.in, e.t, s, card.Draft)
	}

	// A sum with a missing or wrong points value would only repeat that error, and
	// without the department's group the common indicators it has are not known.
	sum, sumOK := decimal.Int(0), len(card.Indicators) > 0 && s.Total.Sign() > 0 && l.depts[name] != nil
	for _, in := range card.Indicators {
		sum = sum.Add(in.Points)
		sumOK = sumOK && in.Points.Sign() > 0
	}
	if sumOK && !sum.Equal(s.Total) {
		l.diags.Errorf(diag.Pos{File: rel}, "indicator points add up to %s, not the scheme's total %s (%s)", sum, s.Total, pointsList(card.Indicators))
	}

	card.Adjustments = l.adjustments(t, s)
	card.Rectifications = l.rectifications(t)
	return card
}

// sized is an empty list with room for n, or nil when n is 0, as appending to nil
// leaves it: the model keeps what is read, and each append beyond the room
// would leave a longer list behind.
func sized[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, 0, n)
}

// entry is an indicator of a scorecard with the [[indicator]] it was read from.
type entry struct {
	in *model.Indicator
	t  *table
}

// departmentIDs lists the departments of departments.toml, for messages.
func (l *loader) departmentIDs() []string {
	ids := make([]string, len(l.site.Departments))
	for i, d := range l.site.Departments {
		ids[i] = d.ID
	}
	return ids
}

// merge is a common indicator's definition with one scorecard's values.
func merge(def, v *model.Indicator) *model.Indicator {
	m := *def
	m.Actual, m.Achieved, m.Score, m.Justification = v.Actual, v.Achieved, v.Score, v.Justification
	m.Progress, m.Baseline, m.Survey = v.Progress, v.Baseline, v.Survey
	if v.Milestones != nil {
		m.Milestones = v.Milestones
	}
	if v.Source != "" {
		m.Source = v.Source
	}
	if v.Assessor != "" {
		m.Assessor = v.Assessor
	}
	if v.Note != "" {
		m.Note = v.Note
	}
	if v.Limitations != "" {
		m.Limitations = v.Limitations
	}
	if v.Evidence != nil {
		m.Evidence = v.Evidence
	}
	m.Common = true
	m.Origin = v.Origin
	m.Def = def
	return &m
}

func (l *loader) adjustments(t *table, s *model.Scheme) []*model.Adjustment {
	vetoIDs := make([]string, len(s.Vetoes))
	for i, v := range s.Vetoes {
		vetoIDs[i] = v.ID
	}
	list := t.tables("adjustment", "[[adjustment]]")
	out := sized[*model.Adjustment](len(list))
	for _, a := range list {
		a.check("kind", "points", "rule", "reason", "basis", "date", "evidence")
		adj := &model.Adjustment{
			Kind:     a.str("kind", true),
			Reason:   a.str("reason", true),
			Basis:    a.str("basis", false),
			Date:     a.date("date", false),
			Evidence: a.strs("evidence"),
			Origin:   a.origin(),
		}
		switch adj.Kind {
		case model.Bonus, model.Penalty:
			if p := a.num("points", true); p != nil {
				if p.Sign() <= 0 {
					a.errorf("points", "points of a %s must be more than 0, not %s", adj.Kind, p)
				}
				adj.Points = *p
			}
			if a.has("rule") {
				a.errorf("rule", "rule is only for kind = \"veto\"; remove it")
			}
		case model.VetoAdj:
			if a.has("points") {
				a.errorf("points", "a veto has no points: the deduct of its rule in %s applies; remove points", s.Src.File)
			}
			adj.Rule = a.str("rule", true)
			if adj.Rule != "" && !contains(vetoIDs, adj.Rule) {
				a.errorf("rule", "unknown veto rule %q%s", adj.Rule, known(adj.Rule, vetoIDs, "scheme's veto rules"))
			}
		case "":
		default:
			a.errorf("kind", "kind must be \"bonus\", \"penalty\" or \"veto\", not %q%s", adj.Kind, didYouMean(adj.Kind, []string{model.Bonus, model.Penalty, model.VetoAdj}))
		}
		out = append(out, adj)
	}
	return out
}

func (l *loader) rectifications(t *table) []*model.Rectification {
	statuses := []string{model.Open, model.InProgress, model.Done}
	list := t.tables("rectification", "[[rectification]]")
	out := sized[*model.Rectification](len(list))
	for _, r := range list {
		r.check("issue", "action", "owner", "due", "status", "done", "evidence")
		rc := &model.Rectification{
			Issue:    r.str("issue", true),
			Action:   r.str("action", false),
			Owner:    r.str("owner", false),
			Due:      r.date("due", false),
			Status:   r.str("status", true),
			Done:     r.date("done", false),
			Evidence: r.strs("evidence"),
			Origin:   r.origin(),
		}
		valid := contains(statuses, rc.Status)
		if !valid && rc.Status != "" {
			r.errorf("status", "status must be \"open\", \"in_progress\" or \"done\", not %q%s", rc.Status, didYouMean(rc.Status, statuses))
		}
		if rc.Status == model.Done && !r.has("done") {
			r.errorf("status", "status is \"done\" but the date it was done is missing: add done = 2025-05-20 (the real date)")
		}
		if valid && rc.Status != model.Done && r.has("done") {
			r.warnf("done", "done is set but status is %q; set status = \"done\" if the action is finished", rc.Status)
		}
		if valid && rc.Overdue(l.today) {
			r.warnf("due", "rectification %q was due %s and is not done (status %s)", rc.Issue, rc.Due, rc.Status)
		}
		out = append(out, rc)
	}
	return out
}
