package opendata

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"time"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// plain is a decimal as the open data writes it: no exponent, no sign but a minus,
// and short enough that reading it cannot be made to take long.
var plain = regexp.MustCompile(`^-?[0-9]{1,30}(\.[0-9]{1,30})?$`)

// parseNumber reads a number cell or JSON number of the open data.
func parseNumber(s string) (decimal.D, bool) {
	if !plain.MatchString(s) {
		return decimal.D{}, false
	}
	d, err := decimal.Parse(s)
	return d, err == nil
}

// rebuilder turns cycle.json back into model values, reporting every value it
// cannot read with its line.
type rebuilder struct {
	file     string
	lines    map[string]int
	problems []Problem
}

func (r *rebuilder) errorf(path, format string, args ...any) {
	r.problems = append(r.problems, Problem{File: r.file, Line: lineOf(r.lines, path), Message: fmt.Sprintf(format, args...)})
}

// number reads a number that must be there.
func (r *rebuilder) number(path string, n num) decimal.D {
	if n == "" {
		r.errorf(path, "%s is missing; it must be a number", path)
		return decimal.D{}
	}
	if d := r.optional(path, n); d != nil {
		return *d
	}
	return decimal.D{}
}

// optional reads a number that may be absent (nil).
func (r *rebuilder) optional(path string, n num) *decimal.D {
	if n == "" {
		return nil
	}
	d, ok := parseNumber(string(n))
	if !ok {
		r.errorf(path, "%s is %s, which is not a plain decimal number such as 97.3", path, clip(string(n)))
		return nil
	}
	return &d
}

func (r *rebuilder) date(path, s string) model.Date {
	if s == "" {
		return model.Date{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		r.errorf(path, "%s is %q, which is not a date written as YYYY-MM-DD", path, s)
		return model.Date{}
	}
	return model.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

func (r *rebuilder) numbers(path string, m map[string]num) model.PeriodValues {
	if len(m) == 0 {
		return nil
	}
	var out model.PeriodValues
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, model.PeriodValue{Period: k, Value: r.number(join(path, k), m[k])})
	}
	return out
}

// site rebuilds a site holding this one cycle.
func (r *rebuilder) site(doc *cycleDoc) *model.Site {
	s := &model.Site{Config: model.Config{
		Title: doc.Site.Title, BaseURL: doc.Site.URL, OpenData: model.OpenData{License: doc.Site.License},
	}}
	for _, g := range doc.Groups {
		s.Groups = append(s.Groups, &model.Group{ID: g.ID, Name: g.Name, Ranked: g.Ranked})
	}
	c := &model.Cycle{ID: doc.Cycle, Scheme: r.scheme(&doc.Scheme)}
	for i, d := range doc.Departments {
		p := "departments." + strconv.Itoa(i)
		s.Departments = append(s.Departments, &model.Department{
			ID: d.ID, Name: d.Name, ShortName: d.ShortName, Group: d.Group, Website: d.Website, Description: d.Description,
		})
		c.Cards = append(c.Cards, r.card(p, &d))
	}
	s.Cycles = []*model.Cycle{c}
	return s
}

func (r *rebuilder) scheme(d *schemeDoc) *model.Scheme {
	s := &model.Scheme{
		Title:            d.Title,
		Total:            r.number("scheme.total", d.Total),
		TargetsPublished: r.date("scheme.targets_published", d.TargetsPublished),
		ResultsPublished: r.date("scheme.results_published", d.ResultsPublished),
		Periods:          d.Periods,
		BonusCap:         r.optional("scheme.bonus_cap", d.BonusCap),
		PenaltyCap:       r.optional("scheme.penalty_cap", d.PenaltyCap),
		StatusMet:        r.number("scheme.status.met", d.Status.Met),
		StatusNear:       r.number("scheme.status.near", d.Status.Near),
	}
	for _, dim := range d.Dimensions {
		s.Dimensions = append(s.Dimensions, &model.Dimension{ID: dim.ID, Name: dim.Name, Description: dim.Description})
	}
	for i, g := range d.Grades {
		p := "scheme.grades." + strconv.Itoa(i)
		s.Grades = append(s.Grades, &model.Grade{Name: g.Name, Min: r.number(p+".min", g.Min), Quota: r.optional(p+".quota", g.Quota)})
	}
	for i, v := range d.Vetoes {
		p := "scheme.vetoes." + strconv.Itoa(i)
		s.Vetoes = append(s.Vetoes, &model.Veto{ID: v.ID, Name: v.Name, MaxGrade: v.MaxGrade, Deduct: r.number(p+".deduct", v.Deduct)})
	}
	for i := range d.Indicators {
		s.Indicators = append(s.Indicators, r.indicator("scheme.indicators."+strconv.Itoa(i), &d.Indicators[i]))
	}
	return s
}

