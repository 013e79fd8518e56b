package synth

import (
	"fmt"
	"strings"
)

// total is every scheme's total points.
const total = 100

// commonIndicators are the scheme's common indicators; points are in halves.
var commonIndicators = []struct {
	template
	points     int // halves
	ranked     bool
	milestones bool
}{
	{template: template{slug: "hotline-ontime", name: "12345热线工单按时办结率", unit: "%", dim: "public", v: bandsHigher, target: 950, bands: [][2]int{{800, 60}, {900, 80}, {950, 100}}, source: "12345政务服务便民热线系统", definition: "按时办结工单数 ÷ 应办结工单数 × 100%，分档计分。"}, points: 8},
	{template: template{slug: "gov-transparency", name: "政务公开工作评估", unit: "分", dim: "process", v: ratingSurvey, source: "政务公开第三方评估", definition: "第三方机构按评估指标体系打分（百分制）。"}, points: 6},
	{template: template{slug: "staff-training", name: "干部教育培训学时达标率", unit: "%", dim: "learning", v: ratioHigher, target: 1000, source: "干部网络学院", definition: "学时达标人数 ÷ 在编在岗人数 × 100%。"}, points: 6},
	{template: template{slug: "budget-execution", name: "预算执行率", unit: "%", dim: "finance", v: ratioHigher, target: 950, source: "预算管理一体化系统", definition: "当年实际支出 ÷ 当年预算 × 100%；季度里程碑为序时进度。"}, points: 10, ranked: true, milestones: true},
	{template: template{slug: "carryover-ratio", name: "财政拨款结转结余率", unit: "%", dim: "finance", v: ratioLower, target: 50, source: "部门决算", definition: "年末结转结余 ÷ 当年财政拨款预算 × 100%，越低越好。"}, points: 6, ranked: true},
	{template: template{slug: "audit-issues", name: "审计发现问题", unit: "个", dim: "process", v: deductEvents, source: "审计报告", definition: "每个问题扣 0.5 分，扣完为止。"}, points: 4},
}

// site is the plan of a synthetic site: its departments and their own indicators.
type site struct {
	p     Params
	depts []*dept
}

type dept struct {
	i                        int
	id, name, short, group   string
	website, description     string
	commons                  []int // indexes into commonIndicators that apply
	own                      []*own
	narrative, deptNarrative bool
}

// own is a department's own indicator: the same in every cycle, so it has a trend.
type own struct {
	template
	id, name   string
	points     int // halves
	fail       int // pass_fail: hundredths of the fraction when not met; 0: none
	per        int // deduct: tenths of a point per event
	critical   bool
	milestones bool
	assessor   string
}

func newSite(p Params) *site {
	s := &site{p: p}
	places := placeOrder(p.Seed)
	for i := range p.Departments {
		s.depts = append(s.depts, s.newDept(i, places))
	}
	return s
}

// placeOrder lists the localities below the city in an order drawn from the seed.
func placeOrder(seed int64) []struct{ slug, name string } {
	var out []struct{ slug, name string }
	for _, k := range placeKinds {
		for _, n := range placeNames {
			out = append(out, struct{ slug, name string }{n.slug + "-" + k.slug, n.name + k.name})
		}
	}
	shuffle(newRand(seed, 1), out)
	return out
}

