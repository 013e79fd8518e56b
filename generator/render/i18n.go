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
	s, err := t.lookup(key)
	if err != nil || len(args) == 0 {
		return s, err
	}
	return substitute(s, args), nil
}

// TStrings is T for arguments that are all strings, which T takes as values
// of any: each was an allocation, ≈70 on a department's page.
func (t *i18n) TStrings(key string, args ...string) (string, error) {
	s, err := t.lookup(key)
	if err != nil || len(args) == 0 || strings.IndexByte(s, '{') < 0 {
		return s, err
	}
	n := len(s)
	for _, a := range args {
		n += len(a)
	}
	var b strings.Builder
	b.Grow(n) // once: most texts print each argument once
	for {
		text, k, rest := nextArg(s, len(args))
		b.WriteString(text)
		if k == 0 {
			return b.String(), nil
		}
		b.WriteString(args[k-1])
		s = rest
	}
}

func (t *i18n) lookup(key string) (string, error) {
	s, ok := t.text[key]
	if !ok {
		return "", fmt.Errorf("the theme's i18n/%s.toml has no text %q: add it", t.lang, key)
	}
	return s, nil
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
		text, k, rest := nextArg(s, len(args))
		b.WriteString(text)
		if k == 0 {
			return
		}
		writeArg(b, args[k-1])
		s = rest
	}
}

// nextArg finds the first "{n}" of s that names one of n args: it returns the
// text before it, n, and the text after it; or s, 0 and "" when there is none.
func nextArg(s string, args int) (text string, n int, rest string) {
	for at := 0; ; at++ {
		i := strings.IndexByte(s[at:], '{')
		if i < 0 {
			return s, 0, ""
		}
		i += at
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return s, 0, ""
		}
		if k, ok := argIndex(s[i+1 : i+j]); ok && k <= args {
			return s[:i], k, s[i+j+1:]
		}
		at = i
	}
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
