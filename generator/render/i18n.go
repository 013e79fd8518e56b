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
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i+1)+"}", fmt.Sprint(a))
	}
	return strings.NewReplacer(pairs...).Replace(s), nil
}