// newDept makes department i: the city's own bureaus first, then each locality's.
func (s *site) newDept(i int, places []struct{ slug, name string }) *dept {
	b := bureaus[i%len(bureaus)]
	block := i / len(bureaus)
	d := &dept{i: i, group: b.group}
	if block == 0 {
		d.id, d.name, d.short = b.slug, cityName+b.name, b.short
		d.website = fmt.Sprintf("https://%s.%s.example.gov.cn/", b.slug, citySlug)
	} else {
		pl := places[(block-1)%len(places)]
		slug, name := pl.slug, pl.name
		if round := (block - 1) / len(places); round > 0 {
			slug, name = fmt.Sprintf("%s-%d", slug, round+1), fmt.Sprintf("%s（%d）", name, round+1)
		}
		d.id, d.name, d.short = slug+"-"+b.slug, name+b.name, name+b.short
		d.website = fmt.Sprintf("https://%s.example.gov.cn/%s/", strings.ReplaceAll(slug, "-", ""), b.slug)
		if b.group == "governance" {
			d.group = "county"
		}
	}
	d.description = b.duty + "。"
	ranked := d.group != "vertical"
	common := 0
	for k, c := range commonIndicators {
		if !c.ranked || ranked {
			d.commons = append(d.commons, k)
			common += c.points
		}
	}
	r := newRand(s.p.Seed, 2, i)
	d.narrative = i%10 == 3
	d.deptNarrative = i%7 == 1
	n := s.p.Indicators - len(d.commons)
	points := split(r, 2*total-common, n)
	used := map[string]int{}
	for k := range n {
		v := variant(k % int(variants))
		var pool []template
		for _, t := range templates {
			if t.v == v {
				pool = append(pool, t)
			}
		}
		// Prefer a template this department does not have yet.
		start := r.intn(len(pool))
		t := pool[start]
		for j := range pool {
			if c := pool[(start+j)%len(pool)]; used[c.slug] == 0 {
				t = c
				break
			}
		}
		used[t.slug]++
		o := &own{template: t, id: t.slug, name: t.name, points: points[k], assessor: pick(r, assessors)}
		if m := used[t.slug]; m > 1 {
			o.id = fmt.Sprintf("%s-%d", t.slug, m)
			o.name = qualifiers[(m-2)%len(qualifiers)] + t.name
			if m-2 >= len(qualifiers) {
				o.name = fmt.Sprintf("%s（%d）", o.name, m)
			}
		}
		switch v {
		case passAchieved:
			if t.slug == "rule-of-law-model" {
				o.fail = 50
			}
		case deductEvents:
			o.per = 20
			if t.slug == "negative-notices" {
				o.per = 10
			}
		case ratioHigher:
			o.milestones = t.unit != "%"
		}
		o.critical = k < 3
		d.own = append(d.own, o)
	}
	return d
}

// split divides units (half-points) among n indicators, each getting at least one
// point when there is room, weighted at random.
func split(r *rng, units, n int) []int {
	out := make([]int, n)
	least := 2
	if units < 2*n {
		least = 1
	}
	rest := units - least*n
	weights := make([]int, n)
	sum := 0
	for i := range weights {
		weights[i] = r.between(1, 4)
		sum += weights[i]
	}
	given := 0
	for i := range out {
		share := rest * weights[i] / sum
		out[i] = least + share
		given += share
	}
	for i := 0; given < rest; i = (i + 1) % n {
		out[i]++
		given++
	}
	return out
}

func (s *site) year(c int) int { return LastCycle - s.p.Cycles + 1 + c }

// draft tells whether a department's scorecard of cycle c is still a draft: about
// one in a hundred in the newest cycle.
func (s *site) draft(d *dept, c int) bool {
	return c == s.p.Cycles-1 && len(s.depts) > 1 && newRand(s.p.Seed, 4, d.i).chance(100)
}

func (s *site) siteTOML() string {
	var b strings.Builder
	b.WriteString("# 合成数据：本站的城市、部门、指标和数字都是程序生成的，不代表任何真实机关。\n\n")
	fmt.Fprintf(&b, "title = %s\n", q(cityName+"部门绩效考评公开（合成数据）"))
	fmt.Fprintf(&b, "base_url = %s\n", q("https://perf."+citySlug+".example.gov.cn/"))
	b.WriteString("language = \"zh-CN\"\ntheme = \"default\"\n")
	fmt.Fprintf(&b, "description = %s\n", q(fmt.Sprintf("%s及所辖区县 %d 个部门 %d 个年度的绩效目标、季度进展、评分、等次、排名和整改情况（合成数据）。", cityName, len(s.depts), s.p.Cycles)))
	b.WriteString("sample_data = true\n\n[feedback]\n")
	fmt.Fprintf(&b, "email = %s\nphone = \"12345\"\nurl = %s\n\n", q("perf@"+citySlug+".example.gov.cn"), q("https://www."+citySlug+".example.gov.cn/hudong/feedback"))
	b.WriteString("[open_data]\nlicense = \"CC BY 4.0\"\n")
	return b.String()
}

func (s *site) departmentsTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s及所辖区县的考评部门（合成数据）\n", cityName)
	for _, g := range groups {
		fmt.Fprintf(&b, "\n[[group]]\nid = %s\nname = %s\nranked = %t\n", q(g.id), q(g.name), g.ranked)
	}
	for _, d := range s.depts {
		fmt.Fprintf(&b, "\n[[department]]\nid = %s\nname = %s\n", q(d.id), q(d.name))
		if d.short != d.name {
			fmt.Fprintf(&b, "short_name = %s\n", q(d.short))
		}
		fmt.Fprintf(&b, "group = %s\nwebsite = %s\ndescription = %s\n", q(d.group), q(d.website), q(d.description))
	}
	return b.String()
}

