package tmplrun

import (
	"fmt"
	"reflect"
	"text/template/parse"

	"perfsite/generator/internal/htmltext"
)

// function calls the function name with the argument nodes args and, when
// hasFinal, the previous command's value last: the set's own functions and
// html/template's first, then text/template's builtins, as text/template looks
// them up.
func (s *state) function(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	if fn, ok := s.set.funcs[name]; ok {
		return s.callFunc(dot, fn, args, final, hasFinal)
	}
	if name == "_html_template_urlfilter" {
		str, ct := stringify(s.only(dot, args, final, hasFinal))
		if ct != contentURL && !htmltext.SafeURL(str) {
			str = "#ZgotmplZ"
		}
		return reflect.ValueOf(str)
	}
	switch name {
	case "and", "or":
		return s.andOr(dot, name == "or", args, final, hasFinal)
	case "not":
		return reflect.ValueOf(!truth(s.only(dot, args, final, hasFinal)))
	case "len":
		v, isNil := indirect(s.only(dot, args, final, hasFinal))
		switch {
		case isNil:
		case v.Kind() == reflect.Array, v.Kind() == reflect.Map, v.Kind() == reflect.Slice, v.Kind() == reflect.String:
			return reflect.ValueOf(v.Len())
		}
		giveUp("len")
	case "eq", "ne", "lt", "le", "gt", "ge":
		return reflect.ValueOf(s.compare(dot, name, args, final, hasFinal))
	case "printf":
		vals := s.values(dot, args, final, hasFinal)
		if len(vals) == 0 {
			giveUp("printf without a format")
		}
		return reflect.ValueOf(fmt.Sprintf(stringArg(vals[0]), interfaces(vals[1:])...))
	}
	giveUp("function " + name)
	panic("unreachable")
}

// values evaluates the arguments of a call and appends the final value.
func (s *state) values(dot reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) []reflect.Value {
	vals := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		vals = append(vals, s.arg(dot, a))
	}
	if hasFinal {
		vals = append(vals, valid(final))
	}
	return vals
}

// only is the one argument of a function of one parameter.
func (s *state) only(dot reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	switch {
	case len(args) == 1 && !hasFinal:
		return s.arg(dot, args[0])
	case len(args) == 0 && hasFinal:
		return valid(final)
	}
	giveUp("wrong number of arguments")
	panic("unreachable")
}

// arg evaluates an argument: a word evaluated, or a constant.
func (s *state) arg(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.FieldNode:
		return valid(s.fieldChain(dot, n.Ident, nil, reflect.Value{}, false))
	case *parse.VariableNode:
		v := s.variable(n.Ident[0])
		if len(n.Ident) > 1 {
			v = s.fieldChain(v, n.Ident[1:], nil, reflect.Value{}, false)
		}
		return valid(v)
	case *parse.PipeNode:
		return valid(s.pipeline(dot, n))
	case *parse.IdentifierNode:
		return valid(s.function(dot, n.Ident, nil, reflect.Value{}, false))
	case *parse.ChainNode:
		return valid(s.chain(dot, n, nil, reflect.Value{}, false))
	case *parse.DotNode:
		return valid(dot)
	}
	return s.literal(dot, n)
}

// valid gives up on a missing value, which text/template passes as nil or
// refuses, depending on the parameter.
func valid(v reflect.Value) reflect.Value {
	if !v.IsValid() {
		giveUp("no value as an argument")
	}
	return v
}

// stringArg is v as an argument of type string: text/template takes a string,
// or an interface holding one, and refuses other types.
func stringArg(v reflect.Value) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Type() != stringType {
		giveUp("a string argument of type " + v.Type().String())
	}
	return v.String()
}

