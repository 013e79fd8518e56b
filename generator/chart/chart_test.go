package chart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func num(v float64) *float64 { return &v }

// decode unmarshals a chart's option, failing the test on invalid JSON.
func decode(t *testing.T, c Chart) map[string]any {
	t.Helper()
	if !json.Valid(c.Option) {
		t.Fatalf("%s: option is not valid JSON: %s", c.ID, c.Option)
	}
	var m map[string]any
	if err := json.Unmarshal(c.Option, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// get walks an option by object keys and array indexes.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T is not an object", path[:i], v)
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("option has no %v", path[:i+1])
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("at %v: no element %d in %v", path[:i], k, v)
			}
			v = a[k]
		}
	}
	return v
}

func strs(v any) []string {
	a, _ := v.([]any)
	out := make([]string, len(a))
	for i, e := range a {
		out[i] = fmt.Sprint(e)
	}
	return out
}

// values lists the "value" of each data item of series i.
func values(t *testing.T, m map[string]any, i int) []any {
	t.Helper()
	var out []any
	for _, d := range get(t, m, "series", i, "data").([]any) {
		out = append(out, d.(map[string]any)["value"])
	}
	return out
}

// labels lists each data item's label formatter of series i ("" for none).
func labels(t *testing.T, m map[string]any, i int) []string {
	t.Helper()
	var out []string
	for _, d := range get(t, m, "series", i, "data").([]any) {
		l, _ := d.(map[string]any)["label"].(map[string]any)
		f, _ := l["formatter"].(string)
		out = append(out, f)
	}
	return out
}

func TestID(t *testing.T) {
	tests := []struct {
		page, name, want string
	}{
		{"2024/market-regulation/", "radar", "c_2024_market_regulation_radar"},
		{"/", "ranking", "c_ranking"},
		{"", "", "c"},
		{"2024/", "grade-distribution", "c_2024_grade_distribution"},
		{"departments/tax/", "trend.A1", "c_departments_tax_trend_A1"},
		{"a--b//", "_x_", "c_a_b_x"},
		{"departments/", "趋势", "c_departments_x8d8b_x52bf"},
		{"é/", "x", "c_xe9_x"},
		{"2024/", "9", "c_2024_9"},
	}
	for _, tt := range tests {
		if got := ID(tt.page, tt.name); got != tt.want {
			t.Errorf("ID(%q, %q) = %q, want %q", tt.page, tt.name, got, tt.want)
		}
	}
}

var jsIdent = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func TestIDIsIdentifierAndDistinct(t *testing.T) {
	pages := []string{"/", "2024/", "2025/", "2024/market-regulation/", "2024/tax/", "departments/tax/",
		"2024/dimensions/service/", "2024/市场监管局/", "2024/市场监督局/"}
	names := []string{"ranking", "grades", "heatmap", "radar", "trend", "trend-A1", "trend-A2", "指标一", "指标二"}
	seen := map[string]string{}
	for _, p := range pages {
		for _, n := range names {
			id := ID(p, n)
			if !jsIdent.MatchString(id) || strings.Contains(id, "-") {
				t.Errorf("ID(%q, %q) = %q is not a JS identifier", p, n, id)
			}
			if prev, dup := seen[id]; dup {
				t.Errorf("ID(%q, %q) = %q, the same as for %s", p, n, id, prev)
			}
			seen[id] = p + " " + n
		}
	}
}

func TestBuilderKeepsOrDerivesID(t *testing.T) {
	if c := Distribution("c_ok_1", "t", "s", "g", "n", nil, nil); c.ID != "c_ok_1" {
		t.Errorf("a valid id changed to %q", c.ID)
	}
	if c := Distribution("bad-id", "t", "s", "g", "n", nil, nil); c.ID != "c_bad_id" {
		t.Errorf("id %q became %q, want c_bad_id", "bad-id", c.ID)
	}
}

