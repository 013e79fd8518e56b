package render

import (
	"bytes"
	"fmt"

	"perfsite/generator/model"
	"perfsite/generator/score"
	theme "perfsite/themes/default"
)

// ExecutePage builds the model of the page written as file once, then
// executes its layout for as long as loop says, and returns the HTML. With
// models, it builds the model for as long as loop says instead, and executes
// it once.
func ExecutePage(s *model.Site, r *score.Result, opts Options, file string, models bool, loop func() bool) ([]byte, error) {
	tr, err := loadI18n(theme.FS, s.Config.Language)
	if err != nil {
		return nil, err
	}
	b, err := newBuilder(s, r, opts, tr)
	if err != nil {
		return nil, err
	}
	ts, err := loadTemplates(theme.FS, nil, b.funcs())
	if err != nil {
		return nil, err
	}
	if err := b.prepareFragments(ts); err != nil {
		return nil, err
	}
	for _, sp := range b.specs() {
		if sp.file != file {
			continue
		}
		p, err := b.page(sp)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		for loop() {
			if models {
				if p, err = b.page(sp); err != nil {
					return nil, err
				}
				continue
			}
			buf.Reset()
			if err := ts.execute(&buf, p); err != nil {
				return nil, err
			}
		}
		if models {
			err = ts.execute(&buf, p)
		}
		return buf.Bytes(), err
	}
	return nil, fmt.Errorf("no page %s", file)
}
