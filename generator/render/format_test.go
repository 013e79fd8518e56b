package render

import (
	"net/url"
	"strings"
	"testing"
	"unsafe"

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

// TestExactOrIsExact holds exactOr to exact for every pair of a number and a
// known one, made in different ways (parsed, computed, rational, with and
// without trailing zeros), and checks that an equal number takes the known text.
func TestExactOrIsExact(t *testing.T) {
	third := decimal.Int(1).Quo(decimal.Int(3))
	ds := []decimal.D{
		decimal.Int(0), decimal.MustParse("0.0"), decimal.MustParse("-0"), decimal.Int(100),
		decimal.MustParse("100.00"), decimal.MustParse("1e2"), decimal.MustParse("97.3"),
		decimal.MustParse("97.30"), decimal.MustParse("-97.3"), decimal.MustParse("0.1").Add(decimal.MustParse("0.2")),
		decimal.MustParse("0.3"), third, decimal.Int(1).Quo(decimal.Int(3)), third.Neg(), third.Mul(decimal.Int(3)),
		decimal.MustParse("123456789012.125"), decimal.MustParse("9223372036854775807"),
		decimal.MustParse("92233720368547758070"), decimal.MustParse("-0.000000000000000001"),
		decimal.Int(5).Quo(decimal.Int(4)), decimal.MustParse("1.25"), decimal.MustParse("2.5").Round(0),
	}
	for _, d := range ds {
		check(t, d, known{})
		for _, e := range ds {
			check(t, d, known{&e, exact(e)})
		}
	}
}

// check holds exactOr(d, k) to exact(d), and to k's very text when d == *k.d.
func check(t *testing.T, d decimal.D, k known) {
	t.Helper()
	var tx texts
	got := tx.exactOr(d, k)
	if want := exact(d); got != want {
		t.Fatalf("exactOr(%v, %v) = %q, want %q", d, k.d, got, want)
	}
	if reused := k.d != nil && *k.d == d; reused != (unsafe.StringData(got) == unsafe.StringData(k.text)) {
		t.Errorf("exactOr(%v, %v) took the known text: %v, want %v", d, k.d, !reused, reused)
	}
}

// FuzzExactOr holds exactOr to exact for numbers parsed or computed from
// the fuzzer's texts.
func FuzzExactOr(f *testing.F) {
	f.Add("97.3", "97.30", byte(0))
	f.Add("1", "3", byte(3))
	f.Add("-0.5", "0.25", byte(1))
	f.Fuzz(func(t *testing.T, a, b string, op byte) {
		x, err := decimal.Parse(a)
		if err != nil {
			return
		}
		y, err := decimal.Parse(b)
		if err != nil {
			return
		}
		switch op % 4 {
		case 1:
			y = x.Add(y)
		case 2:
			y = x.Sub(y).Add(y)
		case 3:
			if y.IsZero() {
				return
			}
			x, y = x.Quo(y), x.Quo(y)
		}
		check(t, x, known{&y, exact(y)})
		check(t, y, known{&x, exact(x)})
	})
}

// TestReportLinkAsNetURLWritesIt holds report links to url.QueryEscape and
// url.PathEscape of their parts joined, for every byte and the hostile
// strings, and what they are about to the theme's text, each name's parts
// made and then taken from the names it shares, three times as many
// indicators as names, so that each name comes with several ids; a theme
// without that text fails every row that needs it.
func TestReportLinkAsNetURLWritesIt(t *testing.T) {
	names := hostileTexts(t, "", "tax", "a b+c&d=e/f?g", "市场 监管")
	b := &builder{s: &model.Site{}, depts: map[string]*model.Department{"d": {Name: "部门 & <x>"}},
		tr: &i18n{lang: "zh-CN", text: map[string]string{"report_problem_about": "：{1}{2}"}}}
	for _, fb := range []model.Feedback{{URL: "https://f.cn/form?from=x"}, {URL: "https://f.cn/form"}, {Email: "a+b@x.cn"}, {}} {
		b.s.Config.Feedback = fb
		l := b.reportLinks("2024 年", "d", new(reportNames))
		var tx texts // links made one after another in one chunk, as on a scorecard
		for k := range 3 * len(names) {
			id, text := names[(k+k/len(names))%len(names)], names[k%len(names)]
			in := &score.Indicator{Indicator: &model.Indicator{ID: id, Name: text}}
			subject := "2024 年 / 部门 & <x> / " + text
			want := ""
			switch {
			case fb.URL != "":
				q := url.Values{"cycle": {"2024 年"}, "department": {"d"}, "indicator": {id}, "subject": {subject}}
				want = fb.URL + "?" + q.Encode()
				if strings.Contains(fb.URL, "?") {
					want = fb.URL + "&" + q.Encode()
				}
			case fb.Email != "":
				want = "mailto:" + fb.Email + "?subject=" + url.PathEscape(subject)
			}
			if got := l.link(in, &tx); got != want {
				t.Errorf("%+v: link(%q, %q) = %q, want %q", fb, id, text, got, want)
			}
			if want == "" {
				continue
			}
			if got, want := l.about(b, in), "："+text+"{2}"; got != want {
				t.Errorf("about(%q) = %q, want %q", text, got, want)
			}
		}
	}
	// Other texts, each as substitute writes it with the name as its one argument.
	b.s.Config.Feedback = model.Feedback{Email: "a@x.cn"}
	for _, about := range []string{"", "：{1}", "{1}", "{1}{1}", "{{1}}", "{a{1}", "{01}{1x}{ 1}", "关于{1}的问题{2}{", "}{1}{", "{1"} {
		b.tr.text["report_problem_about"] = about
		l := b.reportLinks("2024", "d", new(reportNames))
		for _, text := range append(names, names...) {
			in := &score.Indicator{Indicator: &model.Indicator{ID: text, Name: text}}
			if got, want := l.about(b, in), substitute(about, []any{text}); got != want {
				t.Errorf("about %q of %q = %q, want %q", about, text, got, want)
			}
		}
	}
	b.tr.text = map[string]string{}
	b.s.Config.Feedback = model.Feedback{Email: "a@x.cn"}
	l := b.reportLinks("2024", "d", new(reportNames))
	in := &score.Indicator{Indicator: &model.Indicator{ID: "i", Name: "n"}}
	for range 2 {
		if got := l.about(b, in); got != "report_problem_about" {
			t.Errorf("about without the text = %q", got)
		}
	}
	if len(b.errs) != 2 {
		t.Errorf("a missing text failed %d rows of 2: %v", len(b.errs), b.errs)
	}
}

// TestStatusesAsMadeOne holds the statuses made once per site to each made
// on its own, as status makes one it lacks, for every key with an icon; and
// finds none for other keys, so that those are made on their own.
func TestStatusesAsMadeOne(t *testing.T) {
	b, ts := testBuilder(t, exampleSite(t), Options{Today: today}, nil, nil)
	if err := b.prepareFragments(ts); err != nil {
		t.Fatal(err)
	}
	for key := range statusIcons {
		got, ok := b.statuses.get(key)
		want := Status{Key: strings.ReplaceAll(key, "_", "-"), Icon: statusIcons[key], Word: b.t("status_" + key)}
		var err error
		if want.HTML, err = ts.fragment("status", want); err != nil {
			t.Fatal(err)
		}
		if !ok || got != want {
			t.Errorf("status %q = %+v, %v; want %+v", key, got, ok, want)
		}
	}
	for _, key := range []string{"", "x", "met ", "MET", "on-track", "status_met", "in_progres"} {
		if st, ok := b.statuses.get(key); ok {
			t.Errorf("status %q found: %+v", key, st)
		}
	}
	if len(b.errs) > 0 {
		t.Error(b.errs)
	}
}
