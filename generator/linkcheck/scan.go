package linkcheck

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// attrFunc takes one attribute that attrKind picked out: the tag's name and the
// value as written (entities not decoded), which is only valid during the call.
type attrFunc func(tag []byte, kind int, value []byte)

// scan reads the tags of an HTML document and hands the attributes that hold links
// and ids to attr. It is not a full HTML parser: it knows tags, quoted and unquoted
// attributes, comments, doctype and the raw-text elements (script, style, textarea,
// title) whose content holds no tags, which covers both the pages html/template
// writes and hand-written layouts. Tags in seen are passed over, and tags found to
// hold nothing are added to it; seen may be nil.
func scan(doc []byte, attr attrFunc, seen *seenTags) {
	for i := 0; ; {
		// The next '<' is mostly in the next eight bytes ("</td><td>",
		// "9.50</td>"), which are looked at here, without a call.
		if i+8 > len(doc) {
			i = indexByte(doc, i, '<')
		} else if t := zeroBytes(binary.LittleEndian.Uint64(doc[i:i+8]) ^ ones*'<'); t != 0 {
			i += bits.TrailingZeros64(t) / 8
		} else {
			i = indexByte(doc, i+8, '<')
		}
		if i < 0 {
			return
		}
		if i+1 >= len(doc) {
			return
		}
		// The byte after '<' tells what follows: start and end tags, nearly all
		// of a page, are told apart by it alone.
		switch c := doc[i+1]; {
		case c == '/':
			i += 2 // an end tag holds nothing to read: on to the next '<'
		case isLetter(c):
			// Most tags are short and have no attributes: "<td>", "<tr>", "<span>".
			// None of those is a raw-text element's.
			if end := skip(doc, i+2, nameByte); end < len(doc) && doc[end] == '>' && end-i-1 < len("style") {
				i = end + 1
			} else {
				i = readTag(doc, i, end, attr, seen)
			}
		case c == '!' && bytes.HasPrefix(doc[i:], []byte("<!--")):
			end := bytes.Index(doc[i+4:], []byte("-->"))
			if end < 0 {
				return
			}
			i += 4 + end + 3
		case c == '!', c == '?':
			end := bytes.IndexByte(doc[i:], '>')
			if end < 0 {
				return
			}
			i += end + 1
		default:
			i++ // a '<' in text
		}
	}
}

// rawText are the elements whose content holds no tags.
var rawText = [...]string{"script", "style", "textarea", "title"}

// rawTextName returns the lower-case name of a tag whose content holds no tags,
// or "" for any other tag.
func rawTextName(tag []byte) string {
	if len(tag) < len("style") {
		return "" // most tags: td, tr, th, span, a, …
	}
	for _, raw := range rawText {
		if bytes.EqualFold(tag, []byte(raw)) {
			return raw
		}
	}
	return ""
}

// The attributes a check reads; every other attribute is skipped without a copy,
// which is most of what a page's tags carry.
const (
	otherAttr = iota
	hrefAttr  // href, src, action: a link (href on <base>: the base)
	srcsetAttr
	idAttr
	nameAttr // an id when on <a>
)

func attrKind(name []byte) int {
	switch len(name) {
	case 2, 3, 4, 6: // id; src; href, name; srcset, action
	default:
		return otherAttr // class, scope, aria-…: most of a page's attributes
	}
	if name[0] >= utf8.RuneSelf {
		return foldedAttrKind(name) // "ſrc" is src
	}
	// A name that starts with an ASCII byte folds to one of ours only byte for byte:
	// the only non-ASCII letters that fold to ASCII ones, ſ and K, make "srcſet"
	// longer than "srcset".
	switch {
	case asciiFold(name, "href"), asciiFold(name, "src"), asciiFold(name, "action"):
		return hrefAttr
	case asciiFold(name, "srcset"):
		return srcsetAttr
	case asciiFold(name, "id"):
		return idAttr
	case asciiFold(name, "name"):
		return nameAttr
	}
	return otherAttr
}

