package score

import (
	"perfsite/generator/decimal"
	"perfsite/generator/model"
)

// Past is one indicator of a department in a cycle whose own pages are written:
// what the pages spanning cycles show of it (a department's trends, the search
// index) and what the next cycle's scoring reads (the actual, for trends). It is a
// tenth of the size of an Indicator with its definition, so a build can keep every
// earlier cycle this way while it works on the next.
type Past struct {
	ID        string
	Name      string
	Unit      string
	Direction string
	Critical  bool
	Actual    *decimal.D
	Target    *decimal.D
	Trend     string
}

// pastOf is the indicator in its past form.
func pastOf(in *Indicator) Past {
	return Past{
		ID:        in.ID,
		Name:      in.Name,
		Unit:      in.Unit,
		Direction: in.Direction,
		Critical:  in.Critical,
		Actual:    in.Actual,
		Target:    in.Target,
		Trend:     in.Trend,
	}
}

// Pasts is the department's indicators in their past form, in order: kept ones
// after Thin, else made from its Indicators.
func (d *Department) Pasts() []Past {
	if d.Indicators == nil {
		return d.past
	}
	out := make([]Past, len(d.Indicators))
	for i, in := range d.Indicators {
		out[i] = pastOf(in)
	}
	return out
}

// actual is the actual of the indicator id, nil when there is none, from the
// indicators or, after Thin, from their past form.
func (d *Department) actual(id string) *decimal.D {
	if d.Indicators == nil {
		for i := range d.past {
			if d.past[i].ID == id {
				return d.past[i].Actual
			}
		}
		return nil
	}
	if in := d.Indicator(id); in != nil {
		return in.Actual
	}
	return nil
}

// Thin keeps of the cycle only what later cycles and the pages spanning cycles
// use, once its own pages and open data are written: each department's totals,
// grade, ranks and link to the previous cycle, its indicators in their past form
// (Pasts), and of its scorecard the department, draft flag and evaluation date.
// Everything else (definitions, progress, derivations, adjustments,
// rectifications, dimensions) is let go, the scorecards being emptied in place so
// that whatever else holds them lets go too.
func (c *Cycle) Thin() {
	for _, d := range c.Departments {
		if d.Indicators != nil {
			d.past = d.Pasts()
		}
		d.Indicators, d.Dimensions, d.Vetoes, d.Counted = nil, nil, nil, nil
		if card := d.Card; card != nil {
			card.Indicators, card.Adjustments, card.Rectifications, card.Origin = nil, nil, nil, model.Origin{}
		}
	}
}
