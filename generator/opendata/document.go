package opendata

import (
	"bytes"
	"encoding/json"
	"sort"

	"perfsite/generator/decimal"
	"perfsite/generator/model"
	"perfsite/generator/score"
)

// format names the layout of cycle.json; Verify reads only this one.
const format = "perfsite-open-data/1"

// num is a number in cycle.json, written with its exact decimal digits; "" is null.
// Reading keeps the raw JSON, so a value of the wrong kind is reported with its
// line by whoever parses it, instead of failing the whole file.
type num string

func (n num) MarshalJSON() ([]byte, error) {
	if n == "" {
		return []byte("null"), nil
	}
	return []byte(n), nil
}

func (n *num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = ""
	} else {
		*n = num(b)
	}
	return nil
}

func numOf(d decimal.D) num { return num(d.String()) }

func numPtr(d *decimal.D) num {
	if d == nil {
		return ""
	}
	return num(d.String())
}

func centsOf(d decimal.D) num { return num(cents(d)) }

// cycleDoc is cycle.json: the scheme, every input and every result of one cycle.
type cycleDoc struct {
	Format      string     `json:"format"`
	Cycle       string     `json:"cycle"`
	Site        siteDoc    `json:"site"`
	AsOf        string     `json:"as_of,omitempty"` // the day overdue was counted from
	Scheme      schemeDoc  `json:"scheme"`
	Groups      []groupDoc `json:"groups"`
	Departments []deptDoc  `json:"departments"`
}

type siteDoc struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	License string `json:"license,omitempty"`
}

type schemeDoc struct {
	Title            string         `json:"title"`
	Total            num            `json:"total"`
	TargetsPublished string         `json:"targets_published,omitempty"`
	ResultsPublished string         `json:"results_published,omitempty"`
	Periods          []string       `json:"periods"`
	BonusCap         num            `json:"bonus_cap"`   // null: no cap
	PenaltyCap       num            `json:"penalty_cap"` // null: no cap
	Status           statusDoc      `json:"status"`
	Dimensions       []dimensionDoc `json:"dimensions"`
	Grades           []gradeDoc     `json:"grades"`
	Vetoes           []vetoDoc      `json:"vetoes"`
	Indicators       []indicatorDoc `json:"indicators"` // common indicators
}

type statusDoc struct {
	Met  num `json:"met"`
	Near num `json:"near"`
}

type dimensionDoc struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type gradeDoc struct {
	Name  string `json:"name"`
	Min   num    `json:"min"`
	Quota num    `json:"quota"` // null: no quota
}

type vetoDoc struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	MaxGrade string `json:"max_grade"`
	Deduct   num    `json:"deduct"`
}

type groupDoc struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Ranked bool   `json:"ranked"`
}

// indicatorDoc is an indicator with every method parameter; absent inputs are left out.
type indicatorDoc struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	Dimension     string            `json:"dimension"`
	Unit          string            `json:"unit,omitempty"`
	Common        bool              `json:"common"`
	Groups        []string          `json:"groups,omitempty"`
	Points        num               `json:"points"`
	Method        string            `json:"method"`
	Direction     string            `json:"direction"`
	Target        num               `json:"target,omitempty"`
	Floor         num               `json:"floor,omitempty"`
	Lo            num               `json:"lo,omitempty"`
	Cap           num               `json:"cap,omitempty"`
	Bands         [][]num           `json:"bands,omitempty"` // [threshold, fraction] pairs
	Fail          num               `json:"fail,omitempty"`
	Per           num               `json:"per,omitempty"`
	MaxDeduct     num               `json:"max_deduct,omitempty"`
	Actual        num               `json:"actual,omitempty"`
	Achieved      *bool             `json:"achieved,omitempty"`
	Score         num               `json:"score,omitempty"` // manual: the score given
	Justification string            `json:"justification,omitempty"`
	Baseline      num               `json:"baseline,omitempty"`
	Milestones    map[string]num    `json:"milestones,omitempty"`
	Progress      map[string]num    `json:"progress,omitempty"`
	Source        string            `json:"source,omitempty"`
	Assessor      string            `json:"assessor,omitempty"`
	Definition    string            `json:"definition,omitempty"`
	Limitations   string            `json:"limitations,omitempty"`
	Evidence      []string          `json:"evidence,omitempty"`
	Note          string            `json:"note,omitempty"`
	Critical      bool              `json:"critical,omitempty"`
	TargetChanges []targetChangeDoc `json:"target_changes,omitempty"`
	Survey        *surveyDoc        `json:"survey,omitempty"`
	Result        *indicatorResult  `json:"result,omitempty"` // scorecards only
}

