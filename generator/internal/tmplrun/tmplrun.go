// Package tmplrun executes templates that html/template has escaped, for the
// constructs and values it knows, and gives up on anything else so that the
// page is executed by html/template instead.
//
// html/template prints a page by walking its escaped parse tree with
// text/template, which finds every field by name, calls every function and
// every escaper through reflection and prints through fmt: on a scorecard page
// that was most of the time spent in templates. The tree it walks is public
// (text/template/parse); Run walks the same tree with the fields' places
// remembered per type, the escapers html/template appends done directly, and
// the theme's functions called without reflection where their types are known.
//
// What it does is text/template's meaning, not a dialect: every page it prints
// is the one html/template prints (the tests execute both on every page of the
// example site and of a synthetic one, and on templates and values made to
// differ). Where it is not sure — a map, a break, a float, a method with
// arguments, an escaper it does not reproduce, a nil pointer, an error — it
// stops, and the caller executes the page with html/template, which prints it
// or reports the error as always.
package tmplrun

import (
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"unsafe"

	"perfsite/generator/internal/htmltext"
)

// Set is one html/template set's escaped templates, ready to run.
type Set struct {
	trees   map[string]*parse.Tree
	funcs   map[string]reflect.Value
	places  atomic.Pointer[map[typeName]*place]
	recent  [recentPlaces]atomic.Pointer[place]
	placing sync.Mutex  // taken to add a place
	off     atomic.Bool // set by the first page Run could not print
}

// New makes a Set of the templates of t, which html/template must already have
// escaped (by executing the template that will be run), and the functions t
// was parsed with.
func New(t *template.Template, funcs template.FuncMap) *Set {
	s := &Set{trees: map[string]*parse.Tree{}, funcs: map[string]reflect.Value{}}
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			s.trees[tt.Name()] = tt.Tree
		}
	}
	for name, fn := range funcs {
		s.funcs[name] = reflect.ValueOf(fn)
	}
	s.places.Store(&map[typeName]*place{})
	return s
}

// Run appends to dst what the template name prints for data and reports
// whether it could. When it could not, the page must be executed by
// html/template; after the first such page Run declines every page at once, as
// pages of one layout share what made it give up.
func (s *Set) Run(dst []byte, name string, data any) (out []byte, ok bool) {
	tree := s.trees[name]
	if tree == nil || s.off.Load() {
		return dst, false
	}
	st := state{set: s, out: dst}
	defer func() {
		if r := recover(); r != nil {
			if _, known := r.(unsupported); known {
				s.off.Store(true)
			}
			// Otherwise a function or method failed or panicked on this
			// page's data, which html/template then reports.
			out, ok = dst, false
		}
	}()
	dot := reflect.ValueOf(data)
	st.vars = append(st.vars, variable{"$", dot})
	st.walk(dot, tree.Root)
	return st.out, true
}

// unsupported is the panic that stops a page Run cannot print exactly.
type unsupported struct{ what string }

func giveUp(what string) { panic(unsupported{what}) }

// failed is the panic that stops a page on which text/template reports an
// error, such as a function's; html/template then reports it.
type failed struct{ err error }

// maxDepth bounds nested template calls; text/template's own limit then
// reports the error.
const maxDepth = 1000

type state struct {
	set   *Set
	out   []byte
	vars  []variable
	base  int // where the running template's variables start
	depth int
}

type variable struct {
	name  string
	value reflect.Value
}

func (s *state) walk(dot reflect.Value, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			s.walk(dot, c)
		}
	case *parse.TextNode:
		s.out = append(s.out, n.Text...)
	case *parse.ActionNode:
		s.action(dot, n.Pipe)
	case *parse.IfNode:
		s.ifOrWith(dot, &n.BranchNode, false)
	case *parse.WithNode:
		s.ifOrWith(dot, &n.BranchNode, true)
	case *parse.RangeNode:
		s.rangeOver(dot, n)
	case *parse.TemplateNode:
		s.template(dot, n)
	case *parse.CommentNode:
	default:
		giveUp(n.String())
	}
}

