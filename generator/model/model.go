// Package model holds a site's inputs as loaded from its files: plain values with the
// positions they came from, so later stages can name the file and line of a problem.
// Loading fills it (package load); nothing here does I/O.
package model

import (
	"fmt"
	"sync"

	"perfsite/generator/decimal"
	"perfsite/generator/diag"
)

// Site is everything read from one site folder.
type Site struct {
	Dir         string
	Config      Config
	Groups      []*Group
	Departments []*Department
	Cycles      []*Cycle   // sorted by id, oldest first
	Content     []*Content // sorted by path
}

// Config is site.toml.
type Config struct {
	Title       string
	BaseURL     string
	Language    string // "zh-CN" or "en"
	Theme       string
	Description string
	SampleData  bool
	UnsafeHTML  bool
	Feedback    Feedback
	OpenData    OpenData
	Origin
}

// Feedback is how citizens reach the publisher; at least one field is set.
type Feedback struct {
	Email string
	Phone string
	URL   string
}

// OpenData describes the published data files.
type OpenData struct {
	License string
}

// Group is a set of departments ranked against each other (or not, when Ranked is false).
type Group struct {
	ID     string
	Name   string
	Ranked bool
	Origin
}

// Department is an assessed unit.
type Department struct {
	ID          string
	Name        string
	ShortName   string
	Group       string
	Website     string
	Description string
	Origin
}

// Label is the short name when there is one, for charts.
func (d *Department) Label() string {
	if d.ShortName != "" {
		return d.ShortName
	}
	return d.Name
}

// Cycle is one assessment cycle: its scheme and the scorecards filed for it.
type Cycle struct {
	ID     string
	Scheme *Scheme
	Cards  []*Scorecard // sorted by department id
}

// Scheme is data/<cycle>/scheme.toml.
type Scheme struct {
	Title            string
	Total            decimal.D
	TargetsPublished Date
	ResultsPublished Date
	Periods          []string
	BonusCap         *decimal.D // nil: no cap
	PenaltyCap       *decimal.D // nil: no cap
	StatusMet        decimal.D  // default 1
	StatusNear       decimal.D  // default 0.8
	Dimensions       []*Dimension
	Grades           []*Grade // best first
	Vetoes           []*Veto
	Indicators       []*Indicator // common indicators
	Origin
}

// Dimension is a balanced-scorecard perspective.
type Dimension struct {
	ID          string
	Name        string
	Description string
	Origin
}

// Grade is one step of the grading scale.
type Grade struct {
	Name  string
	Min   decimal.D
	Quota *decimal.D // share of a ranked group, nil: no quota
	Origin
}

// Veto is a one-vote-veto rule of the scheme.
type Veto struct {
	ID       string
	Name     string
	MaxGrade string // resolved: the lowest grade when the file leaves it out
	Deduct   decimal.D
	Origin
}

// Scoring methods.
const (
	Ratio    = "ratio"
	Linear   = "linear"
	Bands    = "bands"
	PassFail = "pass_fail"
	Deduct   = "deduct"
	Rating   = "rating"
	Manual   = "manual"
)

// Methods lists the scoring methods in the order the methodology page explains them.
var Methods = []string{Ratio, Linear, Bands, PassFail, Deduct, Rating, Manual}

// Directions.
const (
	Higher = "higher"
	Lower  = "lower"
)

// Indicator is one measured item. In a scorecard it is the effective indicator:
// a common indicator's definition from the scheme merged with the card's values.
type Indicator struct {
	ID        string
	Name      string
	Dimension string
	Unit      string
	Points    decimal.D
	Method    string
	Direction string // "higher" (default) or "lower"

	Target    *decimal.D
	Floor     *decimal.D
	Lo        *decimal.D // linear: fraction at the first step above the floor (default 0)
	Cap       *decimal.D // highest fraction (default 1)
	Bands     []Band
	Fail      *decimal.D // pass_fail: fraction when not met (default 0)
	Per       *decimal.D // deduct: points per event
	MaxDeduct *decimal.D // deduct: at most this many points (default Points)

	Actual        *decimal.D // nil: no actual yet
	Achieved      *bool      // pass_fail qualitative
	Score         *decimal.D // manual
	Justification string     // manual
	Baseline      *decimal.D

	Milestones PeriodValues // expected value by period
	Progress   PeriodValues // value reached by period

	Groups        []string // common indicators: only these groups (empty: all)
	Source        string
	Assessor      string
	Definition    string
	Limitations   string
	Evidence      []string
	Note          string
	TargetChanges []TargetChange
	Survey        *Survey
	Critical      bool

	Common bool       // defined in the scheme
	Origin            // for a merged common indicator: the card's entry
	Def    *Indicator // for a merged common indicator: the scheme's, which defines it; nil otherwise
}

// DefOrigin is where the indicator is defined: in the scheme for a merged common
// indicator, else where it is.
func (in *Indicator) DefOrigin() Origin {
	if in.Def != nil {
		return in.Def.Origin
	}
	return in.Origin
}

// HasActual reports whether the indicator has what its method needs to be scored.
func (in *Indicator) HasActual() bool {
	switch in.Method {
	case Manual:
		return in.Score != nil
	case PassFail:
		return in.Actual != nil || in.Achieved != nil
	}
	return in.Actual != nil
}

