// Package diag holds the problems found in a site's files, each with the file,
// line and column it is about, printed the way compilers do so editors can jump to them.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a place in a site file. File is relative to the site, with forward slashes.
// Line and Col start at 1; 0 means unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Diagnostic is one problem.
type Diagnostic struct {
	Pos
	Severity Severity
	Message  string
}

// String formats the problem as "path:line:col: error: message".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Message)
}

// List collects problems; the zero value is ready to use.
type List struct {
	items []Diagnostic
}

// Errorf records an error at p.
func (l *List) Errorf(p Pos, format string, args ...any) {
	l.items = append(l.items, Diagnostic{Pos: p, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at p.
func (l *List) Warnf(p Pos, format string, args ...any) {
	l.items = append(l.items, Diagnostic{Pos: p, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Add appends diagnostics from another list.
func (l *List) Add(other *List) {
	if other != nil {
		l.items = append(l.items, other.items...)
	}
}

// HasErrors reports whether any recorded problem is an error.
func (l *List) HasErrors() bool {
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Items returns the problems sorted by file, line, column, then severity and message,
// so output is the same on every run.
func (l *List) Items() []Diagnostic {
	out := append([]Diagnostic(nil), l.items...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
	return out
}

// Errors returns only the errors, sorted.
func (l *List) Errors() []Diagnostic { return l.filter(Error) }

// Warnings returns only the warnings, sorted.
func (l *List) Warnings() []Diagnostic { return l.filter(Warning) }

func (l *List) filter(s Severity) []Diagnostic {
	var out []Diagnostic
	for _, d := range l.Items() {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Len is the number of problems.
func (l *List) Len() int { return len(l.items) }

// String lists every problem, one per line.
func (l *List) String() string {
	var b strings.Builder
	for _, d := range l.Items() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Err returns the list as an error when it holds errors, else nil.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Failure{List: l}
}

// Failure is the error returned when the site's files hold errors.
type Failure struct{ List *List }

func (f *Failure) Error() string {
	n := len(f.List.Errors())
	if n == 1 {
		return "1 error in the site's files"
	}
	return fmt.Sprintf("%d errors in the site's files", n)
}