func TestRanking(t *testing.T) {
	cats := []string{"甲局", "乙局", "丙局", "丁局"}
	s := Series{
		Name:   "总分",
		Values: []*float64{num(80.5), nil, num(92.25), num(80.5)},
		Text:   []string{"80.50", "", "92.25", "80.50"},
	}
	c := Ranking(ID("2024/", "ranking"), "总分排名", "各部门总分，由高到低。", "部门", "总分", cats, s)
	m := decode(t, c)

	// Highest first, equal totals in the given order, the gap last.
	wantCats := []string{"丙局", "甲局", "丁局", "乙局"}
	if got := strs(get(t, m, "yAxis", 0, "data")); !reflect.DeepEqual(got, wantCats) {
		t.Errorf("categories = %v, want %v", got, wantCats)
	}
	if got, want := values(t, m, 0), []any{92.25, 80.5, 80.5, "-"}; !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	if got, want := labels(t, m, 0), []string{"92.25", "80.50", "80.50", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("labels = %v, want %v", got, want)
	}
	if get(t, m, "series", 0, "type") != "bar" || get(t, m, "series", 0, "name") != "总分" {
		t.Errorf("series = %v", get(t, m, "series", 0))
	}
	if get(t, m, "xAxis", 0, "type") != "value" || get(t, m, "yAxis", 0, "type") != "category" {
		t.Errorf("axes are not horizontal bars: x %v, y %v", get(t, m, "xAxis"), get(t, m, "yAxis"))
	}
	if get(t, m, "yAxis", 0, "inverse") != true {
		t.Error("first category is not at the top (yAxis.inverse)")
	}
	label := get(t, m, "yAxis", 0, "axisLabel").(map[string]any)
	if label["overflow"] != "truncate" || label["width"] != 112.0 || label["interval"] != 0.0 {
		t.Errorf("yAxis.axisLabel = %v, want truncation at 112 px and every label", label)
	}
	if get(t, m, "grid", 0, "containLabel") != true {
		t.Error("grid does not contain the labels")
	}
	if get(t, m, "series", 0, "label", "show") != true {
		t.Error("bars have no value labels")
	}

	wantRows := [][]string{{"丙局", "92.25"}, {"甲局", "80.50"}, {"丁局", "80.50"}, {"乙局", "—"}}
	if !reflect.DeepEqual(c.Table.Rows, wantRows) {
		t.Errorf("table rows = %v, want %v", c.Table.Rows, wantRows)
	}
	if want := []string{"部门", "总分"}; !reflect.DeepEqual(c.Table.Columns, want) {
		t.Errorf("columns = %v, want %v", c.Table.Columns, want)
	}
	if c.Table.Caption != "总分排名" || c.Title != "总分排名" || c.Summary != "各部门总分，由高到低。" {
		t.Errorf("caption %q, title %q, summary %q", c.Table.Caption, c.Title, c.Summary)
	}
}

func TestRankingHeight(t *testing.T) {
	tests := []struct{ n, want int }{
		{0, 160},   // the minimum
		{4, 160},   // 4·24+56 = 152, below the minimum
		{5, 176},   // 5·24+56
		{42, 1064}, // 42·24+56
	}
	for _, tt := range tests {
		cats := make([]string, tt.n)
		vals := make([]*float64, tt.n)
		for i := range cats {
			cats[i] = fmt.Sprintf("部门%02d", i)
			vals[i] = num(float64(i))
		}
		c := Ranking("r", "t", "s", "部门", "总分", cats, Series{Values: vals})
		if c.Height != tt.want {
			t.Errorf("%d bars: height %d, want %d", tt.n, c.Height, tt.want)
		}
		if got := len(strs(get(t, decode(t, c), "yAxis", 0, "data"))); got != tt.n {
			t.Errorf("%d bars: %d categories in the option", tt.n, got)
		}
		if len(c.Table.Rows) != tt.n {
			t.Errorf("%d bars: %d table rows", tt.n, len(c.Table.Rows))
		}
	}
}

func TestDistribution(t *testing.T) {
	c := Distribution("g", "等次分布", "各等次的部门数。", "等次", "部门数",
		[]string{"优秀", "良好", "一般", "较差"}, []int{3, 12, 0})
	m := decode(t, c)
	if got, want := strs(get(t, m, "xAxis", 0, "data")), []string{"优秀", "良好", "一般", "较差"}; !reflect.DeepEqual(got, want) {
		t.Errorf("categories = %v, want %v", got, want)
	}
	// The missing fourth count is zero departments.
	if got, want := values(t, m, 0), []any{3.0, 12.0, 0.0, 0.0}; !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	if get(t, m, "yAxis", 0, "minInterval") != 1.0 {
		t.Error("count axis may show fractions")
	}
	want := [][]string{{"优秀", "3"}, {"良好", "12"}, {"一般", "0"}, {"较差", "0"}}
	if !reflect.DeepEqual(c.Table.Rows, want) {
		t.Errorf("rows = %v, want %v", c.Table.Rows, want)
	}
	if !reflect.DeepEqual(c.Table.Columns, []string{"等次", "部门数"}) {
		t.Errorf("columns = %v", c.Table.Columns)
	}
}

