package render

import (
	"html/template"

	"perfsite/generator/chart"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// DepartmentData is one department across cycles (layout department.html).
type DepartmentData struct {
	ID          string
	Name        string
	ShortName   string
	Description string
	Website     string
	Group       string
	Narrative   template.HTML // content/departments/<id>.md
	Cycles      []HistoryRow  // oldest first
	TotalsChart *chart.Chart
	TrendCycles []string       // the columns of Trends: cycles with a scorecard, oldest first
	Trends      []TrendRow     // one per indicator id
	TrendCharts []*chart.Chart // the actual against the target over the cycles, for key indicators

	b *builder // for the trends table's rows: see rows.go
}

// HistoryRow is the department's result in one cycle.
type HistoryRow struct {
	Cycle       string
	Link        Link // the scorecard page
	Total       string
	Grade       string
	RankGroup   int
	RankOverall int
	Draft       bool
	Change      Change
}

// TrendRow is one indicator over the cycles.
type TrendRow struct {
	ID        string
	Name      string
	Unit      string
	Direction string   // in words
	Values    []string // the actual in each of TrendCycles, "" when absent
	Trend     Status   // the latest change, read through the direction; empty when unknown
}

// DepartmentsData lists every department by group (layout departments.html;
// the search page shows the same list).
type DepartmentsData struct {
	Narrative template.HTML // content/departments/_index.md
	Groups    []DepartmentGroup
}

// DepartmentGroup is one group of departments.
type DepartmentGroup struct {
	ID          string
	Name        string
	Ranked      bool
	Departments []DepartmentEntry
}

// DepartmentEntry is one department in a list.
type DepartmentEntry struct {
	ID          string
	Link        Link // /departments/<id>/
	ShortName   string
	Description string
	Latest      Link // its newest scorecard, URL "" when none
}

func (b *builder) departmentPage(md *model.Department) *Page {
	d := &DepartmentData{
		b:           b,
		ID:          md.ID,
		Name:        b.deptName(md.ID),
		ShortName:   md.ShortName,
		Description: md.Description,
		Website:     md.Website,
		Group:       md.Group,
	}
	if g := b.groups[md.Group]; g != nil {
		d.Group = g.Name
	}
	d.Narrative, _ = b.narrative("content/departments/" + md.ID + ".md")

	provisional := false
	// Each indicator's result in each cycle with a scorecard (a column of
	// Trends); nil where the indicator is absent.
	type trend struct {
		per  []*score.Past
		last *score.Past
	}
	results, cycles := make([]*score.Department, 0, len(b.cycles)), make([]*cycleData, 0, len(b.cycles))
	d.TrendCycles = make([]string, 0, len(b.cycles))
	for _, c := range b.cycles {
		if r := c.byID[md.ID]; r != nil {
			results, cycles = append(results, r), append(cycles, c)
			d.TrendCycles = append(d.TrendCycles, c.m.ID)
		}
	}
	n := len(results)
	pasts := make([][]score.Past, n)
	most := 0
	for col, r := range results {
		pasts[col] = r.Pasts()
		most = max(most, len(pasts[col]))
	}
	trends := make([]trend, 0, most) // in the order indicators first appear
	index := make(map[string]int, most)
	slab := make([]*score.Past, most*n) // the trends' per, made at once
	d.Cycles = make([]HistoryRow, 0, n)
	for col, r := range results {
		c := cycles[col]
		provisional = provisional || r.Draft
		d.Cycles = append(d.Cycles, HistoryRow{
			Cycle:       c.m.ID,
			Link:        Link{URL: b.url(c.m.ID + "/" + md.ID + "/"), Text: orID(c.m.Scheme.Title, c.m.ID)},
			Total:       points(r.Total),
			Grade:       r.Grade,
			RankGroup:   r.RankGroup,
			RankOverall: r.RankOverall,
			Draft:       r.Draft,
			Change:      b.change(r),
		})
		for i := range pasts[col] {
			in := &pasts[col][i]
			k, ok := index[in.ID]
			if !ok {
				k = len(trends)
				index[in.ID] = k
				if len(slab) < n {
					slab = make([]*score.Past, most*n)
				}
				trends = append(trends, trend{per: slab[:n:n]})
				slab = slab[n:]
			}
			trends[k].per[col], trends[k].last = in, in
		}
	}
	d.Trends = make([]TrendRow, 0, len(trends))
	values := make([]string, len(trends)*n) // the rows' Values, made at once
	critical := 0
	for i := range trends {
		if trends[i].last.Critical {
			critical++
		}
	}
	// The key indicators' charts' series, made at once: an actual and a
	// target for each cycle.
	drawn, numbers, targets := make([]*float64, 2*critical*n), make([]float64, 2*critical*n), make([]string, critical*n)
	var tx texts
	for i := range trends {
		t := &trends[i]
		row := TrendRow{
			ID:        t.last.ID,
			Name:      t.last.Name,
			Unit:      t.last.Unit,
			Direction: b.directionWord(t.last.Direction),
			Values:    values[i*n : (i+1)*n : (i+1)*n],
			Trend:     b.status(t.last.Trend),
		}
		for col, in := range t.per {
			if in != nil {
				row.Values[col] = tx.optional(in.Actual)
			}
		}
		d.Trends = append(d.Trends, row)
		if !t.last.Critical {
			continue
		}
		actual := chart.Series{Values: drawn[:n:n], Text: row.Values}
		target := chart.Series{Values: drawn[n : 2*n : 2*n], Text: targets[:n:n]}
		fa, ft := numbers[:n:n], numbers[n:2*n:2*n]
		drawn, numbers, targets = drawn[2*n:], numbers[2*n:], targets[n:]
		anyTarget := false
		for col, in := range t.per {
			if in == nil {
				continue
			}
			if in.Actual != nil {
				fa[col] = in.Actual.Float64()
				actual.Values[col] = &fa[col]
			}
			if in.Target != nil {
				ft[col] = in.Target.Float64()
				target.Values[col] = &ft[col]
			}
			target.Text[col] = tx.optional(in.Target)
			anyTarget = anyTarget || in.Target != nil
		}
		if ch := b.trendChart(md.ID, t.last, d.TrendCycles, actual, target, anyTarget); ch != nil {
			d.TrendCharts = append(d.TrendCharts, ch)
		}
	}
	d.TotalsChart = b.totalsChart(md.ID, d.Cycles, results)

	p := &Page{
		Rel:         "departments/" + md.ID + "/",
		Layout:      "department.html",
		Title:       d.Name,
		Description: md.Description,
		Provisional: provisional,
		Charts:      d.TotalsChart != nil || len(d.TrendCharts) > 0,
		Crumbs:      b.crumbs(Link{URL: b.url("departments/"), Text: b.t("departments_title")}, Link{Text: d.Name}),
		Data:        d,
	}
	return p
}

func (b *builder) departmentsPage() *Page {
	d := b.departmentList()
	d.Narrative, _ = b.narrative("content/departments/_index.md")
	return &Page{
		Rel:    "departments/",
		Layout: "departments.html",
		Title:  b.t("departments_title"),
		Crumbs: b.crumbs(Link{Text: b.t("departments_title")}),
		Data:   d,
	}
}

// departmentList groups every department of departments.toml, in file order.
func (b *builder) departmentList() *DepartmentsData {
	d := &DepartmentsData{}
	index := map[string]int{}
	for _, g := range b.s.Groups {
		index[g.ID] = len(d.Groups)
		d.Groups = append(d.Groups, DepartmentGroup{ID: g.ID, Name: g.Name, Ranked: g.Ranked})
	}
	for _, md := range b.s.Departments {
		i, ok := index[md.Group]
		if !ok {
			i = len(d.Groups)
			index[md.Group] = i
			d.Groups = append(d.Groups, DepartmentGroup{ID: md.Group, Name: md.Group})
		}
		e := DepartmentEntry{
			ID:          md.ID,
			Link:        Link{URL: b.url("departments/" + md.ID + "/"), Text: b.deptName(md.ID)},
			ShortName:   md.ShortName,
			Description: md.Description,
		}
		for j := len(b.cycles) - 1; j >= 0; j-- {
			c := b.cycles[j]
			if c.byID[md.ID] != nil {
				e.Latest = Link{URL: b.url(c.m.ID + "/" + md.ID + "/"), Text: orID(c.m.Scheme.Title, c.m.ID)}
				break
			}
		}
		d.Groups[i].Departments = append(d.Groups[i].Departments, e)
	}
	var out []DepartmentGroup
	for _, g := range d.Groups {
		if len(g.Departments) > 0 {
			out = append(out, g)
		}
	}
	d.Groups = out
	return d
}