// action prints the pipeline p, whose last commands are the escapers
// html/template added; the common ones write straight into the page.
func (s *state) action(dot reflect.Value, p *parse.PipeNode) {
	if len(p.Decl) > 0 {
		s.pipeline(dot, p)
		return
	}
	esc, n := lastEscaper(p.Cmds)
	if n == 0 || n == len(p.Cmds) {
		giveUp("printing without an escaper")
	}
	if esc == escapeHTML && n == len(p.Cmds)-1 && s.appendTwin(dot, p.Cmds[0]) {
		return
	}
	str, ct := stringify(s.commands(dot, p.Cmds[:len(p.Cmds)-n]))
	switch {
	case esc == escapeHTML && ct == contentHTML:
		s.out = append(s.out, str...)
	case esc == escapeURL && (ct == contentURL || htmltext.SafeURL(str)):
		s.out = htmltext.AppendURL(s.out, str)
	case esc == escapeURL:
		s.out = append(s.out, "#ZgotmplZ"...)
	case esc == escapeJSON && ct == contentJS:
		s.out = append(s.out, str...)
	case esc == escapeJSON || ct == contentHTML:
		// A JavaScript value, an attribute or RCDATA of HTML: html/template's.
		giveUp("escaping")
	default:
		s.out = htmltext.Append(s.out, str)
	}
}

// escaper is a pipeline's last commands that html/template appended, as Run
// prints them.
type escaper int

const (
	escapeHTML escaper = iota // text
	escapeText                // a quoted attribute value or RCDATA: as text, but for HTML
	escapeURL                 // a whole address in a quoted attribute
	escapeJSON                // a value in a script; Run prints only template.JS there
)

// lastEscaper reports how the pipeline cmds ends and in how many commands; 0
// when in none Run knows.
func lastEscaper(cmds []*parse.CommandNode) (escaper, int) {
	name := func(back int) string {
		if back > len(cmds) {
			return ""
		}
		c := cmds[len(cmds)-back]
		if len(c.Args) != 1 {
			return ""
		}
		id, _ := c.Args[0].(*parse.IdentifierNode)
		if id == nil {
			return ""
		}
		return id.Ident
	}
	switch name(1) {
	case "_html_template_htmlescaper":
		return escapeHTML, 1
	case "_html_template_rcdataescaper":
		return escapeText, 1
	case "_html_template_jsvalescaper":
		return escapeJSON, 1
	case "_html_template_attrescaper":
		if name(2) == "_html_template_urlnormalizer" && name(3) == "_html_template_urlfilter" {
			return escapeURL, 3
		}
		return escapeText, 1
	}
	return 0, 0
}

func (s *state) ifOrWith(dot reflect.Value, b *parse.BranchNode, with bool) {
	mark := len(s.vars)
	v := s.pipeline(dot, b.Pipe)
	if truth(v) {
		if with {
			s.walk(v, b.List)
		} else {
			s.walk(dot, b.List)
		}
	} else if b.ElseList != nil {
		s.walk(dot, b.ElseList)
	}
	s.vars = s.vars[:mark]
}

func (s *state) rangeOver(dot reflect.Value, r *parse.RangeNode) {
	mark := len(s.vars)
	v, isNil := indirect(s.pipeline(dot, r.Pipe))
	if isNil {
		giveUp("range over nil")
	}
	inner := len(s.vars)
	switch v.Kind() {
	case reflect.Array, reflect.Slice:
		if n := v.Len(); n > 0 {
			decl := len(r.Pipe.Decl)
			if r.Pipe.IsAssign && decl > 0 {
				giveUp("range assigning variables")
			}
			for i := range n {
				elem := v.Index(i)
				// As text/template: with one variable it is the element,
				// with two the index and the element.
				if decl > 0 {
					s.vars[inner-1].value = elem
				}
				if decl > 1 {
					s.vars[inner-2].value = reflect.ValueOf(i)
				}
				s.walk(elem, r.List)
				s.vars = s.vars[:inner]
			}
			s.vars = s.vars[:mark]
			return
		}
	case reflect.Invalid:
	default:
		giveUp("range over " + v.Kind().String())
	}
	if r.ElseList != nil {
		s.walk(dot, r.ElseList)
	}
	s.vars = s.vars[:mark]
}

func (s *state) template(dot reflect.Value, t *parse.TemplateNode) {
	tree := s.set.trees[t.Name]
	if tree == nil || s.depth >= maxDepth {
		giveUp("template " + t.Name)
	}
	dot = s.pipeline(dot, t.Pipe)
	base, depth := s.base, s.depth
	s.base, s.depth = len(s.vars), depth+1
	s.vars = append(s.vars, variable{"$", dot})
	s.walk(dot, tree.Root)
	s.vars = s.vars[:s.base]
	s.base, s.depth = base, depth
}