func TestHeatMap(t *testing.T) {
	rows := []string{"甲局", "乙局"}
	cols := []string{"履职", "服务", "创新"}
	vals := [][]*float64{
		{num(85), nil, num(100)},
		{num(0), num(62.5), num(40)},
	}
	text := [][]string{
		{"85.0", "", "100.0"},
		{"0.0", "62.5", ""}, // no text: the number itself
	}
	c := HeatMap("h", "维度得分率", "各部门各维度得分率。", "部门", rows, cols, vals, text)
	m := decode(t, c)

	if got := strs(get(t, m, "xAxis", 0, "data")); !reflect.DeepEqual(got, cols) {
		t.Errorf("x categories = %v, want %v", got, cols)
	}
	if got := strs(get(t, m, "yAxis", 0, "data")); !reflect.DeepEqual(got, rows) {
		t.Errorf("y categories = %v, want %v", got, rows)
	}
	// [column, row, value], the gap (甲局, 服务) left out.
	want := []any{
		[]any{0.0, 0.0, 85.0}, []any{2.0, 0.0, 100.0},
		[]any{0.0, 1.0, 0.0}, []any{1.0, 1.0, 62.5}, []any{2.0, 1.0, 40.0},
	}
	if got := values(t, m, 0); !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %v, want %v", got, want)
	}
	if got, want := labels(t, m, 0), []string{"85.0", "100.0", "0.0", "62.5", "40"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cell labels = %v, want %v", got, want)
	}
	vm := get(t, m, "visualMap", 0).(map[string]any)
	if vm["type"] != "continuous" || vm["min"] != 0.0 || vm["max"] != 100.0 {
		t.Errorf("visualMap = %v, want continuous 0..100", vm)
	}
	if get(t, m, "series", 0, "type") != "heatmap" || get(t, m, "series", 0, "label", "show") != true {
		t.Errorf("series = %v", get(t, m, "series", 0))
	}

	wantRows := [][]string{{"甲局", "85.0", "—", "100.0"}, {"乙局", "0.0", "62.5", "40"}}
	if !reflect.DeepEqual(c.Table.Rows, wantRows) {
		t.Errorf("rows = %v, want %v", c.Table.Rows, wantRows)
	}
	if want := []string{"部门", "履职", "服务", "创新"}; !reflect.DeepEqual(c.Table.Columns, want) {
		t.Errorf("columns = %v, want %v", c.Table.Columns, want)
	}
	if c.Height != 2*28+120 {
		t.Errorf("height %d, want %d", c.Height, 2*28+120)
	}
	big := HeatMap("h", "t", "s", "部门", make([]string, 40), cols, nil, nil)
	if big.Height != 40*28+120 {
		t.Errorf("40 rows: height %d, want %d", big.Height, 40*28+120)
	}
}

func TestRadar(t *testing.T) {
	axes := []string{"履职尽责", "服务效能", "创新发展"}
	series := []Series{
		{Name: "市场监管局", Values: []*float64{num(36), nil, num(18.5)}, Text: []string{"36.0", "", "18.5"}},
		{Name: "组平均", Values: []*float64{num(32.25), num(27), num(16)}, Text: []string{"32.3", "27.0", "16.0"}},
	}
	c := Radar("r", "维度得分", "本部门与组平均的各维度得分。", "维度", axes, []float64{40, 30, 20}, series)
	m := decode(t, c)

	inds := get(t, m, "radar", "indicator").([]any)
	if len(inds) != 3 {
		t.Fatalf("%d indicators, want 3", len(inds))
	}
	for i, want := range []struct {
		name string
		max  float64
	}{{"履职尽责", 40}, {"服务效能", 30}, {"创新发展", 20}} {
		ind := inds[i].(map[string]any)
		if ind["name"] != want.name || ind["max"] != want.max {
			t.Errorf("indicator %d = %v, want %s max %v", i, ind, want.name, want.max)
		}
	}
	if got := get(t, m, "series", 0, "data", 0, "value"); !reflect.DeepEqual(got, []any{36.0, "-", 18.5}) {
		t.Errorf("first series = %v", got)
	}
	if got := get(t, m, "series", 1, "data", 0, "value"); !reflect.DeepEqual(got, []any{32.25, 27.0, 16.0}) {
		t.Errorf("second series = %v", got)
	}
	if got := strs(get(t, m, "legend", "data")); !reflect.DeepEqual(got, []string{"市场监管局", "组平均"}) {
		t.Errorf("legend = %v", got)
	}
	if get(t, m, "legend", "show") != true {
		t.Error("legend hidden")
	}
	if get(t, m, "series", 1, "lineStyle", "type") != "dashed" {
		t.Error("the second series is not told apart by a dashed line")
	}
	want := [][]string{{"履职尽责", "36.0", "32.3"}, {"服务效能", "—", "27.0"}, {"创新发展", "18.5", "16.0"}}
	if !reflect.DeepEqual(c.Table.Rows, want) {
		t.Errorf("rows = %v, want %v", c.Table.Rows, want)
	}
	if !reflect.DeepEqual(c.Table.Columns, []string{"维度", "市场监管局", "组平均"}) {
		t.Errorf("columns = %v", c.Table.Columns)
	}
}

