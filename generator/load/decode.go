package load

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
	"perfsite/generator/model"
)

// doc is one decoded TOML text with the positions of its keys.
type doc struct {
	src   *model.Source
	diags *diag.List
	top   []string          // keys allowed at the top of the file, for a hint when one is misplaced
	strs  map[string]string // shares the strings the model keeps (see scratch); nil: each is copied
	nums  []decimal.D       // where number makes the numbers the model keeps
	long  strings.Builder   // where keep copies long strings, when it has room
	room  *room             // where tables makes its tables (nil: allocated)

	// text is the text when decodePlain read it, which notes where each key and
	// table is written (field.at, fields.at): a problem found while the file is
	// checked is placed from there (table.at), without the scan of the whole file
	// src makes. "": the TOML decoder read it, and src finds positions. shift is
	// the number of lines of the file before the text.
	text  string
	shift int
	lines *lineIndex // text's, made for its first message
}

// decode parses TOML text into tables. shift is the number of lines of the file
// before the text. On a syntax error it reports it and returns nil.
func decode(rel, text string, shift int, diags *diag.List) *table {
	return decodeIn(nil, textSource(rel, text, shift), text, shift, diags)
}

// textSource is a Source whose positions are found in text, kept until then.
func textSource(rel, text string, shift int) *model.Source {
	return model.NewSource(rel, func() map[string]diag.Pos { return scanPositions(rel, text, shift) })
}

// decodeIn is decode with the tables made in a room (nil: allocated), and the
// positions of their keys found by src.
func decodeIn(r *room, src *model.Source, text string, shift int, diags *diag.List) (top *table) {
	rel := src.File
	defer func() {
		if r := recover(); r != nil {
			diags.Errorf(diag.Pos{File: rel}, "this file could not be read as TOML (%v)", r)
			top = nil
		}
	}()
	f, plain := decodePlain(text, r) // nests no deeper than tooDeep allows
	if plain {
		return &table{d: &doc{src: src, diags: diags, room: r, text: text, shift: shift}, f: f}
	}
	if line, col := tooDeep(text); line > 0 {
		diags.Errorf(diag.Pos{File: rel, Line: line + shift, Col: col}, "values are nested more than %d levels deep here ([ ] or { } inside one another, or a key of more than %d dotted parts); no site file needs so many, and reading them would take very long: look for brackets or dots written by mistake", maxDepth, maxDepth)
		return nil
	}
	var m map[string]any
	if _, err := toml.Decode(text, &m); err != nil {
		reportSyntax(rel, text, shift, err, diags)
		return nil
	}
	return &table{d: &doc{src: src, diags: diags, room: r}, f: fromDecoder(m).(*fields)}
}

// fields is a decoded TOML table: its keys with their values, in the order written.
// A value is a string, int64, float64, bool, time.Time, []any (an array), *fields
// (a table) or []*fields (an array of tables). Tables are small, so a list is
// quicker to fill and to search than a map.
type fields struct {
	list []field
	// keys has bit keyHash of every key in list set. Most keys looked for are not there
	// (an indicator is asked for some 35 keys and has about 12), and most of those
	// are told absent by their bit alone, without comparing strings.
	keys uint64
	// first is where the first key of each keyHash is in list (255: there or
	// later), so that index finds most keys at the first look instead of going
	// through the list: an indicator's table is asked for its keys some 35 times.
	first [64]uint8
	at    int32 // decodePlain's: the offset of the table's header, or of its key for { … }
}

type field struct {
	key string
	at  int32 // decodePlain's: the offset of the key in the text (files are at most 8 MiB)
	// hash is the key's keyHash: index compares it before the key, as most keys of
	// a table differ from the one looked for.
	hash uint8
	// clean is decodePlain's: text has no byte that starts a character badRune
	// refuses, which it found reading the text anyway, so str need not look again.
	clean bool
	val   any
	// text, num and tables are the value when val is inText, inFloat or inTables:
	// decodePlain leaves strings, floats and arrays of tables unboxed, as a
	// scorecard has some 350 strings and 150 floats, and boxing each one (and an
	// array of tables again for each [[entry]]) allocates.
	text   string
	num    float64
	tables []*fields
}

// inText, inFloat and inTables mark a field whose value is in text, num or tables.
type (
	inText   struct{}
	inFloat  struct{}
	inTables struct{}
)