// PeriodValue is a number given for one period of the scheme.
type PeriodValue struct {
	Period string
	Value  decimal.D
}

// PeriodValues are numbers by period (progress, milestones), each period once,
// sorted by period. An indicator has a few periods, and a list of them takes far
// less memory than a map.
type PeriodValues []PeriodValue

// Get returns the value given for period p.
func (l PeriodValues) Get(p string) (decimal.D, bool) {
	for _, e := range l {
		if e.Period == p {
			return e.Value, true
		}
	}
	return decimal.D{}, false
}

// Band is one step of a bands method: at Threshold the fraction is Fraction.
type Band struct {
	Threshold decimal.D
	Fraction  decimal.D
}

// TargetChange records a change of target after targets were published.
type TargetChange struct {
	From       decimal.D
	To         decimal.D
	Date       Date
	Reason     string
	ApprovedBy string
	Origin
}

// Survey describes how a rating indicator's value was collected.
type Survey struct {
	Respondents int64
	Method      string
	ConductedBy string
}

// Scorecard is data/<cycle>/<department>.toml.
type Scorecard struct {
	Department     string
	Draft          bool
	Evaluated      Date
	Indicators     []*Indicator // effective: common ones (scheme order) then own ones (file order)
	Adjustments    []*Adjustment
	Rectifications []*Rectification
	Origin
}

// Adjustment kinds.
const (
	Bonus   = "bonus"
	Penalty = "penalty"
	VetoAdj = "veto"
)

// Adjustment is a bonus, penalty or veto event.
type Adjustment struct {
	Kind     string
	Points   decimal.D // bonus and penalty
	Rule     string    // veto: the scheme's veto id
	Reason   string
	Basis    string
	Date     Date
	Evidence []string
	Origin
}

// Rectification statuses.
const (
	Open       = "open"
	InProgress = "in_progress"
	Done       = "done"
)

// Rectification is a corrective action.
type Rectification struct {
	Issue    string
	Action   string
	Owner    string
	Due      Date
	Status   string
	Done     Date
	Evidence []string
	Origin
}

// Overdue reports whether the action is past due on the given day and not done.
func (r *Rectification) Overdue(today Date) bool {
	return r.Status != Done && !r.Due.IsZero() && r.Due.Before(today)
}

// Content is one Markdown file under content/.
type Content struct {
	Path        string // relative to the site, e.g. "content/2024/_index.md"
	Title       string
	Description string
	Date        Date
	Weight      int64
	Draft       bool
	Body        []byte // Markdown after the front matter
	BodyLine    int    // line of the file where Body starts
	Origin
}

// Date is a calendar day, kept as written (no time zone).
type Date struct{ Year, Month, Day int }

// IsZero reports whether the date was left out.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// String is "2024-02-20", or "" when zero.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	// The open data and the pages print hundreds of thousands of dates in a
	// large build: written by hand, as Sprintf would.
	b := [10]byte{
		byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + d.Month/10), byte('0' + d.Month%10), '-',
		byte('0' + d.Day/10), byte('0' + d.Day%10),
	}
	return string(b[:])
}

// Origin says where a value was read: its file and its key path inside the file
// ("indicator.3"), with the positions of its keys.
type Origin struct {
	Src  *Source
	Path string
}

// Pos is the position of the item, or of one of its keys when named
// ("dimension", "progress.Q2"); it falls back to the item, then the file.
func (o Origin) Pos(key ...string) diag.Pos {
	if o.Src == nil {
		return diag.Pos{}
	}
	p := o.Path
	for _, k := range key {
		if p == "" {
			p = k
		} else {
			p += "." + k
		}
	}
	return o.Src.At(p)
}

// Source is one file with the positions of its keys and tables.
//
// Positions serve only to name where a problem is, and most files have none, so a
// Source made by NewSource finds them when first asked (At), with a function that
// reads the file again or keeps its text.
type Source struct {
	File string              // relative to the site, forward slashes
	Keys map[string]diag.Pos // "indicator.3.dimension" → where that key is written; see Source

	mu   sync.Mutex
	scan func() map[string]diag.Pos // finds Keys; nil once they are found
}

// NewSource is a Source whose positions scan finds when they are first needed.
func NewSource(file string, scan func() map[string]diag.Pos) *Source {
	return &Source{File: file, scan: scan}
}

// keys returns the positions, finding them first if needed. Several scorecards
// checked at once may ask for the positions of their scheme.
func (s *Source) keys() map[string]diag.Pos {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scan != nil {
		s.Keys, s.scan = s.scan(), nil
	}
	return s.Keys
}

// At finds the position of a key path, or of its nearest enclosing table, or the file.
func (s *Source) At(path string) diag.Pos {
	keys := s.keys()
	for {
		if p, ok := keys[path]; ok {
			return p
		}
		i := lastDot(path)
		if i < 0 {
			break
		}
		path = path[:i]
	}
	if path != "" {
		if p, ok := keys[path]; ok {
			return p
		}
	}
	return diag.Pos{File: s.File}
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}
