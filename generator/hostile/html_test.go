package hostile

import (
	"fmt"
	"html"
	"strings"
)

// A small HTML tokenizer, enough to read what a browser would make of the
// generator's pages: tags with their attributes (values decoded), text (decoded),
// comments, and the raw content of script and style. It follows the HTML
// tokenizer where the generator's output could go wrong — attribute quoting,
// raw-text elements that end only at their own end tag — and reports anything
// it cannot read, since a page a strict reader cannot follow is suspect too.

type tokenKind int

const (
	textToken tokenKind = iota
	startToken
	endToken
	commentToken
	doctypeToken
)

type attr struct {
	name, value string // name lower-case, value decoded
}

type token struct {
	kind  tokenKind
	name  string // tags: lower-case element name
	attrs []attr
	// data is the decoded text of a text token (for a script or style element:
	// its raw content, undecoded), or a comment's content.
	data string
	// raw says data is the raw content of a script or style element.
	raw bool
	off int // byte offset in the page
}

func (t token) attr(name string) (string, bool) {
	for _, a := range t.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

// rawText are the elements whose content is not markup: it ends only at the
// element's own end tag. Title and textarea content is decoded; script and
// style content is not.
var rawText = map[string]bool{"script": true, "style": true, "title": true, "textarea": true}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func tokenize(src string) ([]token, error) {
	var out []token
	i := 0
	text := func(end int) {
		if end > i {
			out = append(out, token{kind: textToken, data: html.UnescapeString(src[i:end]), off: i})
		}
	}
	for i < len(src) {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			text(len(src))
			break
		}
		j += i
		rest := src[j:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			text(j)
			k := strings.Index(rest[4:], "-->")
			if k < 0 {
				return out, fmt.Errorf("offset %d: comment never closed", j)
			}
			out = append(out, token{kind: commentToken, data: rest[4 : 4+k], off: j})
			i = j + 4 + k + 3
		case strings.HasPrefix(rest, "<!"):
			text(j)
			k := strings.IndexByte(rest, '>')
			if k < 0 {
				return out, fmt.Errorf("offset %d: <! never closed", j)
			}
			out = append(out, token{kind: doctypeToken, data: rest[2:k], off: j})
			i = j + k + 1
		case strings.HasPrefix(rest, "</") && len(rest) > 2 && isLetter(rest[2]):
			text(j)
			k := strings.IndexByte(rest, '>')
			if k < 0 {
				return out, fmt.Errorf("offset %d: end tag never closed", j)
			}
			name := rest[2:k]
			if n := strings.IndexFunc(name, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }); n >= 0 {
				name = name[:n]
			}
			out = append(out, token{kind: endToken, name: strings.ToLower(name), off: j})
			i = j + k + 1
		case len(rest) > 1 && isLetter(rest[1]):
			text(j)
			tok, n, err := startTag(rest)
			if err != nil {
				return out, fmt.Errorf("offset %d: %v", j, err)
			}
			tok.off = j
			out = append(out, tok)
			i = j + n
			if rawText[tok.name] {
				end := indexFold(src[i:], "</"+tok.name)
				if end < 0 {
					return out, fmt.Errorf("offset %d: <%s> never closed", j, tok.name)
				}
				content := src[i : i+end]
				if tok.name == "script" || tok.name == "style" {
					out = append(out, token{kind: textToken, data: content, raw: true, off: i})
				} else {
					out = append(out, token{kind: textToken, data: html.UnescapeString(content), off: i})
				}
				i += end
			}
		default:
			// A '<' that starts no tag is text.
			text(j + 1)
			i = j + 1
		}
	}
	// Join text runs split at such a '<'.
	var joined []token
	for _, t := range out {
		if n := len(joined); n > 0 && t.kind == textToken && !t.raw && joined[n-1].kind == textToken && !joined[n-1].raw {
			joined[n-1].data += t.data
			continue
		}
		joined = append(joined, t)
	}
	return joined, nil
}

// startTag reads "<name attr=value …>" at the start of s and returns the token
// and its length.
func startTag(s string) (token, int, error) {
	i := 1
	for i < len(s) && !isSpace(s[i]) && s[i] != '>' && s[i] != '/' {
		i++
	}
	tok := token{kind: startToken, name: strings.ToLower(s[1:i])}
	for {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			return tok, 0, fmt.Errorf("<%s> never closed", tok.name)
		}
		if s[i] == '>' {
			return tok, i + 1, nil
		}
		start := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && !(s[i] == '/' && i > start) {
			i++
		}
		a := attr{name: strings.ToLower(s[start:i])}
		j := i
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j >= len(s) {
				return tok, 0, fmt.Errorf("<%s %s=> never closed", tok.name, a.name)
			}
			if q := s[j]; q == '"' || q == '\'' {
				k := strings.IndexByte(s[j+1:], q)
				if k < 0 {
					return tok, 0, fmt.Errorf("<%s %s=…> value never closed", tok.name, a.name)
				}
				a.value = html.UnescapeString(s[j+1 : j+1+k])
				i = j + 1 + k + 1
			} else {
				k := j
				for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
					k++
				}
				a.value = html.UnescapeString(s[j:k])
				i = k
			}
		}
		tok.attrs = append(tok.attrs, a)
	}
}

// indexFold is strings.Index, ignoring ASCII case (sub is lower-case ASCII).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		match := true
		for k := 0; k < len(sub); k++ {
			c := s[i+k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[k] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}
