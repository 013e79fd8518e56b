package render

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Languages the default theme speaks; the first is the default.
var languages = []string{"zh-CN", "en"}

// i18n is the interface text of one language: i18n/<lang>.toml of the theme,
// flat keys to text. "{1}", "{2}"… in a text are replaced by the arguments.
type i18n struct {
	lang string
	text map[string]string
}

func loadI18n(th fs.FS, lang string) (*i18n, error) {
	if lang == "" {
		lang = languages[0]
	}
	name := "i18n/" + lang + ".toml"
	src, err := fs.ReadFile(th, name)
	if err != nil {
		return nil, fmt.Errorf("the theme has no interface text for language %q (%s): use language = \"zh-CN\" or \"en\" in site.toml, or add that file to the theme", lang, name)
	}
	text := map[string]string{}
	if _, err := toml.Decode(string(src), &text); err != nil {
		return nil, fmt.Errorf("theme file %s: %v", name, err)
	}
	return &i18n{lang: lang, text: text}, nil
}

// T returns the text of key with {1}, {2}… replaced by args. An unknown key is an
// error, so a template typo fails the build instead of publishing a blank.
func (t *i18n) T(key string, args ...any) (string, error) {
	s, ok := t.text[key]
	if !ok {
		return "", fmt.Errorf("the theme's i18n/%s.toml has no text %q: add it", t.lang, key)
	}
	if len(args) == 0 {
		return s, nil
	}
	return substitute(s, args), nil
}

// substitute replaces each "{n}" of s, n from 1 to len(args), by the n-th
// argument, left to right, never rescanning what it wrote. Anything else, such
// as "{0}", "{01}" or "{x}", stays as written.
func substitute(s string, args []any) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + argsLen(args)) // once: most texts print each argument once
	writeSubstituted(&b, s, args)
	return b.String()
}

// writeSubstituted writes substitute(s, args) to b.
func writeSubstituted(b *strings.Builder, s string, args []any) {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		n, ok := argIndex(s[i+1 : i+j])
		if !ok || n > len(args) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		writeArg(b, args[n-1])
		s = s[i+j+1:]
	}
	b.WriteString(s)
}

// argsLen is about the length the arguments print.
func argsLen(args []any) int {
	n := 0
	for _, a := range args {
		if s, ok := a.(string); ok {
			n += len(s)
		} else {
			n += 8
		}
	}
	return n
}

// argIndex reads the n of "{n}": a positive number without leading zeros.
func argIndex(digits string) (int, bool) {
	if digits == "" || digits[0] == '0' || len(digits) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func writeArg(b *strings.Builder, a any) {
	switch v := a.(type) {
	case string:
		b.WriteString(v)
	case int:
		var digits [20]byte
		b.Write(strconv.AppendInt(digits[:0], int64(v), 10))
	default:
		b.WriteString(fmt.Sprint(v)) // not Fprint(b): b would move to the heap
	}
}
