package opendata

import (
	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// The fixture: two groups (economic is ranked, service is not), four departments,
// two cycles. 2024 uses every scoring method, a bonus and a penalty over their caps
// and a veto; 2025 has a quota that demotes and a draft with a pending indicator.
// Every figure the tests expect is worked out by hand in the comments.

func dm(s string) decimal.D { return decimal.MustParse(s) }

func dp(s string) *decimal.D {
	d := decimal.MustParse(s)
	return &d
}

func bp(b bool) *bool { return &b }

func day(y, m, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

// today is the day rectifications are counted overdue from.
var today = day(2025, 4, 1)

// Names that a spreadsheet would run as formulas.
const (
	alphaName   = `=HYPERLINK("http://evil.example","x")`
	bravoName   = "+cmd"
	charlieName = "@SUM(1)"
	deltaName   = "-2+3"
	hostile     = "He said \"hi\", then\nleft"
)

func budgetDef(points, target string) *model.Indicator {
	return &model.Indicator{ID: "budget-execution", Name: "预算执行率", Dimension: "finance", Unit: "%",
		Points: dm(points), Method: model.Ratio, Direction: model.Higher, Target: dp(target),
		Source: "财政局", Common: true}
}

// budget is the common indicator merged with a card's actual.
func budget(points, target, actual string) *model.Indicator {
	in := budgetDef(points, target)
	in.Actual = dp(actual)
	return in
}

// own2024 is the economic group's own indicators of 2024 (with budget: 100 points).
func own2024(startup, coverage string, plan *bool, planActual, incidents, satisfaction, panel string) []*model.Indicator {
	var planA *decimal.D
	if planActual != "" {
		planA = dp(planActual)
	}
	return []*model.Indicator{
		{ID: "startup-days", Name: "企业开办平均用时", Dimension: "process", Unit: "工作日", Points: dm("20"),
			Method: model.Linear, Direction: model.Lower, Target: dp("1"), Floor: dp("3"), Actual: dp(startup)},
		{ID: "coverage", Name: "覆盖率", Dimension: "public", Unit: "%", Points: dm("15"), Method: model.Bands,
			Bands:  []model.Band{{Threshold: dm("50"), Fraction: dm("0.5")}, {Threshold: dm("80"), Fraction: dm("0.8")}, {Threshold: dm("95"), Fraction: dm("1")}},
			Actual: dp(coverage)},
		{ID: "plan-filed", Name: "规划按时报送", Dimension: "process", Points: dm("10"), Method: model.PassFail,
			Target: dp("1"), Actual: planA, Achieved: plan},
		{ID: "incidents", Name: "投诉事件", Dimension: "process", Unit: "件", Points: dm("15"), Method: model.Deduct,
			Per: dp("0.5"), Actual: dp(incidents)},
		{ID: "satisfaction", Name: "群众满意度", Dimension: "public", Points: dm("20"), Method: model.Rating,
			Actual: dp(satisfaction), Baseline: dp("-1.5"), Survey: &model.Survey{Respondents: 1200, Method: "短信随机抽样"}},
		{ID: "panel", Name: "专家评议", Dimension: "public", Points: dm("10"), Method: model.Manual,
			Score: dp(panel), Justification: "专家组评议"},
	}
}

func scheme2024() *model.Scheme {
	return &model.Scheme{
		Title: "2024年度部门绩效考评", Total: dm("100"),
		TargetsPublished: day(2024, 2, 20), ResultsPublished: day(2025, 3, 31),
		Periods:  []string{"Q1", "Q2", "Q3", "Q4"},
		BonusCap: dp("2"), PenaltyCap: dp("3"),
		StatusMet: dm("1"), StatusNear: dm("0.8"),
		Dimensions: []*model.Dimension{
			{ID: "public", Name: "服务对象"}, {ID: "finance", Name: "财务预算"}, {ID: "process", Name: "内部流程"},
		},
		Grades: []*model.Grade{
			{Name: "优秀", Min: dm("90"), Quota: dp("0.34")}, {Name: "良好", Min: dm("80")},
			{Name: "合格", Min: dm("60")}, {Name: "不合格", Min: dm("0")},
		},
		Vetoes:     []*model.Veto{{ID: "work-safety", Name: "安全生产一票否决", MaxGrade: "不合格", Deduct: dm("2")}},
		Indicators: []*model.Indicator{budgetDef("10", "95")},
	}
}

func cards2024() []*model.Scorecard {
	// alpha: 10.00 + 18.00 + 12.00 + 10.00 + 13.50 + 17.70 + 9.00 = 90.20;
	// bonus 1.5 + 1 capped at 2 (counted 1.50, 0.50) → total 92.20, 优秀 (the only
	// holder, quota floor(0.34 × 3) = 1), rank 2 behind charlie.
	alpha := &model.Scorecard{Department: "alpha", Evaluated: day(2025, 2, 15),
		Indicators: append([]*model.Indicator{budget("10", "95", "97.3")}, own2024("1.2", "90", nil, "1", "3", "88.5", "9")...),
		Adjustments: []*model.Adjustment{
			{Kind: model.Bonus, Points: dm("1.5"), Reason: "改革经验获省级推广", Basis: "省通报〔2024〕12号", Date: day(2024, 11, 5)},
			{Kind: model.Bonus, Points: dm("1"), Reason: "获评先进", Date: day(2024, 12, 1)},
		},
		Rectifications: []*model.Rectification{
			{Issue: "按时办结率未达标", Action: "增设窗口", Owner: "消保科", Due: day(2025, 3, 1), Status: model.Open},
			{Issue: "预算执行偏慢", Owner: "财务科", Due: day(2025, 1, 1), Status: model.Done, Done: day(2024, 12, 20)},
		},
	}
	// progress: budget Q1 20.5 against the target 95 → at risk; startup-days Q2 1.4
	// against the milestone 1.5 → on track, Q4 1.2 against 1.0 → 0.9, behind.
	alpha.Indicators[0].Progress = model.PeriodValues{{Period: "Q1", Value: dm("20.5")}}
	alpha.Indicators[1].Milestones = model.PeriodValues{{Period: "Q2", Value: dm("1.5")}, {Period: "Q4", Value: dm("1.0")}}
	alpha.Indicators[1].Progress = model.PeriodValues{{Period: "Q2", Value: dm("1.4")}, {Period: "Q4", Value: dm("1.2")}}

	// bravo: 9.50 + 5.00 + 15.00 + 0.00 + 0.00 + 18.20 + 10.00 = 57.70; penalty 1 →
	// 56.70, 不合格, rank 3.
	bravo := &model.Scorecard{Department: "bravo",
		Indicators:  append([]*model.Indicator{budget("10", "95", "90.25")}, own2024("2.5", "96", nil, "0", "40", "91", "10")...),
		Adjustments: []*model.Adjustment{{Kind: model.Penalty, Points: dm("1"), Reason: "通报批评"}},
	}
	// charlie: 10.00 + 20.00 + 15.00 + 10.00 (achieved) + 15.00 + 19.00 + 8.50 = 97.50;
	// veto work-safety deducts 2 → 95.50 and caps the grade at 不合格; rank 1.
	charlie := &model.Scorecard{Department: "charlie",
		Indicators:  append([]*model.Indicator{budget("10", "95", "100")}, own2024("1.0", "95", bp(true), "", "0", "95", "8.5")...),
		Adjustments: []*model.Adjustment{{Kind: model.VetoAdj, Rule: "work-safety", Reason: "发生较大安全事故", Date: day(2024, 8, 1)}},
	}
	// delta (unranked): every worked example of SPEC §7 and the lower-is-better variants.
	delta := &model.Scorecard{Department: "delta",
		Indicators: []*model.Indicator{
			budget("10", "95", "95"), // 1 → 10.00 met
			{ID: "wait-days", Name: "平均等待天数", Dimension: "process", Points: dm("8"), Method: model.Ratio,
				Direction: model.Lower, Target: dp("2"), Actual: dp("2.5")}, // 2/2.5 = 0.8 → 6.40 near
			{ID: "quality", Name: "质量指数", Dimension: "public", Points: dm("10"), Method: model.Linear,
				Lo: dp("0.6"), Target: dp("100"), Floor: dp("60"), Actual: dp("80")}, // 0.6 + 0.4 × 0.5 = 0.8 → 8.00 near
			{ID: "audit", Name: "审计整改率", Dimension: "finance", Points: dm("3"), Method: model.Ratio,
				Target: dp("100"), Actual: dp("83.5")}, // 0.835 → 2.505 → 2.51 near
			{ID: "accidents", Name: "责任事故", Dimension: "process", Points: dm("5"), Method: model.Deduct,
				Per: dp("0.5"), Actual: dp("3")}, // (5 − 1.5)/5 = 0.7 → 3.50 missed
			{ID: "rating", Name: "服务评价", Dimension: "public", Points: dm("20"), Method: model.Rating,
				Actual: dp("80")}, // 0.8 → 16.00 near
			{ID: "review", Name: "综合评议", Dimension: "public", Points: dm("10"), Method: model.Manual,
				Score: dp("7.25"), Justification: "评议"}, // 0.725 → 7.25 missed
			{ID: "backlog", Name: "积压件数", Dimension: "process", Points: dm("15"), Method: model.Bands,
				Direction: model.Lower, Actual: dp("2"),
				Bands: []model.Band{{Threshold: dm("1"), Fraction: dm("1")}, {Threshold: dm("3"), Fraction: dm("0.6")}, {Threshold: dm("5"), Fraction: dm("0.2")}},
			}, // lowest threshold ≥ 2 is 3 → 0.6 → 9.00 missed
			{ID: "response", Name: "响应时限", Dimension: "process", Points: dm("19"), Method: model.PassFail,
				Direction: model.Lower, Target: dp("5"), Actual: dp("6"), Fail: dp("0.5")}, // not met → 0.5 → 9.50 missed
		},
		// 72.16; penalties 2 + 3 capped at 3 (counted 2.00, 1.00) → 69.16, 合格, unranked.
		Adjustments: []*model.Adjustment{
			{Kind: model.Penalty, Points: dm("2"), Reason: "迟报"},
			{Kind: model.Penalty, Points: dm("3"), Reason: "漏报"},
		},
		Rectifications: []*model.Rectification{
			{Issue: hostile, Action: "=cmd|' /C calc'!A0", Owner: "办公室", Due: day(2025, 6, 30), Status: model.InProgress},
		},
	}
	return []*model.Scorecard{alpha, bravo, charlie, delta}
}

func scheme2025() *model.Scheme {
	return &model.Scheme{
		Title: "2025年度部门绩效考评", Total: dm("100"),
		Dimensions: []*model.Dimension{{ID: "public", Name: "服务对象"}, {ID: "finance", Name: "财务预算"}},
		Grades: []*model.Grade{
			{Name: "优秀", Min: dm("90"), Quota: dp("0.5")}, {Name: "良好", Min: dm("80")},
			{Name: "合格", Min: dm("60")}, {Name: "不合格", Min: dm("0")},
		},
		Indicators: []*model.Indicator{budgetDef("50", "100")},
	}
}

func rating2025(actual string) *model.Indicator {
	in := &model.Indicator{ID: "satisfaction", Name: "群众满意度", Dimension: "public", Points: dm("50"), Method: model.Rating}
	if actual != "" {
		in.Actual = dp(actual)
	}
	return in
}

func cards2025() []*model.Scorecard {
	return []*model.Scorecard{
		// 50.00 + 45.00 = 95.00: 优秀, rank 1 (quota floor(0.5 × 2) = 1: charlie is a draft).
		{Department: "alpha", Indicators: []*model.Indicator{budget("50", "100", "100"), rating2025("90")}},
		// 46.00 + 46.00 = 92.00: 优秀 by score, the quota drops it to 良好; rank 2.
		{Department: "bravo", Indicators: []*model.Indicator{budget("50", "100", "92"), rating2025("92")}},
		// draft: 48.65 + pending 0.00 = 48.65; no grade, no rank.
		{Department: "charlie", Draft: true, Indicators: []*model.Indicator{budget("50", "100", "97.3"), rating2025("")}},
		// 40.00 + 35.00 = 75.00: 合格, unranked.
		{Department: "delta", Indicators: []*model.Indicator{budget("50", "100", "80"), rating2025("70")}},
	}
}

func fixture() *model.Site {
	return &model.Site{
		Config: model.Config{Title: "松岭市部门绩效考评公开", BaseURL: "https://perf.example.gov.cn/",
			OpenData: model.OpenData{License: "CC BY 4.0"}},
		Groups: []*model.Group{
			{ID: "service", Name: "社会服务类", Ranked: false},
			{ID: "economic", Name: "经济发展类", Ranked: true},
		},
		Departments: []*model.Department{
			{ID: "alpha", Name: alphaName, Group: "economic"},
			{ID: "bravo", Name: bravoName, Group: "economic"},
			{ID: "charlie", Name: charlieName, ShortName: "丙", Group: "economic"},
			{ID: "delta", Name: deltaName, Group: "service", Website: "https://delta.example.gov.cn/"},
		},
		Cycles: []*model.Cycle{
			{ID: "2024", Scheme: scheme2024(), Cards: cards2024()},
			{ID: "2025", Scheme: scheme2025(), Cards: cards2025()},
		},
	}
}