// callFunc calls one of the set's functions. Parameters must be strings or
// of type any; the two shapes of the theme's functions are called directly.
func (s *state) callFunc(dot reflect.Value, fn reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	vals := s.values(dot, args, final, hasFinal)
	switch f := fn.Interface().(type) {
	case func(string) string:
		if len(vals) == 1 {
			return reflect.ValueOf(f(stringArg(vals[0])))
		}
	case func(string, ...any) (string, error):
		if len(vals) >= 1 {
			out, err := f(stringArg(vals[0]), interfaces(vals[1:])...)
			if err != nil {
				panic(failed{err})
			}
			return reflect.ValueOf(out)
		}
	}
	t := fn.Type()
	fixed := t.NumIn()
	if t.IsVariadic() {
		fixed--
		if len(vals) < fixed {
			giveUp("wrong number of arguments")
		}
	} else if len(vals) != fixed {
		giveUp("wrong number of arguments")
	}
	in := make([]reflect.Value, len(vals))
	for i, v := range vals {
		var pt reflect.Type
		if i < fixed {
			pt = t.In(i)
		} else {
			pt = t.In(fixed).Elem()
		}
		switch {
		case pt == stringType:
			in[i] = reflect.ValueOf(stringArg(v))
		case pt.Kind() == reflect.Interface && pt.NumMethod() == 0:
			in[i] = v
		default:
			giveUp("a parameter of type " + pt.String())
		}
	}
	errResult := t.NumOut() == 2 && t.Out(1) == errorType
	if t.NumOut() != 1 && !errResult {
		giveUp("function results")
	}
	return result(fn.Call(in), errResult)
}

// interfaces is vals as the arguments of a ...any parameter.
func interfaces(vals []reflect.Value) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v.Interface()
	}
	return out
}

// andOr is the builtin and (or): the first false (true) argument, evaluated in
// order and no further, else the last.
func (s *state) andOr(dot reflect.Value, or bool, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	if len(args) == 0 && !hasFinal {
		giveUp("and/or without arguments")
	}
	var v reflect.Value
	for _, a := range args {
		if v = s.arg(dot, a); truth(v) == or {
			return v
		}
	}
	if hasFinal {
		v = valid(final)
	}
	return v
}

// compare is the builtins eq, ne, lt, le, gt and ge for two strings, two
// signed or two unsigned integers, or (eq, ne) two booleans; text/template's
// rules for other kinds, mixed kinds and nil are left to it.
func (s *state) compare(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool) bool {
	vals := s.values(dot, args, final, hasFinal)
	if len(vals) < 2 || len(vals) > 2 && name != "eq" {
		giveUp("wrong number of arguments to " + name)
	}
	a := indirectInterface(vals[0])
	if name == "eq" { // any of the others equal to the first
		for _, b := range vals[1:] {
			if order(a, indirectInterface(b), true) == 0 {
				return true
			}
		}
		return false
	}
	c := order(a, indirectInterface(vals[1]), name == "ne")
	switch name {
	case "ne":
		return c != 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	case "gt":
		return c > 0
	}
	return c >= 0 // ge
}

// order compares a and b when both are strings, signed or unsigned integers,
// or, for equality, booleans (unequal ones are 1).
func order(a, b reflect.Value, equality bool) int {
	ka := basicKind(a)
	if ka != basicKind(b) || ka == otherKind || ka == boolKind && !equality {
		giveUp("comparing " + a.Kind().String() + " with " + b.Kind().String())
	}
	switch ka {
	case stringKind:
		return cmp3(a.String() < b.String(), a.String() == b.String())
	case intKind:
		return cmp3(a.Int() < b.Int(), a.Int() == b.Int())
	case uintKind:
		return cmp3(a.Uint() < b.Uint(), a.Uint() == b.Uint())
	}
	return cmp3(false, a.Bool() == b.Bool())
}

func cmp3(less, equal bool) int {
	switch {
	case less:
		return -1
	case equal:
		return 0
	}
	return 1
}

type kind int

const (
	otherKind kind = iota
	boolKind
	intKind
	uintKind
	stringKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.String:
		return stringKind
	}
	return otherKind
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem()
	}
	return v
}
