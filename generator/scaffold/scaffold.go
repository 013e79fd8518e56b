// Package scaffold writes starting files for editors: a new site, or a scorecard
// pre-filled from a cycle's scheme with the actuals left for the editor to fill in.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"perfsite/generator/load"
	"perfsite/generator/model"
)

// Site creates a small, valid site in dir, which must be missing or empty.
func Site(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; choose a new folder so nothing is overwritten", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	year := fmt.Sprint(time.Now().Year())
	for name, text := range siteFiles(year) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func siteFiles(year string) map[string]string {
	return map[string]string{
		"site.toml": `title = "示例市部门绩效考评公开"
base_url = "https://perf.example.gov.cn/"
language = "zh-CN"
description = "各部门年度绩效目标、执行进度、考评结果与整改情况"
sample_data = true        # remove when the data is real

[feedback]
email = "perf@example.gov.cn"
phone = "12345"

[open_data]
license = "CC BY 4.0"
`,
		"data/departments.toml": `[[group]]
id = "economic"
name = "经济发展类"
ranked = true

[[department]]
id = "finance-bureau"
name = "财政局"
group = "economic"

[[department]]
id = "market-regulation"
name = "市场监督管理局"
short_name = "市场监管局"
group = "economic"
`,
		"data/" + year + "/scheme.toml": `title = "` + year + `年度部门绩效考评"
total = 100
periods = ["Q1", "Q2", "Q3", "Q4"]
bonus_cap = 5
penalty_cap = 10

[[dimension]]
id = "public"
name = "服务对象"

[[dimension]]
id = "finance"
name = "财务预算"

[[dimension]]
id = "process"
name = "内部流程"

[[dimension]]
id = "learning"
name = "学习与成长"

[[grade]]
name = "优秀"
min = 90
quota = 0.2

[[grade]]
name = "良好"
min = 80

[[grade]]
name = "合格"
min = 60

[[grade]]
name = "不合格"
min = 0

[[indicator]]
id = "budget-execution"
name = "预算执行率"
dimension = "finance"
unit = "%"
points = 20
method = "ratio"
direction = "higher"
target = 95

[[indicator]]
id = "satisfaction"
name = "群众满意度"
dimension = "public"
unit = "分"
points = 30
method = "rating"
`,
		"data/" + year + "/finance-bureau.toml":    scorecardExample("finance-bureau", "96.5", "91.2"),
		"data/" + year + "/market-regulation.toml": scorecardExample("market-regulation", "92.0", "88.4"),
		"content/_index.md": `+++
title = "首页"
+++
本站公开各部门的年度绩效目标、执行进度、考评结果和整改情况。
`,
		"content/about.md": `+++
title = "关于本网站"
+++
## 数据来源

数据由市考评办提供，可在“开放数据”页面下载并复核。
`,
	}
}

func scorecardExample(id, budget, rating string) string {
	return `department = "` + id + `"
status = "final"

[[indicator]]
id = "budget-execution"
actual = ` + budget + `

[[indicator]]
id = "satisfaction"
actual = ` + rating + `

[[indicator]]
id = "process-reform"
name = "重点改革任务完成率"
dimension = "process"
unit = "%"
points = 30
method = "ratio"
target = 100
actual = 100

[[indicator]]
id = "training"
name = "干部培训完成率"
dimension = "learning"
unit = "%"
points = 20
method = "ratio"
target = 100
actual = 95
`
}

// Scorecard writes data/<cycle>/<department>.toml for an existing cycle and department,
// listing every common indicator that applies to the department with its target, and
// returns the file's path. It refuses to overwrite a file.
func Scorecard(siteDir, cycleID, deptID string) (string, error) {
	site, diags := load.Site(siteDir)
	if site == nil {
		return "", fmt.Errorf("cannot read the site in %s:\n%s", siteDir, diags)
	}
	var dept *model.Department
	for _, d := range site.Departments {
		if d.ID == deptID {
			dept = d
		}
	}
	if dept == nil {
		return "", fmt.Errorf("no department %q in data/departments.toml; add it there first", deptID)
	}
	var cycle *model.Cycle
	for _, c := range site.Cycles {
		if c.ID == cycleID {
			cycle = c
		}
	}
	if cycle == nil || cycle.Scheme == nil {
		return "", fmt.Errorf("no scheme for cycle %q: create data/%s/scheme.toml first", cycleID, cycleID)
	}
	p := filepath.Join(siteDir, "data", cycleID, deptID+".toml")
	if _, err := os.Stat(p); err == nil {
		return "", fmt.Errorf("%s already exists; it was left as it is", p)
	}
	if err := os.WriteFile(p, []byte(scorecardText(cycle.Scheme, dept)), 0o644); err != nil {
		return "", err
	}
	return p, nil
}

func scorecardText(s *model.Scheme, d *model.Department) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n# Fill in every actual, then change status to \"final\".\n", d.Name, s.Title)
	fmt.Fprintf(&b, "department = %q\nstatus = \"draft\"\n", d.ID)
	points := s.Total
	for _, in := range s.Indicators {
		if !applies(in, d.Group) {
			continue
		}
		points = points.Sub(in.Points)
		fmt.Fprintf(&b, "\n[[indicator]]\nid = %q\n# %s: %s points, method %s", in.ID, in.Name, in.Points.String(), in.Method)
		if in.Target != nil {
			fmt.Fprintf(&b, ", target %s%s", in.Target.String(), in.Unit)
		}
		b.WriteString("\n")
		switch in.Method {
		case model.Manual:
			b.WriteString("# score = \n# justification = \"\"\n")
		case model.PassFail:
			if in.Target == nil {
				b.WriteString("# achieved = true\n")
			} else {
				b.WriteString("# actual = \n")
			}
		default:
			b.WriteString("# actual = \n")
		}
		if len(s.Periods) > 0 {
			fmt.Fprintf(&b, "# progress = { %s = }\n", strings.Join(s.Periods, " = , "))
		}
	}
	fmt.Fprintf(&b, "\n# The department's own indicators come here; with the common ones above they must add up to %s points (%s left).\n", s.Total.String(), points.String())
	return b.String()
}

func applies(in *model.Indicator, group string) bool {
	if len(in.Groups) == 0 {
		return true
	}
	for _, g := range in.Groups {
		if g == group {
			return true
		}
	}
	return false
}
