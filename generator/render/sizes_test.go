package render

import "testing"

// TestRowsAreSizedOnce holds the length a scorecard's long tables are sized to
// within what escaping adds to what they print, on the example in both
// languages: a builder sized too small doubles, too large wastes.
func TestRowsAreSizedOnce(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		s := exampleSite(t)
		s.Config.Language = lang
		b, ts := testBuilder(t, s, Options{Drafts: true, Today: today}, nil, nil)
		n := 0
		for _, p := range pageModels(t, b, ts) {
			d, ok := p.Data.(*ScorecardData)
			if !ok {
				continue
			}
			n++
			critical, err := b.statusFunc("critical")
			if err != nil {
				t.Fatal(err)
			}
			report, err := b.tr.T("report_problem")
			if err != nil {
				t.Fatal(err)
			}
			labels := [4]string{b.t("definition") + b.t("colon"), b.t("limitations") + b.t("colon"), b.t("baseline") + b.t("colon"), b.t("note") + b.t("colon")}
			indicators, err := d.IndicatorRows()
			if err != nil {
				t.Fatal(err)
			}
			definitions, err := d.DefinitionItems()
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range []struct {
				name      string
				size, len int
			}{
				{"IndicatorRows", d.indicatorRowsLen(len(critical.HTML), len(report)), len(indicators)},
				{"DefinitionItems", d.definitionItemsLen(&labels), len(definitions)},
				{"ProgressRows", d.progressRowsLen(), len(d.ProgressRows())},
			} {
				t.Logf("%s %s %d %d %.3f", p.Rel, tb.name, tb.size, tb.len, float64(tb.size)/float64(tb.len))
				if tb.size < tb.len || tb.size > tb.len+tb.len/8 {
					t.Errorf("%s %s: sized to %d bytes for %d", p.Rel, tb.name, tb.size, tb.len)
				}
			}
		}
		if n < 40 {
			t.Errorf("%s: %d scorecards; the example has more", lang, n)
		}
	}
}