type targetChangeDoc struct {
	From       num    `json:"from"`
	To         num    `json:"to"`
	Date       string `json:"date,omitempty"`
	Reason     string `json:"reason,omitempty"`
	ApprovedBy string `json:"approved_by,omitempty"`
}

type surveyDoc struct {
	Respondents int64  `json:"respondents,omitempty"`
	Method      string `json:"method,omitempty"`
	ConductedBy string `json:"conducted_by,omitempty"`
}

type indicatorResult struct {
	Fraction   num             `json:"fraction"` // null while pending
	Score      num             `json:"score"`
	Status     string          `json:"status"`
	Derivation string          `json:"derivation"`
	Progress   []checkpointDoc `json:"progress"`
}

type checkpointDoc struct {
	Period   string `json:"period"`
	Expected num    `json:"expected"` // null: neither milestone nor target
	Value    num    `json:"value"`
	Fraction num    `json:"fraction"`
	Status   string `json:"status"`
}

type deptDoc struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	ShortName      string             `json:"short_name,omitempty"`
	Group          string             `json:"group"`
	Website        string             `json:"website,omitempty"`
	Description    string             `json:"description,omitempty"`
	Status         string             `json:"status"` // final | draft
	Evaluated      string             `json:"evaluated,omitempty"`
	Indicators     []indicatorDoc     `json:"indicators"`
	Adjustments    []adjustmentDoc    `json:"adjustments"`
	Rectifications []rectificationDoc `json:"rectifications"`
	Result         deptResult         `json:"result"`
}

type adjustmentDoc struct {
	Kind     string   `json:"kind"`
	Points   num      `json:"points,omitempty"` // bonus and penalty
	Rule     string   `json:"rule,omitempty"`   // veto
	Reason   string   `json:"reason,omitempty"`
	Basis    string   `json:"basis,omitempty"`
	Date     string   `json:"date,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Counted  num      `json:"counted"` // result: the points counted after the caps
}

type rectificationDoc struct {
	Issue    string   `json:"issue"`
	Action   string   `json:"action,omitempty"`
	Owner    string   `json:"owner,omitempty"`
	Due      string   `json:"due,omitempty"`
	Status   string   `json:"status"`
	Done     string   `json:"done,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Overdue  bool     `json:"overdue"` // as of the document's as_of
}

type deptResult struct {
	IndicatorScore num            `json:"indicator_score"`
	Dimensions     []dimensionRes `json:"dimensions"`
	BonusClaimed   num            `json:"bonus_claimed"`
	Bonus          num            `json:"bonus"`
	PenaltyClaimed num            `json:"penalty_claimed"`
	Penalty        num            `json:"penalty"`
	Vetoes         []string       `json:"vetoes"`
	VetoDeduct     num            `json:"veto_deduct"`
	Total          num            `json:"total"`
	GradeByScore   *string        `json:"grade_by_score"` // before veto cap and quota; null for drafts
	Grade          *string        `json:"grade"`          // null for drafts
	VetoCapped     bool           `json:"veto_capped"`
	QuotaDemoted   bool           `json:"quota_demoted"`
	RankGroup      *int           `json:"rank_group"`   // null: draft or unranked group
	RankOverall    *int           `json:"rank_overall"` // null: draft or unranked group
}

type dimensionRes struct {
	ID     string `json:"id"`
	Points num    `json:"points"`
	Score  num    `json:"score"`
	Rate   num    `json:"rate"` // null when the dimension has no points
}

// marshal writes a document with two-space indents and a final newline.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		// Only a num holding something other than a number fails, and the writer
		// never makes one; fail loudly rather than publish a broken file.
		panic("opendata: " + err.Error())
	}
	return b.Bytes()
}