// pipeline evaluates p and declares or assigns its variables.
func (s *state) pipeline(dot reflect.Value, p *parse.PipeNode) reflect.Value {
	if p == nil {
		return reflect.Value{}
	}
	v := s.commands(dot, p.Cmds)
	for _, d := range p.Decl {
		if p.IsAssign {
			s.assign(d.Ident[0], v)
		} else {
			s.vars = append(s.vars, variable{d.Ident[0], v})
		}
	}
	return v
}

// commands evaluates a pipeline's commands, each after the first getting the
// previous one's value as its last argument.
func (s *state) commands(dot reflect.Value, cmds []*parse.CommandNode) reflect.Value {
	var v reflect.Value
	for i, c := range cmds {
		v = s.command(dot, c, v, i > 0)
		// A value of type any is looked into, as text/template does.
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
	}
	return v
}

func (s *state) command(dot reflect.Value, c *parse.CommandNode, final reflect.Value, hasFinal bool) reflect.Value {
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		return s.fieldChain(dot, n.Ident, c.Args, final, hasFinal)
	case *parse.ChainNode:
		return s.chain(dot, n, c.Args, final, hasFinal)
	case *parse.IdentifierNode:
		return s.function(dot, n.Ident, c.Args[1:], final, hasFinal)
	case *parse.VariableNode:
		v := s.variable(n.Ident[0])
		if len(n.Ident) == 1 {
			noArguments(c.Args, hasFinal)
			return v
		}
		return s.fieldChain(v, n.Ident[1:], c.Args, final, hasFinal)
	case *parse.PipeNode:
		noArguments(c.Args, hasFinal)
		return s.pipeline(dot, n)
	}
	noArguments(c.Args, hasFinal)
	return s.literal(dot, c.Args[0])
}

// literal is the value of a word that needs no evaluation.
func (s *state) literal(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.NumberNode:
		// An integer is an int, as in text/template; floats, complex numbers
		// and integers that do not fit are left to it.
		if n.IsInt && !n.IsComplex && !strings.ContainsAny(n.Text, ".eEpP") && int64(int(n.Int64)) == n.Int64 {
			return reflect.ValueOf(int(n.Int64))
		}
	}
	giveUp(n.String())
	panic("unreachable")
}

// noArguments stops at a command that is not a call but has arguments, which
// text/template reports.
func noArguments(args []parse.Node, hasFinal bool) {
	if len(args) > 1 || hasFinal {
		giveUp("arguments to a non-function")
	}
}

func (s *state) variable(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	giveUp("undefined variable " + name)
	panic("unreachable")
}

func (s *state) assign(name string, v reflect.Value) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return
		}
	}
	giveUp("undefined variable " + name)
}

// chain evaluates (pipeline).Field….
func (s *state) chain(dot reflect.Value, n *parse.ChainNode, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	var v reflect.Value
	switch base := n.Node.(type) {
	case *parse.PipeNode:
		v = s.pipeline(dot, base)
	case *parse.FieldNode:
		v = s.fieldChain(dot, base.Ident, nil, reflect.Value{}, false)
	case *parse.VariableNode:
		v = s.variable(base.Ident[0])
		if len(base.Ident) > 1 {
			v = s.fieldChain(v, base.Ident[1:], nil, reflect.Value{}, false)
		}
	default:
		giveUp(n.String())
	}
	return s.fieldChain(v, n.Field, args, final, hasFinal)
}

// fieldChain evaluates .A.B.C on receiver; only the last may be given
// arguments, and only methods take them.
func (s *state) fieldChain(receiver reflect.Value, idents []string, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	for _, name := range idents[:len(idents)-1] {
		receiver = s.field(receiver, name)
	}
	noArguments(args, hasFinal)
	return s.field(receiver, idents[len(idents)-1])
}

// field is text/template's evalField for a method without arguments or a
// struct field.
func (s *state) field(receiver reflect.Value, name string) reflect.Value {
	receiver, ptr, ok := methodReceiver(receiver)
	if !ok {
		giveUp("field of no value or of nil")
	}
	pl := s.set.place(ptr.Type(), name)
	switch {
	case pl.method.IsValid():
		return result(pl.method.Call([]reflect.Value{ptr}), pl.errResult)
	case pl.field != nil:
		v, err := receiver.FieldByIndexErr(pl.field)
		if err != nil {
			giveUp(err.Error())
		}
		return v
	}
	giveUp(pl.refused)
	panic("unreachable")
}

