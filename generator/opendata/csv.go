package opendata

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"perfsite/generator/decimal"
	"perfsite/generator/internal/chunks"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

const bom = "\ufeff"

// spec is one CSV file's layout: its columns (SPEC §9, in that order), which of them
// hold numbers, and how many leading columns name the thing a row is about.
type spec struct {
	name    string
	header  []string
	numbers map[string]bool
	key     int

	pos     int    // its place in specs
	numeric []bool // by column: numbers[header[i]]
}

func (s *spec) column(name string) int {
	for i, h := range s.header {
		if h == name {
			return i
		}
	}
	return -1
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

var (
	departmentsCSV = &spec{name: "departments.csv",
		header: []string{"cycle", "department", "name", "group", "status", "indicator_score", "bonus", "penalty",
			"veto_deduct", "total", "grade", "rank_group", "rank_overall"},
		numbers: set("indicator_score", "bonus", "penalty", "veto_deduct", "total", "rank_group", "rank_overall"), key: 2}
	dimensionsCSV = &spec{name: "dimensions.csv",
		header:  []string{"cycle", "department", "dimension", "name", "points", "score", "rate"},
		numbers: set("points", "score", "rate"), key: 3}
	indicatorsCSV = &spec{name: "indicators.csv",
		header: []string{"cycle", "department", "indicator", "name", "dimension", "unit", "method", "direction",
			"points", "target", "floor", "actual", "baseline", "fraction", "score", "status", "source", "assessor"},
		numbers: set("points", "target", "floor", "actual", "baseline", "fraction", "score"), key: 3}
	progressCSV = &spec{name: "progress.csv",
		header:  []string{"cycle", "department", "indicator", "period", "milestone", "value", "status"},
		numbers: set("milestone", "value"), key: 4}
	adjustmentsCSV = &spec{name: "adjustments.csv",
		header:  []string{"cycle", "department", "kind", "rule", "points", "counted", "reason", "basis", "date"},
		numbers: set("points", "counted"), key: 2}
	rectificationsCSV = &spec{name: "rectifications.csv",
		header:  []string{"cycle", "department", "issue", "action", "owner", "due", "status", "done", "overdue"},
		numbers: set(), key: 2}
)

// specs lists the CSV files in the order they are written.
var specs = []*spec{departmentsCSV, dimensionsCSV, indicatorsCSV, progressCSV, adjustmentsCSV, rectificationsCSV}

func init() {
	for i, s := range specs {
		s.pos = i
		for _, h := range s.header {
			s.numeric = append(s.numeric, s.numbers[h])
		}
	}
}

// table is a CSV file's rows, cells as they are written.
type table struct {
	spec *spec
	rows [][]string
}

// add appends a row of the cells of lead then cells, neutralising its text cells.
func (t *table) add(lead, cells []string) {
	row := append(append(make([]string, 0, len(lead)+len(cells)), lead...), cells...)
	for i, c := range row {
		if !t.spec.numeric[i] {
			row[i] = text(c)
		}
	}
	t.rows = append(t.rows, row)
}

// csvHead is the start of a CSV file: the byte order mark and the header row.
func csvHead(s *spec) []byte {
	return appendRow([]byte(bom), s.header, nil)
}

// appendRow appends a row with CRLF line ends as encoding/csv's Writer with UseCRLF
// writes it. numeric says which cells hold numbers; the others are text, and
// neutralised first. With numeric nil every cell is written as it is (a header).
func appendRow(dst []byte, cells []string, numeric []bool) []byte {
	return append(appendCells(dst, cells, numeric), '\r', '\n')
}

// appendCells appends the cells of a row as appendRow does, without its line end.
func appendCells(dst []byte, cells []string, numeric []bool) []byte {
	for i, c := range cells {
		if i > 0 {
			dst = append(dst, ',')
		}
		if numeric == nil || numeric[i] || !formula(c) {
			dst = appendCell(dst, c, needsQuotes(c))
			continue
		}
		// "'" + c, without making that string: its first rune is not a space.
		if !hasSpecial(c) {
			dst = append(dst, '\'')
			dst = append(dst, c...)
			continue
		}
		dst = append(dst, '"', '\'')
		dst = appendQuoted(dst, c)
		dst = append(dst, '"')
	}
	return dst
}

// appendCell appends one cell, in quotes when it must be.
func appendCell(dst []byte, c string, quoted bool) []byte {
	if !quoted {
		return append(dst, c...)
	}
	dst = append(dst, '"')
	dst = appendQuoted(dst, c)
	return append(dst, '"')
}

// appendQuoted appends the inside of a quoted cell: a quote doubled, a line feed as
// CRLF, and a carriage return dropped (encoding/csv's rule with UseCRLF, so that a
// CRLF in the text stays one line break).
func appendQuoted(dst []byte, c string) []byte {
	for len(c) > 0 {
		i := strings.IndexAny(c, "\"\r\n")
		if i < 0 {
			return append(dst, c...)
		}
		dst = append(dst, c[:i]...)
		switch c[i] {
		case '"':
			dst = append(dst, '"', '"')
		case '\n':
			dst = append(dst, '\r', '\n')
		}
		c = c[i+1:]
	}
	return dst
}

// needsQuotes is encoding/csv's rule: a comma, a quote or a line break, a leading
// space of any kind, or the cell \. alone.
func needsQuotes(c string) bool {
	if c == "" {
		return false
	}
	if c == `\.` || hasSpecial(c) {
		return true
	}
	b := c[0]
	if b < utf8.RuneSelf {
		return b == ' ' || '\t' <= b && b <= '\r' // unicode.IsSpace of ASCII
	}
	// The other spaces begin with C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000 …
	// U+205F) or E3 (U+3000); a Chinese character with E4 … E9, so it is not decoded.
	if b != 0xC2 && (b < 0xE1 || b > 0xE3) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(c)
	return unicode.IsSpace(r)
}

// hasSpecial reports a comma, a quote or a line break. It reads eight bytes at a
// time, and looks at them one by one only when one is below '-', as every byte it
// looks for is: no byte of a Chinese character is, nor a letter or a digit.
func hasSpecial(c string) bool {
	for ; len(c) >= 8; c = c[8:] {
		if below(word(c), '-') && specialByte(c[:8]) {
			return true
		}
	}
	return specialByte(c)
}

// specialByte is hasSpecial a byte at a time.
func specialByte(c string) bool {
	for i := 0; i < len(c); i++ {
		if special[c[i]] {
			return true
		}
	}
	return false
}

// word is the first eight bytes of s as one number, the first byte lowest.
func word(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// below reports whether a byte of x is below n, n at most 0x80: subtracting n from
// such a byte sets its top bit, which &^x keeps only where the byte's own was
// clear. A borrow can mark bytes above one that is below n, never when none is.
func below(x uint64, n byte) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	return (x-ones*uint64(n))&^x&tops != 0
}

// special marks the bytes hasSpecial looks for: one look-up a byte instead of four
// comparisons.
var special = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// text keeps a spreadsheet from reading a cell as a formula (OWASP "CSV injection"):
// a leading =, +, -, @, tab or carriage return gets a single quote in front.
func text(s string) string {
	if formula(s) {
		return "'" + s
	}
	return s
}

// formula reports whether a spreadsheet could read s as a formula.
func formula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// exact writes an input as given; nil is an empty cell.
func exact(d *decimal.D) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// cents writes a score or a sum of scores with two decimals (7.20), or exactly when
// the value has more decimals than two (a bonus of 0.125 stays 0.125).
func cents(d decimal.D) string {
	var buf [40]byte
	return string(appendCents(buf[:0], d))
}

// appendCents appends cents(d). It formats once: the exact digits (Append), padded
// with zeros to two decimals when they have fewer, which is Fixed(2) of a value that
// Round(2) leaves as it is. A value without an end (1/3) is written by String
// rounded, so it can look short yet is not padded.
func appendCents(dst []byte, d decimal.D) []byte {
	start := len(dst)
	dst = d.Append(dst)
	s := dst[start:]
	point := bytes.IndexByte(s, '.')
	switch {
	case point >= 0 && len(s)-point-1 > 2:
		return dst // more decimals than two
	case !d.Exact():
		return dst
	case point < 0:
		return append(dst, ".00"...)
	case len(s)-point-1 == 1:
		return append(dst, '0')
	}
	return dst
}

// share writes a fraction or a rate rounded to 6 decimals.
func share(d decimal.D) string { return d.Fixed(6) }

// numText makes the text of numbers, many to an allocation instead of one each
// (see chunks).
type numText struct{ chunks.Strings }

// num is d.String().
func (t *numText) num(d decimal.D) string {
	var buf [40]byte
	return t.Of(d.Append(buf[:0]))
}

// exact is exact(d).
func (t *numText) exact(d *decimal.D) string {
	if d == nil {
		return ""
	}
	return t.num(*d)
}

// cents is cents(d).
func (t *numText) cents(d decimal.D) string {
	var buf [40]byte
	return t.Of(appendCents(buf[:0], d))
}

// share is share(d).
func (t *numText) share(d decimal.D) string {
	var buf [40]byte
	return t.Of(d.AppendFixed(buf[:0], 6))
}

func rank(r int) string {
	if r <= 0 {
		return ""
	}
	return strconv.Itoa(r)
}

func status(draft bool) string {
	if draft {
		return "draft"
	}
	return "final"
}

func direction(in *model.Indicator) string {
	if in.Direction == "" {
		return model.Higher
	}
	return in.Direction
}

// counted is the points adjustment i counts for after the caps (a veto: its deduction).
func counted(d *score.Department, i int) decimal.D {
	if i < len(d.Counted) {
		return d.Counted[i]
	}
	return decimal.D{}
}
