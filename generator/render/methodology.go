package render

import (
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// MethodologyData is a cycle's scheme in plain language (layout methodology.html).
type MethodologyData struct {
	Cycle            Link
	CycleID          string
	Title            string
	Total            string
	TargetsPublished string
	ResultsPublished string
	Periods          []string
	Dimensions       []MethodDimension
	Methods          []MethodInfo // the methods this cycle uses, in model.Methods order
	Grades           []GradeInfo  // best first
	QuotaRule        bool         // some grade has a quota: explain the tie rule
	BonusCap         string       // "" when there is no cap
	PenaltyCap       string
	Vetoes           []VetoInfo
	StatusMet        string // thresholds as percentages of the points
	StatusNear       string
	Common           []CommonIndicator
}

// MethodDimension is one dimension of the scheme.
type MethodDimension struct {
	Link         Link
	Description  string
	CommonPoints string // points of the common indicators in it
	Range        string // points per department, "8" or "8–12"; "" without scorecards
}

// MethodInfo is one scoring method, its formula written out.
type MethodInfo struct {
	Key      string
	Name     string
	Formulas []string
	Count    int // indicators scored this way in the cycle
}

// GradeInfo is one grade.
type GradeInfo struct {
	Name  string
	Min   string
	Quota string // "20%", "" when none
}

// VetoInfo is one veto rule.
type VetoInfo struct {
	ID       string
	Name     string
	MaxGrade string
	Deduct   string // "" when nothing is deducted
}

// CommonIndicator is an indicator every department (or every department of some groups) has.
type CommonIndicator struct {
	ID        string
	Name      string
	Dimension string
	Unit      string
	Points    string
	Method    string
	Direction string
	Target    string
	Floor     string
	Groups    string // "" for every group
}

func (b *builder) methodologyPage(c *cycleData) *Page {
	cid := c.m.ID
	sch := c.m.Scheme
	title := orID(sch.Title, cid)
	met, near := score.Thresholds(sch)
	d := &MethodologyData{
		Cycle:            Link{URL: b.url(cid + "/"), Text: title},
		CycleID:          cid,
		Title:            title,
		Total:            exact(sch.Total),
		TargetsPublished: sch.TargetsPublished.String(),
		ResultsPublished: sch.ResultsPublished.String(),
		Periods:          sch.Periods,
		StatusMet:        percent(met),
		StatusNear:       percent(near),
	}
	if sch.BonusCap != nil {
		d.BonusCap = exact(*sch.BonusCap)
	}
	if sch.PenaltyCap != nil {
		d.PenaltyCap = exact(*sch.PenaltyCap)
	}

	// Every method used, by the common indicators or any scorecard.
	used := map[string]int{}
	hasLower := map[string]bool{}
	note := func(in *model.Indicator) {
		used[in.Method]++
		if in.Direction == model.Lower {
			hasLower[in.Method] = true
		}
	}
	for _, in := range sch.Indicators {
		note(in)
	}
	// Points per dimension: the common indicators', and the range over
	// scorecards. The scorecards' indicators are read in one pass, for the
	// methods too: reading them once for each dimension was most of the page.
	index := make(map[string]int, len(sch.Dimensions)) // the first dimension of each id
	for i, dim := range sch.Dimensions {
		if _, ok := index[dim.ID]; !ok {
			index[dim.ID] = i
		}
	}
	n := len(sch.Dimensions)
	sums, lo, hi := make([]decimal.D, n), make([]decimal.D, n), make([]decimal.D, n)
	for ci, card := range c.m.Cards {
		for k := range sums {
			sums[k] = decimal.Int(0)
		}
		for _, in := range card.Indicators {
			if k, ok := index[in.Dimension]; ok {
				sums[k] = sums[k].Add(in.Points)
			}
			if !in.Common {
				note(in)
			}
		}
		for k, sum := range sums {
			if ci == 0 || sum.Less(lo[k]) {
				lo[k] = sum
			}
			if ci == 0 || sum.Greater(hi[k]) {
				hi[k] = sum
			}
		}
	}
	for _, dim := range sch.Dimensions {
		common := decimal.Int(0)
		for _, in := range sch.Indicators {
			if in.Dimension == dim.ID {
				common = common.Add(in.Points)
			}
		}
		md := MethodDimension{
			Link:         Link{URL: b.dimensionURL(cid, dim.ID), Text: dim.Name},
			Description:  dim.Description,
			CommonPoints: exact(common),
		}
		if k := index[dim.ID]; len(c.m.Cards) > 0 {
			md.Range = exact(lo[k])
			if !lo[k].Equal(hi[k]) {
				md.Range += "–" + exact(hi[k])
			}
		}
		d.Dimensions = append(d.Dimensions, md)
	}

	for _, m := range model.Methods {
		if used[m] == 0 {
			continue
		}
		mi := MethodInfo{Key: m, Name: b.methodWord(m), Count: used[m]}
		mi.Formulas = append(mi.Formulas, b.t("formula_"+m))
		if (m == model.Ratio || m == model.Linear || m == model.Bands || m == model.PassFail) && hasLower[m] {
			mi.Formulas = append(mi.Formulas, b.t("formula_"+m+"_lower"))
		}
		d.Methods = append(d.Methods, mi)
	}

	for _, g := range sch.Grades {
		gi := GradeInfo{Name: g.Name, Min: exact(g.Min)}
		if g.Quota != nil {
			gi.Quota = percent(*g.Quota)
			d.QuotaRule = true
		}
		d.Grades = append(d.Grades, gi)
	}
	for _, v := range sch.Vetoes {
		vi := VetoInfo{ID: v.ID, Name: v.Name, MaxGrade: v.MaxGrade}
		if !v.Deduct.IsZero() {
			vi.Deduct = exact(v.Deduct)
		}
		d.Vetoes = append(d.Vetoes, vi)
	}
	for _, in := range sch.Indicators {
		ci := CommonIndicator{
			ID:        in.ID,
			Name:      in.Name,
			Dimension: in.Dimension,
			Unit:      in.Unit,
			Points:    exact(in.Points),
			Method:    b.methodWord(in.Method),
			Direction: b.directionWord(in.Direction),
			Target:    optional(in.Target),
			Floor:     optional(in.Floor),
		}
		if dim := c.dims[in.Dimension]; dim != nil {
			ci.Dimension = dim.Name
		}
		var names []string
		for _, g := range in.Groups {
			if mg := b.groups[g]; mg != nil {
				names = append(names, mg.Name)
			} else {
				names = append(names, g)
			}
		}
		ci.Groups = strings.Join(names, b.t("list_separator"))
		d.Common = append(d.Common, ci)
	}

	return &Page{
		Rel:         cid + "/methodology/",
		Layout:      "methodology.html",
		Title:       b.t("methodology_title", title),
		Description: b.t("methodology_description", title),
		Crumbs:      b.crumbs(d.Cycle, Link{Text: b.t("nav_methodology")}),
		Data:        d,
	}
}
