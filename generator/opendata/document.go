package opendata

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

// cycleDoc is cycle.json: the scheme, every input and every result of one cycle.
// Verify reads cycle.json into these types; cycle.go writes it member by member in
// the order and with the omissions their fields and tags give.
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