// value is the field's value, one held in text, num or tables boxed now.
func (f *field) value() any {
	switch f.val.(type) {
	case inText:
		return f.text
	case inFloat:
		return f.num
	case inTables:
		return f.tables
	}
	return f.val
}

// decimal is decimalOf the field's value, read without boxing it.
func (f *field) decimal() (decimal.D, bool) {
	if _, ok := f.val.(inFloat); ok {
		return decimalOf(f.num)
	}
	return decimalOf(f.val)
}

// stringValue is the field's value if it is a string, read without boxing it.
func (f *field) stringValue() (string, bool) {
	switch v := f.val.(type) {
	case inText:
		return f.text, true
	case string:
		return v, true
	}
	return "", false
}

// keyHash is a number from 0 to 63 chosen by a key's length and first and last
// bytes, which tell the keys of site files apart well enough.
func keyHash(key string) uint {
	h := uint(len(key)) * 7
	if len(key) > 0 {
		h += uint(key[0])*3 + uint(key[len(key)-1])
	}
	return h & 63
}

// index is where key is in the list, or -1.
func (f *fields) index(key string) int {
	h := keyHash(key)
	if f.keys&(1<<h) == 0 {
		return -1
	}
	for i := int(f.first[h]); i < len(f.list); i++ {
		if f.list[i].hash == uint8(h) && f.list[i].key == key {
			return i
		}
	}
	return -1
}

// get finds the value of a key.
func (f *fields) get(key string) (any, bool) {
	if i := f.index(key); i >= 0 {
		return f.list[i].value(), true
	}
	return nil, false
}

// stringOf is the value of a key if it is a string, read without boxing it.
func (f *fields) stringOf(key string) (string, bool) {
	if i := f.index(key); i >= 0 {
		return f.list[i].stringValue()
	}
	return "", false
}

func (f *fields) add(key string, val any) {
	f.addField(field{key: key, val: val})
}

func (f *fields) addField(x field) {
	x.hash = uint8(keyHash(x.key))
	if f.keys&(1<<x.hash) == 0 {
		f.first[x.hash] = uint8(min(len(f.list), 255))
		f.keys |= 1 << x.hash
	}
	f.list = append(f.list, x)
}

// fromDecoder turns a value as the TOML decoder gives it (map[string]any for a
// table, []map[string]any for an array of tables) into fields, keys in order.
func fromDecoder(v any) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		f := &fields{list: make([]field, 0, len(keys))}
		for _, k := range keys {
			f.add(k, fromDecoder(x[k]))
		}
		return f
	case []map[string]any:
		out := make([]*fields, len(x))
		for i, m := range x {
			out[i] = fromDecoder(m).(*fields)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromDecoder(e)
		}
		return out
	}
	return v
}

// reportSyntax reports what the TOML decoder found wrong with text.
func reportSyntax(rel, text string, shift int, err error, diags *diag.List) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		diags.Errorf(diag.Pos{File: rel}, "this file could not be read as TOML: %v", err)
		return
	}
	idx := newLineIndex(text, shift)
	line, col := pe.Position.Line, idx.runeCol(pe.Position.Line, pe.Position.Col)
	if isDuplicate(pe.Message) {
		col = idx.firstCol(line) // the decoder points past the value; the key is what is repeated
	}
	if line < 1 {
		line, col = 1, 0
	}
	header := strings.HasPrefix(idx.lineText(line), "[")
	diags.Errorf(diag.Pos{File: rel, Line: line + shift, Col: col}, "%s", syntaxMessage(pe, header))
}