// foldedAttrKind is attrKind under Unicode case folding.
func foldedAttrKind(name []byte) int {
	switch {
	case bytes.EqualFold(name, []byte("href")), bytes.EqualFold(name, []byte("src")), bytes.EqualFold(name, []byte("action")):
		return hrefAttr
	case bytes.EqualFold(name, []byte("srcset")):
		return srcsetAttr
	case bytes.EqualFold(name, []byte("id")):
		return idAttr
	case bytes.EqualFold(name, []byte("name")):
		return nameAttr
	}
	return otherAttr
}

// asciiFold reports whether s is lower, a word of lower-case ASCII letters, in
// upper or lower case: setting the 0x20 bit turns only the upper-case form of a
// letter into the letter.
func asciiFold(s []byte, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := range len(s) {
		if s[i]|0x20 != lower[i] {
			return false
		}
	}
	return true
}

// readTag reads the start tag at doc[lt] ("<name attr=…>"), whose name ends at
// doc[i], hands the attributes that hold links and ids to attr, and returns the
// index past the tag, and past the content of a raw-text element. Most tags with
// attributes hold nothing to read and are repeats ("<td class="num">"): those in
// seen are passed over whole, and those read add to it.
func readTag(doc []byte, lt, i int, attr attrFunc, seen *seenTags) int {
	name := doc[lt+1 : i]
	if i < len(doc) && doc[i] == '>' {
		i++
	} else if end := seen.find(doc, lt, i); end > 0 {
		return end // a tag in seen is no raw-text element's
	} else {
		var read bool
		// A tag that ends at the document's end is not added: it might not end
		// there in a longer one.
		if i, read = readAttrs(doc, i, name, attr); !read && i < len(doc) && rawTextName(name) == "" {
			seen.add(doc[lt:i])
		}
	}
	if raw := rawTextName(name); raw != "" {
		i += skipRawText(doc[i:], raw)
	}
	return i
}

// readAttrs reads the attributes of the tag with the given name from s[i] on, hands
// those that hold links and ids to attr, and returns the index past the tag and
// whether it handed any. The index is below len(s) only if the tag ended at a '>'.
func readAttrs(s []byte, i int, name []byte, attr attrFunc) (end int, read bool) {
	for {
		i = skip(s, i, spaceOrSlash)
		if i >= len(s) {
			return len(s), read
		}
		if s[i] == '>' {
			return i + 1, read
		}
		start := i
		// An attribute name may start with '=' or a quote; HTML takes it as a name character.
		i = skip(s, i+1, attrNameByte)
		kind := attrKind(s[start:i])
		var v []byte
		if j := skip(s, i, space); j < len(s) && s[j] == '=' {
			i = skip(s, j+1, space)
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				end := indexByte(s, i+1, s[i])
				if end < 0 {
					return len(s), read
				}
				v = s[i+1 : end]
				i = end + 1
			} else {
				vs := i
				i = skip(s, i, valueByte)
				v = s[vs:i]
			}
		}
		if kind != otherAttr {
			attr(name, kind, v)
			read = true
		}
	}
}

// seenTags holds start tags with attributes that held nothing to read, such as
// "<td class="num">" and "<span aria-hidden="true">", most of a page's tags with
// attributes. A tag is read the same wherever it is, from its '<' up to its '>', so
// one that is byte for byte a tag in seenTags holds nothing either, and is passed
// over by comparing it, without reading its attributes. A tag is kept in the slot
// of its length and first and last eight bytes, and gives way to the next tag
// that falls in that slot; the slots are arrays, so that keeping a tag allocates
// nothing.
type seenTags struct {
	len  [256]uint8 // 0 in a slot that holds no tag
	tags [256][maxSeenTag]byte
}

// maxSeenTag is the length of the longest tag seenTags keeps: the repeated ones
// are short.
const maxSeenTag = 64

// find returns the index past the tag at doc[lt] if the tag up to its first '>',
// which is not before doc[from], is in s; else 0.
func (s *seenTags) find(doc []byte, lt, from int) int {
	if s == nil {
		return 0
	}
	gt := indexByte(doc, from, '>')
	if gt < 0 {
		return 0
	}
	if tag := doc[lt : gt+1]; len(tag) >= 8 {
		if slot := tagSlot(tag); bytes.Equal(s.tags[slot][:s.len[slot]], tag) {
			return gt + 1
		}
	}
	return 0
}

