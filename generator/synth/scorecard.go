package synth

import (
	"fmt"
	"strings"
)

// value is one indicator's reported figures in one cycle, in tenths.
type value struct {
	actual   int
	achieved bool
	missing  bool  // a draft without this figure yet
	progress []int // Q1..Q4, nil: not reported
}

var quarters = []string{"Q1", "Q2", "Q3", "Q4"}

// values draws the figures of every indicator of d in cycle c: common ones first,
// then own ones, in card order.
func (s *site) values(d *dept, c int) []value {
	r := newRand(s.p.Seed, 3, d.i, c)
	level := r.between(85, 103) // how well the department did this year, in percent
	var out []value
	for _, k := range d.commons {
		ci := commonIndicators[k]
		out = append(out, draw(r, ci.template, ci.milestones, level, ci.points))
	}
	for _, o := range d.own {
		out = append(out, draw(r, o.template, o.milestones, level, o.points))
	}
	return out
}

// draw makes up the figures of one indicator for a department performing at level
// percent of its targets.
func draw(r *rng, t template, cumulative bool, level, points int) value {
	var v value
	perf := level + r.between(-8, 5) // percent of target reached
	capPct := func(a int) int {
		if t.unit == "%" && a > 1000 {
			return 1000
		}
		return max(a, 0)
	}
	switch t.v {
	case ratioHigher, bandsHigher:
		v.actual = capPct(t.target * perf / 100)
	case passTarget:
		v.actual = t.target
		if r.chance(5) {
			v.actual = t.target * r.between(80, 99) / 100
		}
	case ratioLower:
		v.actual = max(1, t.target*(200-perf)/100)
	case bandsLower:
		v.actual = max(1, t.target*r.between(40, 250)/100)
	case linearLo:
		step := r.between(20, 110) // percent of the way from floor to target
		v.actual = capPct(t.floor + (t.target-t.floor)*step/100)
	case passAchieved:
		v.achieved = !r.chance(5)
		return v
	case deductEvents:
		switch {
		case r.chance(12):
			v.actual = 20
		case r.chance(5):
			v.actual = 10
		}
	case ratingSurvey:
		v.actual = r.between(750, 985)
	case manualScore:
		v.actual = points * 5 * r.between(60, 100) / 100 // tenths of a point
		return v
	}
	if r.chance(4) {
		return v // no in-year figures reported
	}
	v.progress = make([]int, len(quarters))
	for k := range quarters {
		left := len(quarters) - 1 - k
		switch {
		case cumulative:
			v.progress[k] = v.actual * (k + 1) * r.between(85, 100) / 100 / len(quarters)
		case t.v == deductEvents:
			v.progress[k] = v.actual / 10 * (k + 1) / len(quarters) * 10 // whole events so far
		default:
			v.progress[k] = capPct(v.actual + (v.actual*r.between(-3, 3)*left)/100)
		}
	}
	v.progress[len(quarters)-1] = v.actual
	return v
}