func TestLine(t *testing.T) {
	xs := []string{"2022", "2023", "2024"}
	total := Series{Name: "总分", Values: []*float64{num(88), nil, num(91.5)}, Text: []string{"88.00", "", "91.50"}}
	c := Line("l", "总分变化", "历年总分。", "年度", xs, []Series{total})
	m := decode(t, c)
	if got := strs(get(t, m, "xAxis", 0, "data")); !reflect.DeepEqual(got, xs) {
		t.Errorf("x = %v, want %v", got, xs)
	}
	if got := values(t, m, 0); !reflect.DeepEqual(got, []any{88.0, "-", 91.5}) {
		t.Errorf("values = %v", got)
	}
	if got := labels(t, m, 0); !reflect.DeepEqual(got, []string{"88.00", "", "91.50"}) {
		t.Errorf("labels = %v", got)
	}
	if get(t, m, "series", 0, "connectNulls") != false {
		t.Error("a gap is bridged")
	}
	if get(t, m, "legend", "show") != false {
		t.Error("a single series has a legend")
	}
	if want := [][]string{{"2022", "88.00"}, {"2023", "—"}, {"2024", "91.50"}}; !reflect.DeepEqual(c.Table.Rows, want) {
		t.Errorf("rows = %v, want %v", c.Table.Rows, want)
	}

	// Three series: a legend, no point labels, every line still gapped.
	three := []Series{
		{Name: "A1", Values: []*float64{num(1), num(2), num(3)}},
		{Name: "A2", Values: []*float64{nil, num(5), num(6)}},
		{Name: "A3", Values: []*float64{num(7)}}, // shorter than xs
	}
	c = Line("l3", "指标趋势", "s", "年度", xs, three)
	m = decode(t, c)
	if get(t, m, "legend", "show") != true {
		t.Error("three series without a legend")
	}
	for i := range three {
		if get(t, m, "series", i, "connectNulls") != false {
			t.Errorf("series %d bridges gaps", i)
		}
		for _, l := range labels(t, m, i) {
			if l != "" {
				t.Errorf("series %d has point labels with three series", i)
			}
		}
	}
	if got := values(t, m, 2); !reflect.DeepEqual(got, []any{7.0, "-", "-"}) {
		t.Errorf("short series = %v", got)
	}
	want := [][]string{{"2022", "1", "—", "7"}, {"2023", "2", "5", "—"}, {"2024", "3", "6", "—"}}
	if !reflect.DeepEqual(c.Table.Rows, want) {
		t.Errorf("rows = %v, want %v", c.Table.Rows, want)
	}
}

// all builds one chart of each kind from hostile text.
func all(name string) []Chart {
	v := []*float64{num(1.5), nil, num(3)}
	s := Series{Name: name, Values: v, Text: []string{"1.50", "", "3.00"}}
	cats := []string{name, "b", "c"}
	return []Chart{
		Ranking(ID("p/", "ranking"), name, name, name, name, cats, s),
		Distribution(ID("p/", "grades"), name, name, name, name, cats, []int{1, 2, 3}),
		HeatMap(ID("p/", "heat"), name, name, name, cats, cats, [][]*float64{v, v, v}, nil),
		Radar(ID("p/", "radar"), name, name, name, cats, []float64{5, 5, 5}, []Series{s, s}),
		Line(ID("p/", "line"), name, name, name, cats, []Series{s}),
	}
}