// syntaxMessage says in plain words what the TOML decoder found wrong.
// header tells that the error is on a [section] line.
func syntaxMessage(pe toml.ParseError, header bool) string {
	msg := pe.Message
	hint := ""
	switch {
	case isDuplicate(msg):
		key := between(msg, "'", "'")
		if key == "" {
			key = pe.LastKey
		}
		if header {
			return fmt.Sprintf("TOML syntax error: the section [%s] is already defined above; a [section] may appear once, and each entry of a list has its own [[%s]] line", key, key)
		}
		if strings.Contains(msg, "already created") {
			return fmt.Sprintf("TOML syntax error: %q is written in two different forms (as a key, a [table] or a [[list]] entry); keep one form", key)
		}
		if i := strings.LastIndex(key, "."); i >= 0 {
			key = key[i+1:] // the decoder names the whole path; the key is what the user wrote
		}
		return fmt.Sprintf("TOML syntax error: key %q is written twice; keep only one", key)
	case strings.Contains(msg, "strings cannot contain newlines"), strings.Contains(msg, `expected '"'`), strings.Contains(msg, `expected "'"`):
		return "TOML syntax error: a text value is missing its closing quote; text must start and end on the same line, between quotes (\"…\")"
	case strings.Contains(msg, "newlines not allowed within inline tables"):
		return "TOML syntax error: a { … } table must be written on one line"
	case strings.HasPrefix(msg, "expected value but found"):
		hint = "; text values must be in quotes, e.g. name = \"…\""
	case strings.HasPrefix(msg, "expected a top-level item to end with a newline"):
		return "TOML syntax error: unexpected text after the value; write one key = value per line and put text in quotes"
	case strings.HasPrefix(msg, "expected '.' or '='"), strings.HasPrefix(msg, "unexpected EOF; expected key separator"):
		return "TOML syntax error: expected \"=\" after the key; write key = value (a key has no spaces; text values go in quotes)"
	case strings.HasPrefix(msg, "invalid datetime"):
		hint = "; write dates as 2024-02-20"
	case strings.HasPrefix(msg, "expected a comma"):
		hint = "; separate the items of a list with commas"
	case strings.HasPrefix(msg, "Invalid float"), strings.HasPrefix(msg, "Invalid integer"), strings.HasPrefix(msg, "invalid float"):
		hint = "; write numbers like 95 or 97.3"
	}
	return "TOML syntax error: " + msg + hint
}

func isDuplicate(msg string) bool {
	return strings.Contains(msg, "has already been defined") || strings.Contains(msg, "was already created")
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.LastIndex(s, b)
	if j < 0 {
		return ""
	}
	return s[:j]
}

// table is one TOML table being checked against what the format allows: each getter
// reports a missing or mistyped key at its position and returns the zero value, so a
// whole file is checked in one pass.
type table struct {
	d    *doc
	path string // key path, "" for the top of the file
	what string // how messages name the table: "[[indicator]]", "site.toml"
	f    *fields

	offsets map[string]int32 // where each key is written, for a table of many keys with messages
}

func (t *table) origin() model.Origin { return model.Origin{Src: t.d.src, Path: t.path} }

// at is the position of a key of the table, or of the table itself.
func (t *table) at(key string) diag.Pos {
	if t.d.text != "" && strings.IndexByte(key, '.') < 0 {
		return t.placed(key)
	}
	if key == "" {
		return t.d.src.At(t.path)
	}
	return t.d.src.At(join(t.path, key))
}

// placed is at for text decodePlain read: the key where it is written, else the
// table's header (or its key, for { … }), else the file, as src would find them.
func (t *table) placed(key string) diag.Pos {
	if off, ok := t.offset(key); ok {
		return t.d.posAt(off)
	}
	if t.path == "" {
		return diag.Pos{File: t.d.src.File}
	}
	return t.d.posAt(t.f.at)
}

// offset is where key is written. A table of many keys is looked up in a map made
// for its first message, so that one with thousands of unknown keys is not searched
// through for each of them.
func (t *table) offset(key string) (int32, bool) {
	if key == "" {
		return 0, false
	}
	if len(t.f.list) <= 64 {
		i := t.f.index(key)
		if i < 0 {
			return 0, false
		}
		return t.f.list[i].at, true
	}
	if t.offsets == nil {
		t.offsets = make(map[string]int32, len(t.f.list))
		for _, f := range t.f.list {
			t.offsets[f.key] = f.at
		}
	}
	off, ok := t.offsets[key]
	return off, ok
}

// posAt is the position of a byte offset of the text.
func (d *doc) posAt(off int32) diag.Pos {
	if d.lines == nil {
		d.lines = newLineIndex(d.text, d.shift)
	}
	line, col := d.lines.at(int(off))
	return diag.Pos{File: d.src.File, Line: line, Col: col}
}

// pos is the position of the table: its header line, or the file.
func (t *table) pos() diag.Pos {
	return t.at("")
}

func (t *table) errorf(key, format string, args ...any) {
	t.d.diags.Errorf(t.at(key), format, args...)
}

func (t *table) warnf(key, format string, args ...any) {
	t.d.diags.Warnf(t.at(key), format, args...)
}

func (t *table) has(key string) bool {
	return t.f.index(key) >= 0
}

