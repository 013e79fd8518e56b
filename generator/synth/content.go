package synth

import (
	"fmt"
	"strings"
)

type textFile struct{ path, text string }

// contentFiles are the Markdown pages: home, two free pages, each cycle's summary,
// and narratives for about one department in seven (standing) and one in ten (per
// cycle).
func (s *site) contentFiles() []textFile {
	last := s.year(s.p.Cycles - 1)
	out := []textFile{
		{"content/_index.md", page(cityName+"部门绩效考评公开", "首页", fmt.Sprintf(
			"> 本站数据由程序合成，仅用于演示和测试。\n\n本站公开%s及所辖区县 %d 个部门的绩效目标、季度进展、年度评分、等次、排名和整改情况。\n\n"+
				"- [%d年度考评结果](/%d/)\n- [如何阅读本站](/how-to-read/)\n- [开放数据](/data/)\n", cityName, len(s.depts), last, last))},
		{"content/about.md", page("关于本站", "本站的数据来源和更新方式。", "## 数据来源\n\n各部门记分卡由考评办汇总审核后发布。本站所有数据均为合成示例。\n\n## 更新\n\n考评目标在每年 2 月公布，结果在次年 3 月公布，季度进展按季更新。\n")},
		{"content/how-to-read.md", page("如何阅读本站", "记分卡、等次和排名的读法。", "## 记分卡\n\n每个指标都列出目标、实际值、计分方法和得分推导。\n\n| 状态 | 含义 |\n|---|---|\n| 达标 | 得分率不低于 100% |\n| 接近 | 得分率不低于 80% |\n| 未达标 | 得分率低于 80% |\n\n## 等次\n\n等次按总分确定，优秀等次受配额限制[^quota]。\n\n[^quota]: 每个排名组获评优秀的部门不超过 20%。\n")},
	}
	for c := range s.p.Cycles {
		y := s.year(c)
		var b strings.Builder
		fmt.Fprintf(&b, "> 本站数据由程序合成。\n\n%d 年度考评目标于 %d 年 2 月 20 日公布，结果于 %d 年 3 月 31 日公布。\n\n## 分组情况\n\n| 分组 | 部门数 |\n|---|---:|\n", y, y, y+1)
		count := map[string]int{}
		for _, d := range s.depts {
			count[d.group]++
		}
		for _, g := range groups {
			fmt.Fprintf(&b, "| %s | %d |\n", g.name, count[g.id])
		}
		fmt.Fprintf(&b, "\n## 说明\n\n%s\n\n评分方法见[考评方法](/%d/methodology/)。\n", strings.Join(middles[:3], ""), y)
		out = append(out, textFile{fmt.Sprintf("content/%d/_index.md", y), page(fmt.Sprintf("%d年度部门绩效考评结果", y), fmt.Sprintf("%d 年度 %d 个部门的考评情况（合成数据）。", y, len(s.depts)), b.String())})
	}
	for _, d := range s.depts {
		if d.deptNarrative {
			body := fmt.Sprintf("> 本站数据由程序合成。\n\n%s%s。\n\n## 考评重点\n\n%s\n\n历年记分卡见[%s历年情况](/departments/%s/)。\n", d.name, strings.TrimSuffix(d.description, "。"), d.own[0].name+"、"+d.own[len(d.own)-1].name+"等指标是考评重点。", d.short, d.id)
			out = append(out, textFile{"content/departments/" + d.id + ".md", page(d.name, d.name+"的职责和考评重点（合成数据）。", body)})
		}
		if !d.narrative {
			continue
		}
		for c := range s.p.Cycles {
			if s.draft(d, c) {
				continue
			}
			y := s.year(c)
			r := newRand(s.p.Seed, 6, d.i, c)
			body := fmt.Sprintf("> 本站数据由程序合成。\n\n## 总体评价\n\n%s\n\n## 指标分析\n\n%s%s\n\n- **%s**：%s\n- **%s**：%s\n\n## 下一步\n\n%s。详见[评分方法](/%d/methodology/)和[历年情况](/departments/%s/)。\n",
				fmt.Sprintf(pick(r, openings), d.name), pick(r, middles), pick(r, middles),
				d.own[0].name, pick(r, middles), d.own[1%len(d.own)].name, pick(r, middles),
				pick(r, actions), y, d.id)
			out = append(out, textFile{fmt.Sprintf("content/%d/%s.md", y, d.id), page(fmt.Sprintf("%s %d 年度绩效分析", d.name, y), fmt.Sprintf("%s %d 年度考评得分和主要指标分析（合成数据）。", d.name, y), body)})
		}
	}
	return out
}

// page is a content file: front matter, then the Markdown body.
func page(title, description, body string) string {
	return fmt.Sprintf("+++\ntitle = %s\ndescription = %s\n+++\n\n%s", q(title), q(description), body)
}