func (s *site) scorecardTOML(d *dept, c int) string {
	y := s.year(c)
	draft := s.draft(d, c)
	vals := s.values(d, c)
	var prev []value
	if c > 0 {
		prev = s.values(d, c-1)
	}
	r := newRand(s.p.Seed, 5, d.i, c)
	if draft {
		// A draft still waits for a few figures.
		for range 2 {
			vals[len(vals)-1-r.intn(len(d.own))].missing = true
		}
	}

	var b strings.Builder
	b.Grow(400 * len(vals))
	fmt.Fprintf(&b, "# %s %d年度绩效考评记分卡（合成数据）\n\n", d.name, y)
	fmt.Fprintf(&b, "department = %s\n", q(d.id))
	if draft {
		b.WriteString("status = \"draft\"\n")
	} else {
		fmt.Fprintf(&b, "status = \"final\"\nevaluated = %d-02-15\n", y+1)
	}
	b.WriteString("\n# ── 共性指标（分值、方法和目标见 scheme.toml）──\n")
	for k, ci := range d.commons {
		t := commonIndicators[ci].template
		fmt.Fprintf(&b, "\n[[indicator]]\nid = %s\n", q(t.slug))
		writeValue(&b, t, vals[k], prev, k)
		if t.v == ratingSurvey {
			fmt.Fprintf(&b, "\n[indicator.survey]\nrespondents = %d\nmethod = %s\nconducted_by = %s\n", r.between(300, 3000), q(pick(r, surveyMethods)), q(pick(r, surveyors)))
		}
	}
	b.WriteString("\n# ── 个性指标 ──\n")
	targetChange := r.chance(10)
	for j, o := range d.own {
		k := len(d.commons) + j
		t := o.template
		fmt.Fprintf(&b, "\n[[indicator]]\nid = %s\nname = %s\ndimension = %s\n", q(o.id), q(o.name), q(t.dim))
		if t.unit != "" {
			fmt.Fprintf(&b, "unit = %s\n", q(t.unit))
		}
		fmt.Fprintf(&b, "points = %s\n", tenths(o.points*5))
		writeMethod(&b, t, o.fail, o.per)
		if t.v == deductEvents && t.slug == "negative-notices" {
			fmt.Fprintf(&b, "max_deduct = %s\n", tenths(o.points*5))
		}
		if o.milestones {
			fmt.Fprintf(&b, "milestones = { Q2 = %s, Q4 = %s }\n", tenths(t.target/2), tenths(t.target))
		}
		writeValue(&b, t, vals[k], prev, k)
		if t.v == manualScore && !vals[k].missing {
			fmt.Fprintf(&b, "justification = %s\n", q(fmt.Sprintf("专家组对照评价细则逐项评审：%s，评定 %s 分。", pick(r, judgements), tenths(vals[k].actual))))
		}
		fmt.Fprintf(&b, "source = %s\nassessor = %s\ndefinition = %s\n", q(t.source), q(o.assessor), q(t.definition))
		if j%5 == 1 {
			b.WriteString("limitations = \"部分基层数据为人工填报，存在一定滞后。\"\n")
		}
		if j%4 == 0 {
			fmt.Fprintf(&b, "evidence = [%s, %s]\n", q(fmt.Sprintf("https://tjj.%s.example.gov.cn/tjsj/%d/%s-%s.html", citySlug, y, d.id, o.id)), q(fmt.Sprintf("云考评办〔%d〕%d号", y+1, 1+r.intn(40))))
		}
		if o.critical {
			b.WriteString("critical = true\n")
		}
		if t.v == ratingSurvey {
			fmt.Fprintf(&b, "\n[indicator.survey]\nrespondents = %d\nmethod = %s\nconducted_by = %s\n", r.between(300, 3000), q(pick(r, surveyMethods)), q(pick(r, surveyors)))
		}
		if targetChange && t.v == ratioHigher && t.target >= 20 {
			targetChange = false
			fmt.Fprintf(&b, "\n[[indicator.target_change]]\nfrom = %s\nto = %s\ndate = %d-06-30\nreason = %s\napproved_by = \"考评办\"\n", tenths(t.target-t.target/10), tenths(t.target), y, q(pick(r, changeReasons)))
		}
	}

	b.WriteString("\n# ── 加减分和一票否决 ──\n")
	if r.chance(5) {
		fmt.Fprintf(&b, "\n[[adjustment]]\nkind = \"bonus\"\npoints = %s\nreason = %s\nbasis = %s\ndate = %d-%02d-%02d\n", tenths(5*r.between(1, 8)), q(pick(r, bonusReasons)), q(fmt.Sprintf("省政府办公厅通报〔%d〕%d号", y, 1+r.intn(60))), y, r.between(3, 12), r.between(1, 28))
		if r.chance(2) {
			fmt.Fprintf(&b, "evidence = [%s]\n", q(fmt.Sprintf("https://www.%s.example.gov.cn/zwgk/tzgg/%d/%s.html", citySlug, y, d.id)))
		}
	}
	if r.chance(6) {
		fmt.Fprintf(&b, "\n[[adjustment]]\nkind = \"penalty\"\npoints = %s\nreason = %s\nbasis = %s\ndate = %d-%02d-%02d\n", tenths(5*r.between(1, 4)), q(pick(r, penaltyReasons)), q(fmt.Sprintf("市考评办通报〔%d〕%d号", y, 1+r.intn(30))), y, r.between(2, 12), r.between(1, 28))
	}
	if r.chance(50) {
		rule := "work-safety"
		if r.chance(3) {
			rule = "data-fraud"
		}
		fmt.Fprintf(&b, "\n[[adjustment]]\nkind = \"veto\"\nrule = %s\nreason = %s\ndate = %d-%02d-%02d\n", q(rule), q(vetoReasons[rule]), y, r.between(2, 12), r.between(1, 28))
	}

	b.WriteString("\n# ── 整改事项 ──\n")
	latest := c == s.p.Cycles-1
	for j := range r.intn(3) {
		o := d.own[r.intn(len(d.own))]
		status := "done"
		if latest {
			status = []string{"open", "in_progress", "done"}[(j+r.intn(3))%3]
		}
		due := y + 1
		if latest && !r.chance(10) {
			due = y + 3 // most open actions are not yet due; about one in ten is overdue
		}
		fmt.Fprintf(&b, "\n[[rectification]]\nissue = %s\naction = %s\nowner = %s\ndue = %d-06-30\nstatus = %s\n", q(o.name+"未达到目标值"), q(pick(r, actions)), q(pick(r, owners)), due, q(status))
		if status == "done" {
			fmt.Fprintf(&b, "done = %d-05-%02d\n", y+1, r.between(1, 28))
		}
	}
	return b.String()
}

// writeValue writes the reported figures of indicator k.
func writeValue(b *strings.Builder, t template, v value, prev []value, k int) {
	if prev != nil && t.v != passAchieved && t.v != manualScore {
		fmt.Fprintf(b, "baseline = %s\n", tenths(prev[k].actual))
	}
	if v.missing {
		return
	}
	switch t.v {
	case passAchieved:
		fmt.Fprintf(b, "achieved = %t\n", v.achieved)
		return
	case manualScore:
		fmt.Fprintf(b, "score = %s\n", tenths(v.actual))
		return
	}
	fmt.Fprintf(b, "actual = %s\n", tenths(v.actual))
	if v.progress != nil {
		var parts []string
		for i, p := range v.progress {
			parts = append(parts, fmt.Sprintf("%s = %s", quarters[i], tenths(p)))
		}
		fmt.Fprintf(b, "progress = { %s }\n", strings.Join(parts, ", "))
	}
}