// get finds the value of a key of the table.
func (t *table) get(key string) (any, bool) {
	return t.f.get(key)
}

// written reports whether a key path below the table is written in the file, like
// "target" or "bands.0" (the first entry of bands), whether or not its value is usable.
func (t *table) written(path string) bool {
	if path != "" && strings.IndexByte(path, '.') < 0 {
		return t.has(path) // most paths are one key
	}
	var v any = t.f
	for path != "" {
		part, rest, _ := strings.Cut(path, ".")
		path = rest
		var ok bool
		switch x := v.(type) {
		case *fields:
			v, ok = x.get(part)
		case []any:
			i, err := strconv.Atoi(part)
			if ok = err == nil && i >= 0 && i < len(x); ok {
				v = x[i]
			}
		case []*fields:
			i, err := strconv.Atoi(part)
			if ok = err == nil && i >= 0 && i < len(x); ok {
				v = x[i]
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// keys lists the table's keys in a fixed order.
func (t *table) keys() []string {
	ks := make([]string, len(t.f.list))
	for i, f := range t.f.list {
		ks[i] = f.key
	}
	sort.Strings(ks)
	return ks
}

// only reports whether every key of the table is in allowed.
func (t *table) only(allowed []string) bool {
	for _, f := range t.f.list {
		if !contains(allowed, f.key) {
			return false
		}
	}
	return true
}

// keySet is a set of keys: quicker to ask than a list of some thirty, or a map,
// as a key is compared only with the one or two of the set that share its keyHash.
type keySet [64][]string

func newKeySet(keys []string) *keySet {
	var s keySet
	for _, k := range keys {
		h := keyHash(k)
		s[h] = append(s[h], k)
	}
	return &s
}

// has reports whether k is in the set.
func (s *keySet) has(k string) bool {
	for _, x := range s[keyHash(k)] {
		if x == k {
			return true
		}
	}
	return false
}

// onlyIn reports whether every key of the table is in allowed.
func (t *table) onlyIn(allowed *keySet) bool {
	for i := range t.f.list {
		if !allowed.has(t.f.list[i].key) {
			return false
		}
	}
	return true
}

// check reports every key that is not in allowed.
func (t *table) check(allowed ...string) {
	if t.path == "" {
		t.d.top = allowed
	}
	if t.only(allowed) {
		return
	}
	for _, k := range t.keys() {
		if !contains(allowed, k) {
			t.unknown(k, allowed)
		}
	}
}

func (t *table) unknown(k string, allowed []string) {
	if t.path != "" && contains(t.d.top, k) {
		t.errorf(k, "unknown key %q in %s: %s belongs at the top of the file, above the first [[…]] or […] header (every key below a header belongs to that header's section)", k, t.what, k)
		return
	}
	if s := suggest(k, allowed); s != "" {
		t.errorf(k, "unknown key %q in %s; did you mean %q?", k, t.what, s)
		return
	}
	t.errorf(k, "unknown key %q in %s; remove it or check its spelling", k, t.what)
}

func (t *table) missing(key string) {
	t.d.diags.Errorf(t.pos(), "missing required key %q in %s", key, t.what)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// describe names a decoded value for a message: `a string "10"`, `a number 1.5`.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		r := []rune(v)
		if len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return fmt.Sprintf("a string %q", v)
	case int64:
		return fmt.Sprintf("a number %d", v)
	case float64:
		return "a number " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return fmt.Sprintf("a boolean %t", v)
	case time.Time:
		if v.Location().String() == "date-local" {
			return "a date " + v.Format("2006-01-02")
		}
		return "a date and time"
	case *fields:
		return "a table"
	case []*fields, []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

// typeError reports a value of the wrong type at path.
func (d *doc) typeError(path, name, want string, v any) {
	hint := ""
	if s, ok := v.(string); ok && want != "a string" {
		switch {
		case strings.HasPrefix(want, "a number") || strings.HasPrefix(want, "a whole number"):
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				hint = "; remove the quotes"
			}
		case strings.HasPrefix(want, "a date"):
			hint = "; remove the quotes"
		case want == "true or false":
			if s == "true" || s == "false" {
				hint = "; remove the quotes"
			}
		}
	}
	d.diags.Errorf(d.src.At(path), "%s must be %s, not %s%s", name, want, describe(v), hint)
}

// decimalOf converts a decoded number to an exact decimal. It fails on anything
// else, and on nan and inf: badNumber says what is wrong. Callers build the path
// and name of a value for badNumber only when there is a problem to report.
func decimalOf(v any) (decimal.D, bool) {
	switch n := v.(type) {
	case int64:
		return decimal.Int(n), true
	case float64:
		if x, err := decimal.Float(n); err == nil {
			return x, true
		}
	}
	return decimal.D{}, false
}

func isNumber(v any) bool {
	_, ok := decimalOf(v)
	return ok
}

// badNumber reports why decimalOf refused the value at path.
func (d *doc) badNumber(path, name string, v any) {
	n, ok := v.(float64)
	switch {
	case !ok:
		d.typeError(path, name, "a number", v)
	case math.IsNaN(n):
		d.diags.Errorf(d.src.At(path), "%s is nan; write a number", name)
	case math.IsInf(n, 1):
		d.diags.Errorf(d.src.At(path), "%s is inf; write a number", name)
	case math.IsInf(n, -1):
		d.diags.Errorf(d.src.At(path), "%s is -inf; write a number", name)
	default:
		d.diags.Errorf(d.src.At(path), "%s is not a usable number", name)
	}
}

// str reads a string. A required one must also be non-blank.
func (t *table) str(key string, req bool) string {
	i := t.f.index(key)
	if i < 0 {
		if req {
			t.missing(key)
		}
		return ""
	}
	s, ok := t.f.list[i].stringValue()
	if !ok {
		t.d.typeError(join(t.path, key), key, "a string", t.f.list[i].value())
		return ""
	}
	if req && blank(s) {
		t.errorf(key, "%s is empty; write it between the quotes", key)
	}
	if !t.f.list[i].clean {
		t.checkText(key, s)
	}
	return t.d.keep(s)
}

// blank reports whether s is empty or white space alone, as strings.TrimSpace(s)
// == "" does; most often from its first byte: white space is ASCII up to ' ', or
// a character below U+4000, whose UTF-8 starts below 0xE4, and most texts, ids
// and Chinese alike, start with neither.
func blank(s string) bool {
	if s != "" && s[0] > ' ' && (s[0] < utf8.RuneSelf || s[0] >= 0xe4) {
		return false
	}
	return strings.TrimSpace(s) == ""
}

// keep returns a string read from the file as one the model can keep: decoded
// strings are parts of the file's text, and would keep all of it in memory.
func (d *doc) keep(s string) string {
	if len(s) > maxShared {
		return d.keepLong(s)
	}
	if d.strs == nil {
		return strings.Clone(s)
	}
	if k, ok := d.strs[s]; ok {
		return k
	}
	k := strings.Clone(s)
	d.strs[k] = k
	return k
}

// keepLong is keep for a string too long to be shared: copied to d.long, when
// the room made there for the file's long strings (see card) holds it. Each
// allocation of its own would take a little more, and time.
func (d *doc) keepLong(s string) string {
	if d.long.Cap()-d.long.Len() < len(s) {
		return strings.Clone(s) // growing d.long would copy what was kept
	}
	start := d.long.Len()
	d.long.WriteString(s)
	return d.long.String()[start:]
}

// keepBytes is keep for text being put together, which it copies only when new.
func (d *doc) keepBytes(b []byte) string {
	if d.strs == nil || len(b) > maxShared {
		return string(b)
	}
	if k, ok := d.strs[string(b)]; ok {
		return k
	}
	k := string(b)
	d.strs[k] = k
	return k
}

// num reads a number.
func (t *table) num(key string, req bool) *decimal.D {
	i := t.f.index(key)
	if i < 0 {
		if req {
			t.missing(key)
		}
		return nil
	}
	x, ok := t.f.list[i].decimal()
	if !ok {
		t.d.badNumber(join(t.path, key), key, t.f.list[i].value())
		return nil
	}
	return t.d.number(x)
}

// number is x where the model can keep it. A scorecard has about a hundred numbers
// that live as long as it does: they are made 32 at a time, not one by one.
func (d *doc) number(x decimal.D) *decimal.D {
	if len(d.nums) == cap(d.nums) {
		d.nums = make([]decimal.D, 0, 32)
	}
	d.nums = append(d.nums, x)
	return &d.nums[len(d.nums)-1]
}

// integer reads a whole number.
func (t *table) integer(key string) *int64 {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	n, ok := v.(int64)
	if !ok {
		t.d.typeError(join(t.path, key), key, "a whole number", v)
		return nil
	}
	return &n
}

// boolean reads true or false.
func (t *table) boolean(key string) *bool {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	b, ok := v.(bool)
	if !ok {
		t.d.typeError(join(t.path, key), key, "true or false", v)
		return nil
	}
	return &b
}

// flag reads an optional boolean with a default.
func (t *table) flag(key string, def bool) bool {
	if b := t.boolean(key); b != nil {
		return *b
	}
	return def
}

// date reads a TOML local date. Only its wall-clock fields are used: the decoder puts
// local dates in the machine's time zone.
func (t *table) date(key string, req bool) model.Date {
	v, ok := t.get(key)
	if !ok {
		if req {
			t.missing(key)
		}
		return model.Date{}
	}
	tm, ok := v.(time.Time)
	if !ok {
		t.d.typeError(join(t.path, key), key, "a date like 2024-02-20 (no quotes)", v)
		return model.Date{}
	}
	if tm.Location().String() != "date-local" {
		t.errorf(key, "%s must be a date like 2024-02-20, without a time", key)
		return model.Date{}
	}
	return model.Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}
}

// list reads an array.
func (t *table) list(key string) ([]any, bool) {
	v, ok := t.get(key)
	if !ok {
		return nil, false
	}
	switch a := v.(type) {
	case []any:
		return a, true
	case []*fields:
		out := make([]any, len(a))
		for i := range a {
			out[i] = a[i]
		}
		return out, true
	}
	t.d.typeError(join(t.path, key), key, `a list like ["…", "…"]`, v)
	return nil, false
}

// strs reads an array of strings.
func (t *table) strs(key string) []string {
	a, ok := t.list(key)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a))
	for i, v := range a {
		s, ok := v.(string)
		if !ok {
			t.d.typeError(join(t.path, key+"."+strconv.Itoa(i)), "each entry of "+key, "a string", v)
			continue
		}
		if r, col := badRune(s); col > 0 {
			t.refuseText(key+"."+strconv.Itoa(i), r, col)
		}
		out = append(out, t.d.keep(s))
	}
	return out
}

// sub reads a table ([name] or name = { … }).
func (t *table) sub(key, what string) *table {
	f := t.fieldsOf(key)
	if f == nil {
		return nil
	}
	return &table{d: t.d, path: join(t.path, key), what: what, f: f}
}

// fieldsOf is sub without making the table, which takes two allocations.
func (t *table) fieldsOf(key string) *fields {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	f, ok := v.(*fields)
	if !ok {
		t.d.typeError(join(t.path, key), key, "a table", v)
		return nil
	}
	return f
}

// tables reads an array of tables ([[name]] sections, or a list of { … }).
func (t *table) tables(key, what string) []*table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	var ms []*fields
	switch a := v.(type) {
	case []*fields:
		ms = a
	case []any:
		for i, e := range a {
			m, ok := e.(*fields)
			if !ok {
				t.d.typeError(join(t.path, key+"."+strconv.Itoa(i)), "each entry of "+key, "a table", e)
				return nil
			}
			ms = append(ms, m)
		}
	default:
		t.errorf(key, "%s must be a list of tables: write %s above each entry", key, what)
		return nil
	}
	all, out := t.d.room.arrayTables(len(ms))
	var path []byte
	path = append(append(path, join(t.path, key)...), '.')
	prefix := len(path)
	for i, m := range ms {
		// The model keeps the path ("indicator.3"); every scorecard has the same ones.
		path = strconv.AppendInt(path[:prefix], int64(i), 10)
		all[i] = table{d: t.d, path: t.d.keepBytes(path), what: what, f: m}
		out[i] = &all[i]
	}
	return out
}

var (
	cycleIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	periodRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$`)
)

// isID reports whether s is a usable id: 1 to 64 of a-z, 0-9 and -, not starting
// with - (idRule says it in words).
func isID(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

const idRule = "ids may use only lowercase letters a-z, digits 0-9 and -, must start with a letter or digit and be at most 64 characters, because they become parts of web addresses"

// id reads a required id.
func (t *table) id(key string) string {
	s := t.str(key, true)
	if s == "" {
		return ""
	}
	if !isID(s) {
		t.errorf(key, "bad id %q: %s", s, idRule)
	}
	return s
}