// place is where a name leads on a type, as text/template looks: a method of
// the type, else a field of the struct it is or points to. A method is kept as
// its function, called with the receiver as its first argument: calling
// reflect's method value instead looks the method up and allocates on every
// call.
type place struct {
	t         reflect.Type // the type and name it is the place of
	name      string
	method    reflect.Value // the method, taking the receiver first; none when not valid
	errResult bool
	twin      reflect.Value // the method's Append twin, as method
	field     []int         // index of the field; nil for none
	refused   string        // why there is neither that Run can use
}

// appendTwin prints the command c, a method of the dot printed in text, by
// calling the method's Append twin, if it has one, and reports whether it did.
//
// A method M that returns template.HTML (and maybe an error) may have a twin,
// AppendM, that appends the same bytes to a slice and returns it (and the same
// error): the engine's long table rows do. Printed whole in text, where
// html/template prints such HTML as it is, M's value is then written straight
// into the page instead of made apart and copied. html/template, which knows
// nothing of twins, calls M: the tests compare the two on every page.
func (s *state) appendTwin(dot reflect.Value, c *parse.CommandNode) bool {
	f, ok := c.Args[0].(*parse.FieldNode)
	if !ok || len(c.Args) != 1 || len(f.Ident) != 1 { // {{.M}}, as the theme's layouts print rows
		return false
	}
	_, ptr, ok := methodReceiver(dot)
	if !ok {
		return false
	}
	pl := s.set.place(ptr.Type(), f.Ident[0])
	if !pl.twin.IsValid() {
		return false
	}
	s.out = result(pl.twin.Call([]reflect.Value{ptr, reflect.ValueOf(s.out)}), pl.errResult).Bytes()
	return true
}

// methodReceiver is v with pointers and interfaces followed, and the value
// whose methods text/template looks up on it: a pointer to it where it can be
// addressed, so that methods of T and *T are both found. ok is false for a
// missing value or a nil pointer.
func methodReceiver(v reflect.Value) (receiver, ptr reflect.Value, ok bool) {
	receiver, isNil := indirect(v)
	if !receiver.IsValid() || isNil {
		return receiver, receiver, false
	}
	ptr = receiver
	if ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	return receiver, ptr, true
}

// result is a call's value; with errResult, its error, when not nil, fails
// the page as text/template fails it.
func result(out []reflect.Value, errResult bool) reflect.Value {
	if errResult && !out[1].IsNil() {
		panic(failed{out[1].Interface().(error)})
	}
	return out[0]
}

type typeName struct {
	t    reflect.Type
	name string
}

// recentPlaces is the number of places Set.place remembers apart from its
// map, a power of two.
const recentPlaces = 1024

// place is where name leads on t, worked out once per set. The places are a
// map replaced, never changed, when a new one is added, so that pages read it
// without a lock.
//
// The place each name of the trees led to last is remembered too, in a slot
// picked by where the name's bytes are: each name in a tree is its own piece
// of the template's text, and pages of one layout give it the same type of
// receiver, so most names are found there without hashing a type and a name
// and comparing them whole in the map. A slot is used only for the type and
// name it holds, whichever name is looked up in it.
func (s *Set) place(t reflect.Type, name string) *place {
	slot := &s.recent[uintptr(unsafe.Pointer(unsafe.StringData(name)))%recentPlaces]
	if pl := slot.Load(); pl != nil && pl.t == t && pl.name == name {
		return pl
	}
	pl := s.placeInMap(t, name)
	slot.Store(pl)
	return pl
}

// placeInMap is place without the recent ones.
func (s *Set) placeInMap(t reflect.Type, name string) *place {
	if pl, ok := (*s.places.Load())[typeName{t, name}]; ok {
		return pl
	}
	pl := placeOf(t, name)
	s.placing.Lock()
	defer s.placing.Unlock()
	next := maps.Clone(*s.places.Load())
	next[typeName{t, name}] = pl
	s.places.Store(&next)
	return pl
}

var (
	htmlType  = reflect.TypeFor[template.HTML]()
	bytesType = reflect.TypeFor[[]byte]()
)