// add puts tag, read to its '>' with nothing in it, in s.
func (s *seenTags) add(tag []byte) {
	if s != nil && len(tag) >= 8 && len(tag) <= maxSeenTag {
		slot := tagSlot(tag)
		s.len[slot] = uint8(copy(s.tags[slot][:], tag))
	}
}

// tagSlot returns the slot of a tag of eight bytes or more.
func tagSlot(tag []byte) uint8 {
	first, last := binary.LittleEndian.Uint64(tag), binary.LittleEndian.Uint64(tag[len(tag)-8:])
	return uint8((first ^ last*31 ^ uint64(len(tag))) * 0x9e3779b97f4a7c15 >> 56)
}

// The classes of bytes readTag's loops (and plainPath) go over, looked up in one
// table rather than compared with each delimiter in turn: pages are mostly small tags.
const (
	space        = 1 << iota // HTML whitespace
	spaceOrSlash             // between attributes
	nameByte                 // in a tag name: not whitespace, '/' or '>'
	attrNameByte             // in an attribute name: nor '='
	valueByte                // in an unquoted value: not whitespace or '>'
	alnum                    // an ASCII letter or digit
	pathByte                 // in a path, and needs no escape: alnum, "-._~/"
)

var classes = func() (c [256]uint8) {
	for b := range c {
		switch {
		case isSpace(byte(b)):
			c[b] = space | spaceOrSlash
		case b == '/':
			c[b] = spaceOrSlash | valueByte
		case b == '>':
		case b == '=':
			c[b] = nameByte | valueByte
		default:
			c[b] = nameByte | attrNameByte | valueByte
		}
		if isLetter(byte(b)) || '0' <= b && b <= '9' {
			c[b] |= alnum | pathByte
		}
		if strings.IndexByte("-._~/", byte(b)) >= 0 {
			c[b] |= pathByte
		}
	}
	return c
}()

// skip returns the index of the first byte of s from i on that is not of the class.
func skip(s []byte, i int, class uint8) int {
	for i < len(s) && classes[s[i]]&class != 0 {
		i++
	}
	return i
}

// indexByte returns the index of the first c in s from i on, or -1. Most of what
// it looks through is short, the text of a table cell or the value of a class:
// it reads those eight bytes at a time, without the call and setup
// bytes.IndexByte costs, which it leaves the long runs to.
func indexByte(s []byte, i int, c byte) int {
	pattern := ones * uint64(c)
	for short := min(len(s), i+32); i+8 <= short; i += 8 {
		if t := zeroBytes(binary.LittleEndian.Uint64(s[i:i+8]) ^ pattern); t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	if j := bytes.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return -1
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// zeroBytes returns x with the high bit of its lowest zero byte set, and no bit
// below it: the index of the first zero byte of a word read little-endian is
// bits.TrailingZeros64(zeroBytes(x))/8. (Bytes above the first zero may be
// flagged wrongly; none is if x has none.)
func zeroBytes(x uint64) uint64 {
	return (x - ones) &^ x & highs
}

// skipRawText returns the length of the content of a raw-text element up to its end tag.
func skipRawText(s []byte, name string) int {
	end := []byte("</" + name)
	for i := 0; ; {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			return len(s)
		}
		i += j
		if len(s)-i >= len(end) && bytes.EqualFold(s[i:i+len(end)], end) {
			if k := i + len(end); k == len(s) || isSpace(s[k]) || s[k] == '>' || s[k] == '/' {
				return i
			}
		}
		i++
	}
}

// srcset returns the URLs of an img or source srcset: "a.png 1x, b.png 2x".
func srcset(v string) []string {
	var urls []string
	for {
		v = strings.TrimLeft(v, " \t\n\f\r,")
		if v == "" {
			return urls
		}
		end := strings.IndexAny(v, " \t\n\f\r")
		if end < 0 {
			end = len(v)
		}
		u := v[:end]
		v = v[end:]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			u = trimmed // "a.png," has no descriptors
		} else if c := strings.IndexByte(v, ','); c >= 0 {
			v = v[c+1:] // skip the descriptors
		} else {
			v = ""
		}
		urls = append(urls, u)
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
