package chart

import (
	"strconv"
	"testing"
)

// The charts every scorecard page (a radar) and every department page (lines)
// draws, at the size of a synthetic site's: go test ./generator/chart -bench .
func BenchmarkRadar(b *testing.B) {
	axes := []string{"服务对象", "财务预算", "内部流程", "学习与成长"}
	v := func(f float64) *float64 { return &f }
	series := []Series{
		{Name: "审批局", Values: []*float64{v(66.2), v(89.2), v(77.5), v(73)}, Text: []string{"66.2%", "89.2%", "77.5%", "73.0%"}},
		{Name: "同组平均", Values: []*float64{v(77.5), v(90.1), v(81.7), v(81.5)}, Text: []string{"77.5%", "90.1%", "81.7%", "81.5%"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		Radar("c_2024_admin_approval_radar", "各维度得分率与同组平均（%）", "云州市行政审批服务局各维度得分率，与同组部门平均值比较。", "维度", axes, []float64{100, 100, 100, 100}, series)
	}
}

func BenchmarkLine(b *testing.B) {
	v := func(f float64) *float64 { return &f }
	series := []Series{
		{Name: "实际值", Values: []*float64{v(82.6), v(85.1), v(88)}, Text: []string{"82.6", "85.1", "88"}},
		{Name: "目标值", Values: []*float64{v(90), v(92), v(95)}, Text: []string{"90", "92", "95"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		Line("c_departments_admin_approval_trend_hotline", "12345热线工单按时办结率（%）", "12345热线工单按时办结率从2022年的82.6到2024年的88，数值越高越好。", "考评周期", []string{"2022", "2023", "2024"}, series)
	}
}

// BenchmarkKinds builds one chart of each kind at the size of a real cycle
// (the browser test's charts: 42 departments, six dimensions).
func BenchmarkKinds(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		testCharts()
	}
}

// BenchmarkRanking is a cycle's ranking of 1,000 departments, as every cycle
// and dimension page of a large site draws.
func BenchmarkRanking(b *testing.B) {
	cats := make([]string, 1000)
	s := Series{Name: "总分", Values: make([]*float64, len(cats)), Text: make([]string, len(cats))}
	for i := range cats {
		v := float64(i%97) + 0.25
		cats[i] = "部门" + strconv.Itoa(i)
		s.Values[i], s.Text[i] = &v, strconv.FormatFloat(v, 'f', 2, 64)
	}
	b.ReportAllocs()
	for b.Loop() {
		Ranking("c_2024_ranking", "总分排名", "1000个部门的总分，由高到低排列。", "部门", "总分", cats, s)
	}
}

// BenchmarkHeatMap is a cycle's heat map of 1,000 departments on four
// dimensions, as every cycle page of a large site draws.
func BenchmarkHeatMap(b *testing.B) {
	rows, cols := make([]string, 1000), []string{"服务对象", "财务预算", "内部流程", "学习与成长"}
	values, text := make([][]*float64, len(rows)), make([][]string, len(rows))
	for r := range rows {
		rows[r] = "部门" + strconv.Itoa(r)
		values[r], text[r] = make([]*float64, len(cols)), make([]string, len(cols))
		for c := range cols {
			v := float64((r*7+c*13)%1000) / 10
			values[r][c], text[r][c] = &v, strconv.FormatFloat(v, 'f', 1, 64)+"%"
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		HeatMap("c_2024_heatmap", "各部门各维度得分率（%）", "1000个部门在4个维度上的得分率。", "部门", rows, cols, values, text)
	}
}