func TestOptionsShared(t *testing.T) {
	const hostile = `</script><script>alert(1)</script> & <!-- "q" ` + "\u2028"
	for _, c := range all(hostile) {
		m := decode(t, c)
		if get(t, m, "aria", "enabled") != true {
			t.Errorf("%s: aria not enabled", c.ID)
		}
		if get(t, m, "aria", "label", "description") != label(hostile, hostile) {
			t.Errorf("%s: aria description %q", c.ID, get(t, m, "aria", "label", "description"))
		}
		if get(t, m, "backgroundColor") != "transparent" {
			t.Errorf("%s: background %v", c.ID, get(t, m, "backgroundColor"))
		}
		if got := strs(get(t, m, "color")); !reflect.DeepEqual(got, Palette) {
			t.Errorf("%s: colours %v", c.ID, got)
		}
		if get(t, m, "tooltip", "renderMode") != "richText" {
			t.Errorf("%s: HTML tooltips, which need inline styles", c.ID)
		}
		if bytes.ContainsAny(c.Option, "<>&\u2028") {
			t.Errorf("%s: option holds an unescaped <, >, & or U+2028: %s", c.ID, c.Option)
		}
		if !strings.Contains(string(c.Option), `\u003c/script\u003e`) {
			t.Errorf("%s: the hostile name is not in the option, escaped", c.ID)
		}
		if bytes.Contains(c.Option, []byte("null")) {
			t.Errorf("%s: option has nulls: %s", c.ID, c.Option)
		}
		if c.Height <= 0 {
			t.Errorf("%s: height %d", c.ID, c.Height)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := all("名称"), all("名称")
	for i := range a {
		if !bytes.Equal(a[i].Option, b[i].Option) || !reflect.DeepEqual(a[i], b[i]) {
			t.Errorf("%s: two builds differ:\n%s\n%s", a[i].ID, a[i].Option, b[i].Option)
		}
	}
}

func TestNotANumberIsAGap(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	c := Line("l", "t", "s", "x", []string{"a", "b"}, []Series{{Name: "n", Values: []*float64{&nan, &inf}}})
	if got := values(t, decode(t, c), 0); !reflect.DeepEqual(got, []any{"-", "-"}) {
		t.Errorf("NaN and Inf drawn as %v, want gaps", got)
	}
}

func TestOptionJS(t *testing.T) {
	tests := []struct {
		option string
		want   template.JS
	}{
		{`{"a":1}`, `{"a":1}`},
		{`{"a":"</script>&"}`, `{"a":"\u003c/script\u003e\u0026"}`},
		{`{"a":"` + "\u2028" + `"}`, `{"a":"\u2028"}`},
		{`{"a":"预算` + "\u2029" + `"}`, `{"a":"预算\u2029"}`},
		{`{"a":</script>}`, `null`}, // not JSON
		{``, `null`},
	}
	for _, tt := range tests {
		if got := (Chart{Option: []byte(tt.option)}).OptionJS(); got != tt.want {
			t.Errorf("OptionJS(%s) = %s, want %s", tt.option, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct{ title, summary, want string }{
		{"总分排名", "各部门总分。", "总分排名。各部门总分。"},
		{"Ranking", "Totals by department.", "Ranking. Totals by department."},
		{"Ranking:", "Totals.", "Ranking: Totals."},
		{"", "Totals.", "Totals."},
		{"Ranking", "", "Ranking"},
	}
	for _, tt := range tests {
		if got := (Chart{Title: tt.title, Summary: tt.summary}).Label(); got != tt.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tt.title, tt.summary, got, tt.want)
		}
	}
}

// luminance is the WCAG relative luminance of "#rrggbb".
func luminance(t *testing.T, hex string) float64 {
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("colour %q: %v", hex, err)
	}
	lin := func(c int) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestColourContrast(t *testing.T) {
	if got := contrast(t, "#000000", "#ffffff"); math.Abs(got-21) > 1e-9 {
		t.Fatalf("contrast of black on white = %v, want 21", got)
	}
	for _, c := range Palette {
		for _, page := range []string{"#ffffff", "#121212"} {
			if r := contrast(t, c, page); r < 3 {
				t.Errorf("series colour %s on %s: contrast %.2f, want at least 3", c, page, r)
			}
		}
	}
	for _, c := range heatColors {
		if r := contrast(t, heatText, c); r < 4.5 {
			t.Errorf("cell text %s on %s: contrast %.2f, want at least 4.5", heatText, c, r)
		}
	}
}

// partial parses the theme's chart partial.
func partial(t *testing.T) *template.Template {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "layouts", "partials", "chart.html"))
	if err != nil {
		t.Fatal(err)
	}
	return template.Must(template.New("chart.html").Parse(string(src)))
}

func render(t *testing.T, tpl *template.Template, c Chart) string {
	t.Helper()
	var b strings.Builder
	if err := tpl.ExecuteTemplate(&b, "chart", c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var scriptBlock = regexp.MustCompile(`(?s)<script type="application/json" data-chart-for="([^"]*)">(.*?)</script>`)

func TestPartialCannotBeBrokenOut(t *testing.T) {
	const hostile = `</script><script>alert(1)</script>`
	tpl := partial(t)
	for _, c := range all(hostile) {
		out := render(t, tpl, c)
		lower := strings.ToLower(out)
		if n := strings.Count(lower, "<script"); n != 1 {
			t.Errorf("%s: %d <script in the output, want 1:\n%s", c.ID, n, out)
		}
		if n := strings.Count(lower, "</script"); n != 1 {
			t.Errorf("%s: %d </script in the output, want 1:\n%s", c.ID, n, out)
		}
		sm := scriptBlock.FindStringSubmatch(out)
		if sm == nil {
			t.Fatalf("%s: no options block:\n%s", c.ID, out)
		}
		if sm[1] != c.ID {
			t.Errorf("data-chart-for=%q, want %q", sm[1], c.ID)
		}
		// The block is the option, verbatim: valid JSON, not a quoted string,
		// carrying the hostile name back unchanged.
		if sm[2] != string(c.Option) {
			t.Errorf("%s: block differs from the option:\n%s\n%s", c.ID, sm[2], c.Option)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(sm[2]), &m); err != nil {
			t.Fatalf("%s: block is not a JSON object: %v", c.ID, err)
		}
		if !strings.Contains(fmt.Sprint(m), hostile) {
			t.Errorf("%s: the name did not survive the round trip", c.ID)
		}
		if !strings.Contains(out, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the name is not escaped as text in the caption or table", c.ID)
		}
	}
}

func TestPartialMarkup(t *testing.T) {
	c := HeatMap("c_p_heat", "维度得分率", "各部门各维度得分率。", "部门",
		[]string{"甲局", "乙局"}, []string{"履职", "服务", "创新"},
		[][]*float64{{num(1), num(2), num(3)}, {num(4), nil, num(6)}}, nil)
	out := render(t, partial(t), c)
	for _, want := range []string{
		`<figure class="chart">`,
		`<figcaption><span class="chart-title">维度得分率</span> <span class="chart-summary">各部门各维度得分率。</span></figcaption>`,
		`<div id="c_p_heat" class="chart-drawing" data-height="176" role="img" aria-label="维度得分率。各部门各维度得分率。"></div>`,
		`<div class="table-scroll" role="region" aria-labelledby="c_p_heat_caption" tabindex="0">`,
		`<caption id="c_p_heat_caption">维度得分率</caption>`,
		`<thead><tr><th scope="col">部门</th><th scope="col">履职</th><th scope="col">服务</th><th scope="col">创新</th></tr></thead>`,
		`<tr><th scope="row">甲局</th><td>1</td><td>2</td><td>3</td></tr>`,
		`<tr><th scope="row">乙局</th><td>4</td><td>—</td><td>6</td></tr>`,
		`</figure>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s\n%s", want, out)
		}
	}
	// A strict Content-Security-Policy forbids inline styles.
	if strings.Contains(out, "style=") {
		t.Errorf("output has an inline style:\n%s", out)
	}
}

// A constructor's option, which OptionJS does not read again, is what reading
// it gives; an option put in its place is read.
func TestOptionJSOfConstructors(t *testing.T) {
	for _, name := range hostile(t) {
		for _, c := range everyKind(name, 12.5) {
			if got, want := c.OptionJS(), (Chart{Option: c.Option}).OptionJS(); got != want || want == "null" {
				t.Errorf("%s %q: OptionJS = %s, want %s", c.ID, name, got, want)
			}
			for option, want := range map[string]template.JS{`{"a":</script>}`: "null", `{"a":"<"}`: `{"a":"\u003c"}`, "": "null"} {
				c.Option = []byte(option)
				if got := c.OptionJS(); got != want {
					t.Errorf("%s: OptionJS of a replaced option %s = %s, want %s", c.ID, option, got, want)
				}
			}
		}
	}
}
