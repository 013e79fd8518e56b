package chart

import (
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
)

// screenshots names a folder for PNGs of the test page as each view drew it,
// for a person to look at: go test -run Browser ./generator/chart -args -screenshots DIR
var screenshots = flag.String("screenshots", "", "write PNGs of the browser test's pages to this folder")

// The page the browser test draws: the theme's partial for each chart, the
// theme's charts.js and ECharts, under a Content-Security-Policy as strict as
// the site's (no inline script or style), in Chinese like the real site.
const testPage = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:">
<title>图表测试</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="test.css">
{{if .ECharts}}<script src="assets/echarts/echarts.min.js" defer></script>
{{end}}<script src="assets/charts.js" defer></script>
</head>
<body>
<main>
<h1>图表测试</h1>
{{range .Charts}}{{template "chart" .}}
{{end}}</main>
</body>
</html>
`

// testCSS stands in for the theme's stylesheet: what the partial needs to
// fit a phone (a table scrolls inside its region) and show keyboard focus.
const testCSS = `body { margin: 0 auto; max-width: 60rem; padding: 0 1rem; font-family: sans-serif; }
figure { margin: 1.5rem 0; }
.table-scroll { overflow-x: auto; }
.table-scroll:focus { outline: 3px solid #3a78c9; outline-offset: 2px; }
table { border-collapse: collapse; }
th, td { padding: 0.25rem 0.5rem; text-align: left; white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #eeeeee; }
}
`

// testCharts are one chart of each kind at the size of a real cycle: 42
// departments, some with long names, six dimensions, gaps.
func testCharts() []Chart {
	const n = 42
	depts := make([]string, n)
	totals := make([]*float64, n)
	text := make([]string, n)
	rates := make([][]*float64, n)
	for i := range depts {
		depts[i] = fmt.Sprintf("第%02d号部门", i+1)
		if i%7 == 3 {
			depts[i] = fmt.Sprintf("某某市市场监督管理局第%d分局综合执法支队", i)
		}
		v := 60 + float64((i*37)%400)/10
		totals[i] = &v
		text[i] = fmt.Sprintf("%.2f", v)
		rates[i] = make([]*float64, 6)
		for d := range rates[i] {
			if (i+d)%11 != 0 {
				r := float64((i*13+d*29)%1001) / 10
				rates[i][d] = &r
			}
		}
	}
	totals[5], text[5] = nil, ""
	dims := []string{"履职尽责", "服务效能", "创新发展", "党建引领", "满意度评价", "加减分"}
	grades := []string{"优秀", "良好", "一般", "较差"}
	years := []string{"2021", "2022", "2023", "2024"}
	return []Chart{
		Ranking(ID("2024/", "ranking"), "总分排名", "42个部门的总分，由高到低排列。", "部门", "总分",
			depts, Series{Name: "总分", Values: totals, Text: text}),
		Distribution(ID("2024/", "grades"), "等次分布", "各等次的部门数量。", "等次", "部门数",
			grades, []int{8, 20, 12, 2}),
		HeatMap(ID("2024/", "heatmap"), "维度得分率", "各部门在六个维度上的得分率（%）。", "部门",
			depts, dims, rates, nil),
		Radar(ID("2024/tax/", "radar"), "维度得分", "本部门与组平均在各维度上的得分。", "维度",
			dims, []float64{30, 20, 20, 10, 15, 5}, []Series{
				{Name: "税务局", Values: []*float64{num(27), num(18.5), num(15), nil, num(14), num(3)}},
				{Name: "组平均", Values: []*float64{num(25.5), num(16), num(17), num(8), num(12.5), num(2)}},
			}),
		Line(ID("departments/tax/", "totals"), "历年总分", "税务局各年度的总分，2022年无数据。", "年度",
			years, []Series{{Name: "总分", Values: []*float64{num(85), nil, num(88.5), num(91.25)}}}),
		Line(ID("departments/tax/", "trends"), "指标趋势", "三项指标各年度的得分。", "年度",
			years, []Series{
				{Name: "A1", Values: []*float64{num(8), num(9), num(9.5), num(10)}},
				{Name: "A2 办件时长", Values: []*float64{nil, num(6), num(7), num(7.5)}},
				{Name: "A3", Values: []*float64{num(4), num(4), nil, num(5)}},
			}),
		Ranking(ID("2024/", "hostile"), `</script><script>window.pwned=1</script>`, "恶意名称不应执行。", "部门", "总分",
			[]string{`</script><script>window.pwned=2</script>`, `<img src=x onerror="window.pwned=3">`},
			Series{Name: `</script><script>window.pwned=4</script>`, Values: []*float64{num(1), num(2)}}),
	}
}

// writeSite writes the test page (with and without ECharts) and the theme's
// scripts into a temporary folder.
func writeSite(t *testing.T, charts []Chart) string {
	t.Helper()
	dir := t.TempDir()
	theme := filepath.Join("..", "..", "themes", "default", "static")
	for _, f := range []string{"assets/charts.js", "assets/echarts/echarts.min.js"} {
		b, err := os.ReadFile(filepath.Join(theme, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tpl := template.Must(partial(t).New("page").Parse(testPage))
	for name, withECharts := range map[string]bool{"index.html": true, "plain.html": false} {
		var b strings.Builder
		if err := tpl.ExecuteTemplate(&b, "page", map[string]any{"Charts": charts, "ECharts": withECharts}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "test.css"), []byte(testCSS), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// drawn is what the browser reports about one chart's drawing element.
type drawn struct {
	ID       string  `json:"id"`
	Instance bool    `json:"instance"`
	Canvas   bool    `json:"canvas"`
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
	Label    string  `json:"label"`
	Dark     bool    `json:"dark"`
}

const inspect = `Array.from(document.querySelectorAll('script[data-chart-for]')).map(s => {
  const el = document.getElementById(s.dataset.chartFor);
  const inst = window.echarts && echarts.getInstanceByDom(el);
  const r = el.getBoundingClientRect();
  return {id: el.id, instance: !!inst, canvas: !!el.querySelector('canvas'),
    width: r.width, height: r.height, label: el.getAttribute('aria-label') || '',
    dark: !!inst && inst.getOption().darkMode === true};
})`

func TestChartsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	charts := testCharts()
	dir := writeSite(t, charts)
	base := browsertest.Serve(t, dir, "/")
	b := browsertest.NewBrowser(t)

	dark := browsertest.Desktop
	dark.ColorScheme = "dark"
	for _, view := range []struct {
		name string
		opts browsertest.Options
	}{{"phone", browsertest.Phone}, {"desktop-dark", dark}} {
		t.Run(view.name, func(t *testing.T) {
			p := b.Open(t, base, view.opts)
			if errs := p.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
			}
			if failed := p.FailedRequests(); len(failed) > 0 {
				t.Errorf("failed requests: %v", failed)
			}
			var got []drawn
			p.Eval(t, inspect, &got)
			if len(got) != len(charts) {
				t.Fatalf("%d charts on the page, want %d", len(got), len(charts))
			}
			for i, d := range got {
				c := charts[i]
				if d.ID != c.ID || !d.Instance || !d.Canvas {
					t.Errorf("%s: not drawn: %+v", c.ID, d)
				}
				if d.Height != float64(c.Height) || d.Width <= 0 {
					t.Errorf("%s: %v×%v px, want height %d", c.ID, d.Width, d.Height, c.Height)
				}
				if d.Label != c.Label() {
					t.Errorf("%s: aria-label %q, want %q", c.ID, d.Label, c.Label())
				}
				if d.Dark != (view.opts.ColorScheme == "dark") {
					t.Errorf("%s: dark theme %v in %s", c.ID, d.Dark, view.name)
				}
			}
			var pwned any
			p.Eval(t, `window.pwned === undefined ? null : window.pwned`, &pwned)
			if pwned != nil {
				t.Errorf("a chart's text ran as script: window.pwned = %v", pwned)
			}
			if view.opts.Mobile && p.HorizontalOverflow(t) {
				t.Error("the page is wider than a 360 px phone")
			}
			for _, v := range p.RunAxe(t, browsertest.AxePath(t), nil) {
				t.Errorf("axe: %s", v)
			}
			if *screenshots != "" {
				p.Screenshot(t, filepath.Join(*screenshots, view.name+".png"))
			}
		})
	}

	t.Run("no-javascript", func(t *testing.T) {
		p := b.Open(t, base, browsertest.Options{Width: 360, Height: 740, Mobile: true})
		var n struct {
			Canvases int `json:"canvases"`
			Rows     int `json:"rows"`
		}
		p.Eval(t, `({canvases: document.querySelectorAll('canvas').length,
			rows: document.querySelectorAll('.chart tbody tr').length})`, &n)
		want := 0
		for _, c := range charts {
			want += len(c.Table.Rows)
		}
		if n.Canvases != 0 || n.Rows != want {
			t.Errorf("without JavaScript: %d canvases, %d table rows; want 0 and %d", n.Canvases, n.Rows, want)
		}
		if p.HorizontalOverflow(t) {
			t.Error("without JavaScript the page is wider than a 360 px phone")
		}
	})

	t.Run("no-echarts", func(t *testing.T) {
		p := b.Open(t, base+"plain.html", browsertest.Phone)
		if errs := p.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("console errors without ECharts:\n%s", strings.Join(errs, "\n"))
		}
		var canvases int
		p.Eval(t, `document.querySelectorAll('canvas').length`, &canvases)
		if canvases != 0 {
			t.Errorf("%d canvases without ECharts", canvases)
		}
	})

	t.Run("valid-html", func(t *testing.T) {
		for _, line := range browsertest.RunVNU(t, []string{filepath.Join(dir, "index.html")}) {
			t.Error(line)
		}
	})
}
