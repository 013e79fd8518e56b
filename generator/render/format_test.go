package render

import (
	"net/url"
	"strings"
	"testing"

	"perfsite/generator/decimal"
	"perfsite/generator/hostile"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// TestNumbersAsPublished holds the formats to what they were when each was a
// string made by decimal and then given its minus sign.
func TestNumbersAsPublished(t *testing.T) {
	minus := func(s string) string {
		if rest, ok := strings.CutPrefix(s, "-"); ok {
			return "−" + rest
		}
		return s
	}
	third := decimal.Int(1).Quo(decimal.Int(3))
	var tx texts
	type made struct{ got, want string }
	var all []made // what tx made, checked again once it has made more chunks
	for _, d := range []decimal.D{
		decimal.Int(0), decimal.Int(7), decimal.Int(-7), decimal.MustParse("97.3"),
		decimal.MustParse("-0.004"), decimal.MustParse("-0.005"), decimal.MustParse("0.925"),
		decimal.MustParse("-1.2345"), decimal.MustParse("123456789012.125"), third, third.Neg(),
		decimal.Int(2).Quo(decimal.Int(7)).Neg(), decimal.MustParse("-0.0004"),
	} {
		if got, want := points(d), minus(d.Fixed(2)); got != want {
			t.Errorf("points(%v) = %q, want %q", d, got, want)
		}
		if got, want := exact(d), minus(d.String()); got != want {
			t.Errorf("exact(%v) = %q, want %q", d, got, want)
		}
		if got, want := percent(d), minus(d.Mul(decimal.Int(100)).Fixed(1))+"%"; got != want {
			t.Errorf("percent(%v) = %q, want %q", d, got, want)
		}
		want := minus(d.Fixed(2))
		if d.Sign() > 0 {
			want = "+" + d.Fixed(2)
		}
		if got := signed(d); got != want {
			t.Errorf("signed(%v) = %q, want %q", d, got, want)
		}
		for range 1000 {
			all = append(all, made{tx.points(d), points(d)}, made{tx.exact(d), exact(d)}, made{tx.percent(d), percent(d)}, made{tx.optional(&d), optional(&d)})
		}
	}
	if tx.optional(nil) != "" {
		t.Error("texts.optional(nil) is not empty")
	}
	for _, m := range all {
		if m.got != m.want {
			t.Fatalf("texts made %q, want %q", m.got, m.want)
		}
	}
}

// hostileTexts is texts, then each of the hostile strings, then every byte in one
// text.
func hostileTexts(t *testing.T, texts ...string) []string {
	t.Helper()
	cases, err := hostile.Corpus("../../testdata/hostile/strings.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		texts = append(texts, c.String())
	}
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	return append(texts, string(all))
}

// TestReportLinkAsNetURLWritesIt holds report links to url.QueryEscape and
// url.PathEscape of their parts joined, for every byte and the hostile
// strings, and what they are about to the theme's text; a theme without that
// text fails every row that needs it.
func TestReportLinkAsNetURLWritesIt(t *testing.T) {
	names := hostileTexts(t, "", "tax", "a b+c&d=e/f?g", "市场 监管")
	b := &builder{s: &model.Site{}, depts: map[string]*model.Department{"d": {Name: "部门 & <x>"}},
		tr: &i18n{lang: "zh-CN", text: map[string]string{"report_problem_about": "：{1}{2}"}}}
	for _, fb := range []model.Feedback{{URL: "https://f.cn/form?from=x"}, {URL: "https://f.cn/form"}, {Email: "a+b@x.cn"}, {}} {
		b.s.Config.Feedback = fb
		l := b.reportLinks("2024 年", "d")
		var tx texts // links made one after another in one chunk, as on a scorecard
		for _, text := range names {
			in := &score.Indicator{Indicator: &model.Indicator{ID: text, Name: text}}
			subject := "2024 年 / 部门 & <x> / " + text
			want := ""
			switch {
			case fb.URL != "":
				q := url.Values{"cycle": {"2024 年"}, "department": {"d"}, "indicator": {text}, "subject": {subject}}
				want = fb.URL + "?" + q.Encode()
				if strings.Contains(fb.URL, "?") {
					want = fb.URL + "&" + q.Encode()
				}
			case fb.Email != "":
				want = "mailto:" + fb.Email + "?subject=" + url.PathEscape(subject)
			}
			if got := l.link(in, &tx); got != want {
				t.Errorf("%+v: link(%q) = %q, want %q", fb, text, got, want)
			}
			if want == "" {
				continue
			}
			if got, want := l.about(b, in, &tx), "："+text+"{2}"; got != want {
				t.Errorf("about(%q) = %q, want %q", text, got, want)
			}
		}
	}
	// Other texts, each as substitute writes it with the name as its one argument.
	b.s.Config.Feedback = model.Feedback{Email: "a@x.cn"}
	var tx texts
	for _, about := range []string{"", "：{1}", "{1}", "{1}{1}", "{{1}}", "{a{1}", "{01}{1x}{ 1}", "关于{1}的问题{2}{", "}{1}{", "{1"} {
		b.tr.text["report_problem_about"] = about
		l := b.reportLinks("2024", "d")
		for _, text := range names {
			in := &score.Indicator{Indicator: &model.Indicator{ID: text, Name: text}}
			if got, want := l.about(b, in, &tx), substitute(about, []any{text}); got != want {
				t.Errorf("about %q of %q = %q, want %q", about, text, got, want)
			}
		}
	}
	b.tr.text = map[string]string{}
	b.s.Config.Feedback = model.Feedback{Email: "a@x.cn"}
	l := b.reportLinks("2024", "d")
	in := &score.Indicator{Indicator: &model.Indicator{ID: "i", Name: "n"}}
	for range 2 {
		if got := l.about(b, in, &texts{}); got != "report_problem_about" {
			t.Errorf("about without the text = %q", got)
		}
	}
	if len(b.errs) != 2 {
		t.Errorf("a missing text failed %d rows of 2: %v", len(b.errs), b.errs)
	}
}