// cycleJSON is marshal(document(…)) made one department at a time, so that only the
// finished file, not a tree of every department and two copies of its text, is held.
func cycleJSON(ix *siteIndex, c *score.Cycle, opt Options) []byte {
	doc := document(ix, &score.Cycle{ID: c.ID, Scheme: c.Scheme}, opt) // no departments
	head := marshal(doc)
	const empty = "\"departments\": []\n}\n"
	if !bytes.HasSuffix(head, []byte(empty)) {
		panic("opendata: cycle.json does not end with its departments")
	}
	head = head[:len(head)-len(empty)+len("\"departments\": [")]
	var parts [][]byte
	size := len(head) + len("\n  ]\n}\n")
	for _, d := range included(c, opt) {
		// Inside the array an element is indented by two levels, as the encoder does.
		part, err := json.MarshalIndent(deptOf(ix.dept(d.ID), d, opt), "    ", "  ")
		if err != nil {
			panic("opendata: " + err.Error())
		}
		parts = append(parts, part)
		size += len(",\n    ") + len(part)
	}
	if len(parts) == 0 {
		return marshal(doc)
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	for i, part := range parts {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    "...)
		out = append(out, part...)
	}
	return append(out, "\n  ]\n}\n"...)
}

// document builds cycle.json of one cycle.
func document(ix *siteIndex, c *score.Cycle, opt Options) *cycleDoc {
	doc := &cycleDoc{
		Format: format,
		Cycle:  c.ID,
		Site:   siteDoc{Title: ix.config.Title, URL: ix.config.BaseURL, License: ix.config.OpenData.License},
		AsOf:   opt.Today.String(),
		Scheme: schemeOf(c.Scheme),
		Groups: []groupDoc{},
	}
	for _, g := range ix.groups {
		doc.Groups = append(doc.Groups, groupDoc{ID: g.ID, Name: g.Name, Ranked: g.Ranked})
	}
	doc.Departments = []deptDoc{}
	for _, d := range included(c, opt) {
		doc.Departments = append(doc.Departments, deptOf(ix.dept(d.ID), d, opt))
	}
	return doc
}

func schemeOf(s *model.Scheme) schemeDoc {
	if s == nil {
		s = &model.Scheme{}
	}
	met, near := score.Thresholds(s)
	doc := schemeDoc{
		Title:            s.Title,
		Total:            numOf(s.Total),
		TargetsPublished: s.TargetsPublished.String(),
		ResultsPublished: s.ResultsPublished.String(),
		Periods:          append([]string{}, s.Periods...),
		BonusCap:         numPtr(s.BonusCap),
		PenaltyCap:       numPtr(s.PenaltyCap),
		Status:           statusDoc{Met: numOf(met), Near: numOf(near)},
		Dimensions:       []dimensionDoc{},
		Grades:           []gradeDoc{},
		Vetoes:           []vetoDoc{},
		Indicators:       []indicatorDoc{},
	}
	for _, d := range s.Dimensions {
		if d != nil {
			doc.Dimensions = append(doc.Dimensions, dimensionDoc{ID: d.ID, Name: d.Name, Description: d.Description})
		}
	}
	for _, g := range s.Grades {
		if g != nil {
			doc.Grades = append(doc.Grades, gradeDoc{Name: g.Name, Min: numOf(g.Min), Quota: numPtr(g.Quota)})
		}
	}
	for _, v := range s.Vetoes {
		if v != nil {
			doc.Vetoes = append(doc.Vetoes, vetoDoc{ID: v.ID, Name: v.Name, MaxGrade: v.MaxGrade, Deduct: numOf(v.Deduct)})
		}
	}
	for _, in := range s.Indicators {
		if in != nil {
			doc.Indicators = append(doc.Indicators, indicatorOf(in))
		}
	}
	return doc
}

// indicatorOf writes an indicator's definition and inputs.
func indicatorOf(in *model.Indicator) indicatorDoc {
	doc := indicatorDoc{
		ID: in.ID, Name: in.Name, Dimension: in.Dimension, Unit: in.Unit, Common: in.Common,
		Groups: in.Groups, Points: numOf(in.Points), Method: in.Method, Direction: direction(in),
		Target: numPtr(in.Target), Floor: numPtr(in.Floor), Lo: numPtr(in.Lo), Cap: numPtr(in.Cap),
		Fail: numPtr(in.Fail), Per: numPtr(in.Per), MaxDeduct: numPtr(in.MaxDeduct),
		Actual: numPtr(in.Actual), Achieved: in.Achieved, Score: numPtr(in.Score),
		Justification: in.Justification, Baseline: numPtr(in.Baseline),
		Milestones: numMap(in.Milestones), Progress: numMap(in.Progress),
		Source: in.Source, Assessor: in.Assessor, Definition: in.Definition, Limitations: in.Limitations,
		Evidence: in.Evidence, Note: in.Note, Critical: in.Critical,
	}
	for _, b := range in.Bands {
		doc.Bands = append(doc.Bands, []num{numOf(b.Threshold), numOf(b.Fraction)})
	}
	for _, tc := range in.TargetChanges {
		doc.TargetChanges = append(doc.TargetChanges, targetChangeDoc{
			From: numOf(tc.From), To: numOf(tc.To), Date: tc.Date.String(), Reason: tc.Reason, ApprovedBy: tc.ApprovedBy,
		})
	}
	if in.Survey != nil {
		doc.Survey = &surveyDoc{Respondents: in.Survey.Respondents, Method: in.Survey.Method, ConductedBy: in.Survey.ConductedBy}
	}
	return doc
}

func numMap(m map[string]decimal.D) map[string]num {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]num, len(m))
	for k, v := range m {
		out[k] = numOf(v) // encoding/json writes map keys sorted
	}
	return out
}

