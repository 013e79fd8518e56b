package load

import (
	"strconv"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// scheme reads data/<cycle>/scheme.toml (SPEC §5).
func (l *loader) scheme(rel string) *model.Scheme {
	t := l.decodeFile(rel, "scheme.toml", false)
	if t == nil {
		if _, _, st := l.resolve(rel); st == readMissing {
			l.diags.Errorf(diag.Pos{File: rel}, "%s not found; every cycle folder needs its scheme (see SPEC §5)", rel)
		}
		return nil
	}
	s := &model.Scheme{Origin: t.origin(), StatusMet: decimal.Int(1), StatusNear: decimal.MustParse("0.8")}
	t.check("title", "total", "targets_published", "results_published", "periods", "bonus_cap", "penalty_cap",
		"status", "dimension", "grade", "veto", "indicator")
	s.Title = t.str("title", true)
	if tot := t.num("total", true); tot != nil {
		if tot.Sign() <= 0 {
			t.errorf("total", "total must be more than 0, not %s", tot)
		}
		s.Total = *tot
	}
	s.TargetsPublished = t.date("targets_published", false)
	s.ResultsPublished = t.date("results_published", false)
	if t.has("periods") {
		seen := map[string]bool{}
		for i, p := range t.strs("periods") {
			at := "periods." + itoa(i)
			switch {
			case !periodRE.MatchString(p):
				t.errorf(at, "bad period %q: periods use letters, digits, - and _, like \"Q1\" or \"H1\"", p)
			case seen[p]:
				t.errorf(at, "period %q is listed twice", p)
			default:
				seen[p] = true
				s.Periods = append(s.Periods, p)
			}
		}
	}
	for _, key := range []string{"bonus_cap", "penalty_cap"} {
		v := t.num(key, false)
		if v != nil && v.Sign() < 0 {
			t.errorf(key, "%s must be 0 or more, not %s", key, v)
		}
		if key == "bonus_cap" {
			s.BonusCap = v
		} else {
			s.PenaltyCap = v
		}
	}
	if st := t.sub("status", "status"); st != nil {
		st.check("met", "near")
		if v := st.num("met", false); v != nil {
			if v.Sign() <= 0 {
				st.errorf("met", "status met must be more than 0, not %s", v)
			}
			s.StatusMet = *v
		}
		if v := st.num("near", false); v != nil {
			if v.Sign() <= 0 {
				st.errorf("near", "status near must be more than 0, not %s", v)
			}
			s.StatusNear = *v
		}
		if s.StatusNear.Greater(s.StatusMet) {
			st.errorf("near", "status near (%s) must not be above met (%s)", s.StatusNear, s.StatusMet)
		}
	}

	dimIDs := map[string]*table{}
	for _, d := range t.tables("dimension", "[[dimension]]") {
		d.check("id", "name", "description")
		dim := &model.Dimension{ID: d.id("id"), Name: d.str("name", true), Description: d.str("description", false), Origin: d.origin()}
		if dim.ID == "" {
			continue
		}
		if prev, ok := dimIDs[dim.ID]; ok {
			d.errorf("id", "duplicate dimension id %q: already used at %s", dim.ID, prev.at("id"))
			continue
		}
		dimIDs[dim.ID] = d
		s.Dimensions = append(s.Dimensions, dim)
	}
	if !t.has("dimension") {
		t.errorf("", "scheme.toml has no [[dimension]]: add the scorecard's dimensions, e.g. [[dimension]] id = \"public\" name = \"服务对象\"")
	}

	l.grades(t, s)
	l.vetoes(t, s)

	seen := map[string]*table{}
	for _, it := range t.tables("indicator", "[[indicator]]") {
		in := new(model.Indicator)
		l.indicator(in, it, schemeEntry, s)
		if in.ID == "" {
			continue
		}
		if prev, ok := seen[in.ID]; ok {
			it.errorf("id", "duplicate indicator id %q: already used at %s", in.ID, prev.at("id"))
			continue
		}
		seen[in.ID] = it
		l.checkDefinition(in, it, s)
		l.checkPeriods(in, s, in.Origin, "milestones", in.Milestones)
		in.Common = true
		s.Indicators = append(s.Indicators, in)
	}
	return s
}

func (l *loader) grades(t *table, s *model.Scheme) {
	names := map[string]*table{}
	var prev *model.Grade
	for _, g := range t.tables("grade", "[[grade]]") {
		g.check("name", "min", "quota")
		gr := &model.Grade{Name: g.str("name", true), Origin: g.origin()}
		minOK := false
		if m := g.num("min", true); m != nil {
			gr.Min = *m
			minOK = true
			if m.Sign() < 0 {
				g.errorf("min", "min must be 0 or more, not %s", m)
			}
		}
		if q := g.num("quota", false); q != nil {
			if q.Sign() <= 0 || q.Greater(decimal.Int(1)) {
				g.errorf("quota", "quota is a share of the group: more than 0 and at most 1 (0.2 for 20%%), not %s", q)
			}
			gr.Quota = q
		}
		if minOK && prev != nil && !gr.Min.Less(prev.Min) {
			g.errorf("min", "grades are listed best first, so each min must be lower than the one before: %q has min %s, %q has min %s", prev.Name, prev.Min, gr.Name, gr.Min)
		}
		if minOK {
			prev = gr
		}
		if gr.Name != "" {
			if p, ok := names[gr.Name]; ok {
				g.errorf("name", "grade %q is listed twice: already at %s", gr.Name, p.at("name"))
				continue
			}
			names[gr.Name] = g
		}
		s.Grades = append(s.Grades, gr)
	}
	if !t.has("grade") {
		t.errorf("", "scheme.toml has no [[grade]]: add the grades, best first, each with name and min")
		return
	}
	if n := len(s.Grades); n > 0 && s.Grades[n-1].Min.Sign() > 0 {
		l.diags.Warnf(s.Grades[n-1].Pos("min"), "the lowest grade %q has min %s, so a total below it gets no grade; add a last grade with min = 0", s.Grades[n-1].Name, s.Grades[n-1].Min)
	}
}

func (l *loader) vetoes(t *table, s *model.Scheme) {
	ids := map[string]*table{}
	var gradeNames []string
	for _, g := range s.Grades {
		gradeNames = append(gradeNames, g.Name)
	}
	for _, v := range t.tables("veto", "[[veto]]") {
		v.check("id", "name", "max_grade", "deduct")
		vt := &model.Veto{ID: v.id("id"), Name: v.str("name", true), Origin: v.origin()}
		if v.has("max_grade") {
			vt.MaxGrade = v.str("max_grade", true)
			if vt.MaxGrade != "" && !contains(gradeNames, vt.MaxGrade) {
				v.errorf("max_grade", "max_grade %q is not a grade of this scheme%s", vt.MaxGrade, known(vt.MaxGrade, gradeNames, "grades"))
			}
		} else if len(gradeNames) > 0 {
			vt.MaxGrade = gradeNames[len(gradeNames)-1]
		}
		if d := v.num("deduct", false); d != nil {
			if d.Sign() < 0 {
				v.errorf("deduct", "deduct must be 0 or more, not %s", d)
			}
			vt.Deduct = *d
		}
		if vt.ID == "" {
			continue
		}
		if prev, ok := ids[vt.ID]; ok {
			v.errorf("id", "duplicate veto id %q: already used at %s", vt.ID, prev.at("id"))
			continue
		}
		ids[vt.ID] = v
		s.Vetoes = append(s.Vetoes, vt)
	}
}

func hasDimension(s *model.Scheme, id string) bool {
	for _, d := range s.Dimensions {
		if d.ID == id {
			return true
		}
	}
	return false
}

func dimensionIDs(s *model.Scheme) []string {
	ids := make([]string, len(s.Dimensions))
	for i, d := range s.Dimensions {
		ids[i] = d.ID
	}
	return ids
}

func itoa(i int) string { return strconv.Itoa(i) }