func (r *rebuilder) indicator(p string, d *indicatorDoc) *model.Indicator {
	in := &model.Indicator{
		ID: d.ID, Name: d.Name, Dimension: d.Dimension, Unit: d.Unit, Common: d.Common, Groups: d.Groups,
		Points: r.number(p+".points", d.Points), Method: d.Method, Direction: d.Direction,
		Target: r.optional(p+".target", d.Target), Floor: r.optional(p+".floor", d.Floor),
		Lo: r.optional(p+".lo", d.Lo), Cap: r.optional(p+".cap", d.Cap),
		Fail: r.optional(p+".fail", d.Fail), Per: r.optional(p+".per", d.Per),
		MaxDeduct: r.optional(p+".max_deduct", d.MaxDeduct),
		Actual:    r.optional(p+".actual", d.Actual), Achieved: d.Achieved,
		Score: r.optional(p+".score", d.Score), Justification: d.Justification,
		Baseline:   r.optional(p+".baseline", d.Baseline),
		Milestones: r.numbers(p+".milestones", d.Milestones),
		Progress:   r.numbers(p+".progress", d.Progress),
		Source:     d.Source, Assessor: d.Assessor, Definition: d.Definition, Limitations: d.Limitations,
		Evidence: d.Evidence, Note: d.Note, Critical: d.Critical,
	}
	for i, b := range d.Bands {
		bp := p + ".bands." + strconv.Itoa(i)
		if len(b) != 2 {
			r.errorf(bp, "%s must be a pair [threshold, fraction]", bp)
			continue
		}
		in.Bands = append(in.Bands, model.Band{Threshold: r.number(bp+".0", b[0]), Fraction: r.number(bp+".1", b[1])})
	}
	for i, tc := range d.TargetChanges {
		tp := p + ".target_changes." + strconv.Itoa(i)
		in.TargetChanges = append(in.TargetChanges, model.TargetChange{
			From: r.number(tp+".from", tc.From), To: r.number(tp+".to", tc.To), Date: r.date(tp+".date", tc.Date),
			Reason: tc.Reason, ApprovedBy: tc.ApprovedBy,
		})
	}
	if d.Survey != nil {
		in.Survey = &model.Survey{Respondents: d.Survey.Respondents, Method: d.Survey.Method, ConductedBy: d.Survey.ConductedBy}
	}
	return in
}

func (r *rebuilder) card(p string, d *deptDoc) *model.Scorecard {
	c := &model.Scorecard{Department: d.ID, Evaluated: r.date(p+".evaluated", d.Evaluated)}
	switch d.Status {
	case "final":
	case "draft":
		c.Draft = true
	default:
		r.errorf(p+".status", "the status of department %s is %q; it must be \"final\" or \"draft\"", d.ID, d.Status)
	}
	for i := range d.Indicators {
		c.Indicators = append(c.Indicators, r.indicator(p+".indicators."+strconv.Itoa(i), &d.Indicators[i]))
	}
	for i, a := range d.Adjustments {
		ap := p + ".adjustments." + strconv.Itoa(i)
		adj := &model.Adjustment{Kind: a.Kind, Rule: a.Rule, Reason: a.Reason, Basis: a.Basis,
			Date: r.date(ap+".date", a.Date), Evidence: a.Evidence}
		if pts := r.optional(ap+".points", a.Points); pts != nil {
			adj.Points = *pts
		}
		c.Adjustments = append(c.Adjustments, adj)
	}
	for i, x := range d.Rectifications {
		rp := p + ".rectifications." + strconv.Itoa(i)
		c.Rectifications = append(c.Rectifications, &model.Rectification{
			Issue: x.Issue, Action: x.Action, Owner: x.Owner, Due: r.date(rp+".due", x.Due), Status: x.Status,
			Done: r.date(rp+".done", x.Done), Evidence: x.Evidence,
		})
	}
	return c
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