func placeOf(t reflect.Type, name string) *place {
	pl := &place{t: t, name: name}
	if m, ok := t.MethodByName(name); ok {
		ft := m.Type // the receiver is its first parameter
		switch {
		case ft.NumIn() != 1:
			pl.refused = "method " + name + " with parameters"
		case ft.NumOut() == 1:
			pl.method = m.Func
		case ft.NumOut() == 2 && ft.Out(1) == errorType:
			pl.method, pl.errResult = m.Func, true
		default:
			pl.refused = "method " + name + " with such results"
		}
		if pl.method.IsValid() && ft.Out(0) == htmlType {
			pl.twin = twinOf(t, name, pl.errResult)
		}
		return pl
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		pl.refused = "field " + name + " of " + st.Kind().String()
	} else if f, ok := st.FieldByName(name); ok && f.IsExported() {
		pl.field = f.Index
	} else {
		pl.refused = "no exported field " + name
	}
	return pl
}

var errorType = reflect.TypeFor[error]()

// twinOf is the method Append+name of t that appends to a []byte and returns
// it, with an error when errResult; not valid for none.
func twinOf(t reflect.Type, name string, errResult bool) reflect.Value {
	m, ok := t.MethodByName("Append" + name)
	if !ok {
		return reflect.Value{}
	}
	ft := m.Type // the receiver is its first parameter
	outs := 1
	if errResult {
		outs = 2
	}
	if ft.NumIn() != 2 || ft.In(1) != bytesType || ft.NumOut() != outs || ft.Out(0) != bytesType || errResult && ft.Out(1) != errorType {
		return reflect.Value{}
	}
	return m.Func
}

// indirect follows pointers and interfaces, stopping at a nil one.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// truth is text/template's truth of a value; it gives up where text/template
// reports an error.
func truth(v reflect.Value) bool {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Struct:
		return true
	}
	giveUp("truth of " + v.Kind().String())
	panic("unreachable")
}

var stringType = reflect.TypeFor[string]()

// content is html/template's type of content.
type content int

const (
	contentPlain content = iota
	contentHTML
	contentURL
	contentJS
	contentOther // CSS, HTMLAttr, JSStr, Srcset: Run leaves them to html/template
)

var contentTypes = map[reflect.Type]content{
	reflect.TypeFor[template.HTML]():     contentHTML,
	reflect.TypeFor[template.URL]():      contentURL,
	reflect.TypeFor[template.JS]():       contentJS,
	reflect.TypeFor[template.CSS]():      contentOther,
	reflect.TypeFor[template.HTMLAttr](): contentOther,
	reflect.TypeFor[template.JSStr]():    contentOther,
	reflect.TypeFor[template.Srcset]():   contentOther,
}

var (
	formatterType = reflect.TypeFor[fmt.Formatter]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
)

// stringify is html/template's stringify of one value: the text of a value of
// a content type, else what fmt.Sprint prints, for the values whose printing
// Run knows.
func stringify(v reflect.Value) (string, content) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			giveUp("printing nil")
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		giveUp("printing no value")
	}
	if v.Type() == stringType {
		return v.String(), contentPlain
	}
	// Content types are seen through pointers, as html/template does.
	base := v
	for base.Kind() == reflect.Pointer {
		if base.IsNil() {
			giveUp("printing a nil pointer")
		}
		base = base.Elem()
	}
	if ct, ok := contentTypes[base.Type()]; ok {
		if ct == contentOther {
			giveUp("printing " + base.Type().String())
		}
		return base.String(), ct
	}
	// Pointers are followed to a Stringer or an error, then fmt prints.
	for {
		t := v.Type()
		if t.Implements(formatterType) {
			giveUp("printing a fmt.Formatter")
		}
		if t.Implements(errorType) {
			return v.Interface().(error).Error(), contentPlain
		}
		if t.Implements(stringerType) {
			return v.Interface().(fmt.Stringer).String(), contentPlain
		}
		if v.Kind() != reflect.Pointer {
			break
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), contentPlain
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), contentPlain
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), contentPlain
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), contentPlain
	}
	giveUp("printing " + v.Type().String())
	panic("unreachable")
}

// Declined reports whether Run has given up on a page it could not print, and
// so leaves every page to html/template.
func (s *Set) Declined() bool { return s.off.Load() }
