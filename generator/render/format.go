package render

import (
	"bytes"
	"maps"
	"slices"
	"strings"

	"perfsite/generator/decimal"
	"perfsite/generator/internal/chunks"
	"perfsite/generator/score"
)

// Numbers are shown as published: inputs exactly as written, scores and totals
// to 2 decimals, rates as percentages to 1 decimal. A negative number gets a true
// minus sign (−), which reads better and is not mistaken for a hyphen.

// points writes a score or total to 2 decimals.
func (t *texts) points(d decimal.D) string {
	var buf [40]byte
	return t.number(d.AppendFixed(buf[:0], 2))
}

// exact writes an input number as written.
func (t *texts) exact(d decimal.D) string {
	var buf [40]byte
	return t.number(d.Append(buf[:0]))
}

// optional writes an input that may be absent; absent is "".
func (t *texts) optional(d *decimal.D) string {
	if d == nil {
		return ""
	}
	return t.exact(*d)
}

// known is a number already written on a page, and its text; nil d is none.
type known struct {
	d    *decimal.D
	text string
}

// exactOr is t.exact(d), made again only when d is not k's number: equal
// decimals (==) are one form, the same text.
func (t *texts) exactOr(d decimal.D, k known) string {
	if k.d != nil && *k.d == d {
		return k.text
	}
	return t.exact(d)
}

// percent writes a rate (0.925) as a percentage ("92.5%").
func (t *texts) percent(rate decimal.D) string { return t.percentage(rate.Mul(hundred)) }

// percentage writes a rate already multiplied by 100 as percent does: a
// page that also draws the rate multiplies once, as a fraction's product is an
// allocation.
func (t *texts) percentage(p decimal.D) string {
	var buf [40]byte
	return t.number(append(p.AppendFixed(buf[:0], 1), '%'))
}

// Pages with few numbers make each a string of its own.
func points(d decimal.D) string     { return (*texts)(nil).points(d) }
func exact(d decimal.D) string      { return (*texts)(nil).exact(d) }
func optional(d *decimal.D) string  { return (*texts)(nil).optional(d) }
func percent(rate decimal.D) string { return (*texts)(nil).percent(rate) }

// signed writes a change with its sign: "+1.25", "−0.50", "0.00".
func signed(d decimal.D) string {
	if d.Sign() > 0 {
		var buf [40]byte
		return string(d.AppendFixed(append(buf[:0], '+'), 2))
	}
	return points(d)
}

// number is a formatted number as a string, with a true minus sign.
func (t *texts) number(b []byte) string {
	rest, neg := bytes.CutPrefix(b, []byte("-"))
	if t == nil {
		if neg {
			return "−" + string(rest)
		}
		return string(b)
	}
	at := t.Start(len(b) + 2)
	if neg {
		t.Builder().WriteString("−")
	}
	t.Builder().Write(rest)
	return t.Since(at)
}

// texts makes the short strings of one page's model — its numbers, its
// report links — as parts of a few larger strings: a scorecard has ≈450 and a
// dimension's page three for each scorecard of the cycle, and one allocation
// each was most of their models'. The zero value is ready; a nil *texts makes
// each string on its own.
type texts struct{ chunks.Strings }

// statusIcons are the symbols beside status words; the word always goes with them.
var statusIcons = map[string]string{
	score.Met:       "✔",
	score.Near:      "◐",
	score.Missed:    "✘",
	score.Pending:   "…",
	score.OnTrack:   "✔",
	score.Behind:    "◐",
	score.AtRisk:    "✘",
	"open":          "○",
	"in_progress":   "◐",
	"done":          "✔",
	"overdue":       "⚠",
	"critical":      "★",
	score.Improving: "↗",
	score.Worsening: "↘",
	score.Unchanged: "→",
}

// status is the view of a status key; its word is the i18n text "status_<key>".
// The statuses of statusIcons are made once per site, with their HTML.
func (b *builder) status(key string) Status {
	if key == "" {
		return Status{}
	}
	if st, ok := b.statuses.get(key); ok {
		return st
	}
	st := Status{Key: strings.ReplaceAll(key, "_", "-"), Icon: statusIcons[key], Word: b.t("status_" + key)}
	var err error
	if st.HTML, err = b.ts.fragment("status", st); err != nil {
		b.fail(err)
	}
	return st
}

// statusSet is the statuses made once per site, by key. A scorecard looks up
// ≈160, each one of a dozen keys, which a scan finds sooner than a map hashes.
type statusSet struct {
	keys []string
	list []Status
}

// get is the status of key, if made.
func (s *statusSet) get(key string) (Status, bool) {
	for i, k := range s.keys {
		if k == key {
			return s.list[i], true
		}
	}
	return Status{}, false
}

// prepareFragments makes the markup every page shares once per site, through
// the layouts' own partials: each status of statusIcons and the missing value;
// each layout's folded constants and the parts of Page.Header follow on its
// first use (see templates.layout). A status whose text the theme lacks, or a
// partial it lacks, is left out: like any other, it fails the build only when a
// page needs it.
func (b *builder) prepareFragments(ts *templates) error {
	b.ts = ts
	b.site.Nav = b.nav()
	b.statuses = statusSet{}
	for _, key := range slices.Sorted(maps.Keys(statusIcons)) {
		word, err := b.tr.T("status_" + key)
		if err != nil {
			continue
		}
		st := Status{Key: strings.ReplaceAll(key, "_", "-"), Icon: statusIcons[key], Word: word}
		if st.HTML, err = ts.fragment("status", st); err != nil {
			return err
		}
		b.statuses.keys, b.statuses.list = append(b.statuses.keys, key), append(b.statuses.list, st)
	}
	none, err := ts.fragment("value", "")
	if err != nil {
		return err
	}
	b.site.None = none
	ts.readyLayouts(b.funcs(), b.site)
	return nil
}

// change compares a total with the previous cycle's.
func (b *builder) change(d *score.Department) Change {
	if d == nil || d.Previous == nil {
		return Change{}
	}
	prevCycle := ""
	if d.Previous.Card != nil {
		prevCycle = b.cycleOfCard(d.Previous)
	}
	delta := d.Total.Sub(d.Previous.Total)
	c := Change{Text: signed(delta)}
	switch delta.Sign() {
	case 1:
		c.Dir, c.Icon, c.Word = "up", "▲", b.tStrings("change_up", delta.Fixed(2), prevCycle)
	case -1:
		c.Dir, c.Icon, c.Word = "down", "▼", b.tStrings("change_down", delta.Neg().Fixed(2), prevCycle)
	default:
		c.Dir, c.Icon, c.Word = "same", "＝", b.tStrings("change_same", prevCycle)
	}
	return c
}

// cycleOfCard finds the cycle a result belongs to, for "up 1.25 from 2023".
func (b *builder) cycleOfCard(d *score.Department) string {
	for _, c := range b.cycles {
		if c.byID[d.ID] == d {
			return c.m.ID
		}
	}
	return ""
}