// deptOf writes one department's inputs and results.
func deptOf(md *model.Department, d *score.Department, opt Options) deptDoc {
	card := d.Card
	doc := deptDoc{
		ID: d.ID, Name: md.Name, ShortName: md.ShortName, Group: d.Group, Website: md.Website,
		Description: md.Description, Status: status(d.Draft), Evaluated: card.Evaluated.String(),
		Indicators: []indicatorDoc{}, Adjustments: []adjustmentDoc{}, Rectifications: []rectificationDoc{},
	}
	for _, in := range d.Indicators {
		if in == nil || in.Indicator == nil {
			continue
		}
		id := indicatorOf(in.Indicator)
		res := &indicatorResult{Score: centsOf(in.Score), Status: in.Status, Derivation: in.Derivation, Progress: []checkpointDoc{}}
		if in.Status != score.Pending {
			res.Fraction = numOf(in.Fraction)
		}
		for _, cp := range in.Progress {
			c := checkpointDoc{Period: cp.Period, Value: numOf(cp.Value), Fraction: numOf(cp.Fraction), Status: cp.Status}
			if cp.HasExpected {
				c.Expected = numOf(cp.Expected)
			}
			res.Progress = append(res.Progress, c)
		}
		id.Result = res
		doc.Indicators = append(doc.Indicators, id)
	}
	for i, a := range card.Adjustments {
		if a == nil {
			continue
		}
		ad := adjustmentDoc{Kind: a.Kind, Rule: a.Rule, Reason: a.Reason, Basis: a.Basis, Date: a.Date.String(),
			Evidence: a.Evidence, Counted: centsOf(counted(d, i))}
		if a.Kind != model.VetoAdj {
			ad.Points = numOf(a.Points)
		}
		doc.Adjustments = append(doc.Adjustments, ad)
	}
	for _, r := range card.Rectifications {
		if r == nil {
			continue
		}
		doc.Rectifications = append(doc.Rectifications, rectificationDoc{
			Issue: r.Issue, Action: r.Action, Owner: r.Owner, Due: r.Due.String(), Status: r.Status,
			Done: r.Done.String(), Evidence: r.Evidence, Overdue: r.Overdue(opt.Today),
		})
	}
	res := deptResult{
		IndicatorScore: centsOf(d.IndicatorScore), Dimensions: []dimensionRes{},
		BonusClaimed: centsOf(d.BonusClaimed), Bonus: centsOf(d.Bonus),
		PenaltyClaimed: centsOf(d.PenaltyClaimed), Penalty: centsOf(d.Penalty),
		Vetoes: []string{}, VetoDeduct: centsOf(d.VetoDeduct), Total: centsOf(d.Total),
		VetoCapped: d.VetoCapped, QuotaDemoted: d.QuotaDemoted,
	}
	for _, dim := range d.Dimensions {
		if dim == nil || dim.Dimension == nil {
			continue
		}
		dr := dimensionRes{ID: dim.ID, Points: numOf(dim.Points), Score: centsOf(dim.Score)}
		if !dim.Points.IsZero() {
			dr.Rate = numOf(dim.Rate)
		}
		res.Dimensions = append(res.Dimensions, dr)
	}
	for _, v := range d.Vetoes {
		if v != nil {
			res.Vetoes = append(res.Vetoes, v.ID)
		}
	}
	if !d.Draft {
		res.Grade = strPtr(d.Grade)
		res.GradeByScore = strPtr(d.GradeByScore)
		res.RankGroup = intPtr(d.RankGroup)
		res.RankOverall = intPtr(d.RankOverall)
	}
	doc.Result = res
	return doc
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func intPtr(i int) *int {
	if i <= 0 {
		return nil
	}
	return &i
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