func (s *site) schemeTOML(c int) string {
	y := s.year(c)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s%d年度部门绩效考评方案（合成数据）\n\n", cityName, y)
	fmt.Fprintf(&b, "title = %s\ntotal = %d\n", q(fmt.Sprintf("%d年度部门绩效考评", y)), total)
	fmt.Fprintf(&b, "targets_published = %d-02-20\nresults_published = %d-03-31\n", y, y+1)
	b.WriteString("periods = [\"Q1\", \"Q2\", \"Q3\", \"Q4\"]\nbonus_cap = 5\npenalty_cap = 10\nstatus = { met = 1.0, near = 0.8 }\n")
	for _, d := range dimensions {
		fmt.Fprintf(&b, "\n[[dimension]]\nid = %s\nname = %s\ndescription = %s\n", q(d.id), q(d.name), q(d.description))
	}
	b.WriteString("\n[[grade]]\nname = \"优秀\"\nmin = 90\nquota = 0.2\n")
	b.WriteString("\n[[grade]]\nname = \"良好\"\nmin = 80\nquota = 0.5\n")
	b.WriteString("\n[[grade]]\nname = \"合格\"\nmin = 60\n")
	b.WriteString("\n[[grade]]\nname = \"不合格\"\nmin = 0\n")
	b.WriteString("\n[[veto]]\nid = \"work-safety\"\nname = \"安全生产一票否决\"\nmax_grade = \"合格\"\n")
	b.WriteString("\n[[veto]]\nid = \"data-fraud\"\nname = \"统计数据造假一票否决\"\nmax_grade = \"不合格\"\ndeduct = 3\n")
	var ranked []string
	for _, g := range groups {
		if g.ranked {
			ranked = append(ranked, q(g.id))
		}
	}
	for _, ci := range commonIndicators {
		t := ci.template
		fmt.Fprintf(&b, "\n[[indicator]]\nid = %s\nname = %s\ndimension = %s\nunit = %s\npoints = %s\n", q(t.slug), q(t.name), q(t.dim), q(t.unit), tenths(ci.points*5))
		writeMethod(&b, t, 0, 0)
		if ci.ranked {
			fmt.Fprintf(&b, "groups = [%s]\n", strings.Join(ranked, ", "))
		}
		if ci.milestones {
			fmt.Fprintf(&b, "milestones = { Q1 = %s, Q2 = %s, Q3 = %s, Q4 = %s }\n", tenths(t.target*20/100), tenths(t.target*45/100), tenths(t.target*70/100), tenths(t.target))
		}
		fmt.Fprintf(&b, "source = %s\nassessor = \"考评办\"\ndefinition = %s\n", q(t.source), q(t.definition))
	}
	return b.String()
}

// direction is "lower" for the templates where less is better.
func (t template) direction() string {
	switch {
	case t.v == ratioLower, t.v == bandsLower, t.v == deductEvents:
		return "lower"
	case t.v == linearLo && t.floor > t.target:
		return "lower"
	}
	return "higher"
}

// writeMethod writes method, direction and the method's parameters.
func writeMethod(b *strings.Builder, t template, fail, per int) {
	method := map[variant]string{
		ratioHigher: "ratio", ratioLower: "ratio", linearLo: "linear", bandsHigher: "bands", bandsLower: "bands",
		passTarget: "pass_fail", passAchieved: "pass_fail", deductEvents: "deduct", ratingSurvey: "rating", manualScore: "manual",
	}[t.v]
	fmt.Fprintf(b, "method = %s\ndirection = %s\n", q(method), q(t.direction()))
	switch t.v {
	case ratioHigher, ratioLower, passTarget:
		fmt.Fprintf(b, "target = %s\n", tenths(t.target))
	case linearLo:
		fmt.Fprintf(b, "target = %s\nfloor = %s\nlo = %s\n", tenths(t.target), tenths(t.floor), hundredths(t.lo))
	case bandsHigher, bandsLower:
		var parts []string
		for _, band := range t.bands {
			parts = append(parts, fmt.Sprintf("[%s, %s]", tenths(band[0]), hundredths(band[1])))
		}
		fmt.Fprintf(b, "bands = [%s]\n", strings.Join(parts, ", "))
	case deductEvents:
		if per == 0 {
			per = 5
		}
		fmt.Fprintf(b, "per = %s\n", tenths(per))
	}
	if fail > 0 {
		fmt.Fprintf(b, "fail = %s\n", hundredths(fail))
	}
}
