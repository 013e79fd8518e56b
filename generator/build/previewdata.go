package build

import (
	"reflect"
	"sync"

	"perfsite/generator/model"
	"perfsite/generator/opendata"
	"perfsite/generator/render"
	"perfsite/generator/score"
)

// sumsPath is the checksum file over every open-data file.
const sumsPath = "data/SHA256SUMS"

// openData is the open data of a preview snapshot, made a cycle at a time when
// first asked for. A cycle's files depend on its results and on what the whole
// site says about departments (site.toml, departments.toml) and on the options;
// the score cache hands back an unchanged cycle's results as the same object, so a
// cycle's files are kept, from one snapshot to the next, as long as its results
// are the same object and the rest is equal.
type openData struct {
	site   *model.Site
	opts   opendata.Options
	cycles []*cycleData // in the order of the results
	byPath map[string]*cycleData
}

// cycleData is the files of one cycle, made once.
type cycleData struct {
	result *score.Cycle
	names  []string // the cycle's file paths, known before the files are made
	once   sync.Once
	files  map[string][]byte
	made   []opendata.File // the files made, with their sizes and sums
	err    error
}

func opendataOptions(opts Options) opendata.Options {
	return opendata.Options{Drafts: opts.Drafts, Today: opts.today()}
}

// next is the open data of a new snapshot of s and r: the cycles of prev whose
// files are still right, and the others to be made when asked for.
func (prev *openData) next(s *model.Site, r *score.Result, opts opendata.Options) *openData {
	d := &openData{site: s, opts: opts, byPath: map[string]*cycleData{}}
	kept := map[*score.Cycle]*cycleData{}
	if prev != nil && reflect.DeepEqual(prev.opts, opts) && sameSiteData(prev.site, s) {
		for _, c := range prev.cycles {
			kept[c.result] = c
		}
	}
	for _, c := range r.Cycles {
		cd := kept[c]
		if cd == nil {
			cd = &cycleData{result: c, names: d.names(c)}
		}
		d.cycles = append(d.cycles, cd)
		for _, n := range cd.names {
			d.byPath[n] = cd
		}
	}
	return d
}

// names lists the files of a cycle without making them: they are named after the
// cycle alone, so they are those of the same cycle without departments, which
// costs nothing to make.
func (d *openData) names(c *score.Cycle) []string {
	w := opendata.NewWriter(d.site, d.opts, memSink(func(string, []byte) error { return nil }))
	w.Cycle(&score.Cycle{ID: c.ID, Scheme: c.Scheme})
	var out []string
	for _, f := range w.Files() {
		out = append(out, f.Path)
	}
	return out
}

// paths lists every file, in the order a build writes them, without sizes or sums
// (see render.ShowsDataSums).
func (d *openData) paths() []render.DataFile {
	var out []render.DataFile
	for _, c := range d.cycles {
		for _, n := range c.names {
			out = append(out, render.DataFile{Path: n})
		}
	}
	return append(out, render.DataFile{Path: sumsPath})
}

func (d *openData) has(rel string) bool {
	return rel == sumsPath || d.byPath[rel] != nil
}

// file returns one open-data file, making its cycle's files first if need be.
func (d *openData) file(rel string) ([]byte, error) {
	if rel == sumsPath {
		return d.checksums()
	}
	c := d.byPath[rel]
	if err := d.make(c); err != nil {
		return nil, err
	}
	return c.files[rel], nil
}

// make writes one cycle's files, as a build writes them.
func (d *openData) make(c *cycleData) error {
	c.once.Do(func() {
		c.files = map[string][]byte{}
		w := opendata.NewWriter(d.site, d.opts, memSink(func(rel string, data []byte) error {
			c.files[rel] = data
			return nil
		}))
		c.err = w.Cycle(c.result)
		c.made = w.Files()
	})
	return c.err
}

// made is every cycle's files, with their sizes and sums, making them first.
func (d *openData) made() ([]opendata.File, error) {
	var out []opendata.File
	for _, c := range d.cycles {
		if err := d.make(c); err != nil {
			return nil, err
		}
		out = append(out, c.made...)
	}
	return out, nil
}

// checksums is SHA256SUMS over every cycle's files.
func (d *openData) checksums() ([]byte, error) {
	made, err := d.made()
	if err != nil {
		return nil, err
	}
	return opendata.Checksums(made).Data, nil
}

// files lists every file with its size and SHA-256, for the data page, making
// every cycle's files.
func (d *openData) files() ([]render.DataFile, error) {
	made, err := d.made()
	if err != nil {
		return nil, err
	}
	return dataFiles(append(made, opendata.Checksums(made))), nil
}

// sameSiteData reports whether two loads of a site say the same in what every
// cycle's open data reads besides the cycle: the settings, groups and
// departments. Where each was written (its position in the file) is not published,
// and comparing it would cost more than the rest.
func sameSiteData(a, b *model.Site) bool {
	ca, cb := a.Config, b.Config
	ca.Origin, cb.Origin = model.Origin{}, model.Origin{}
	if !reflect.DeepEqual(ca, cb) || len(a.Groups) != len(b.Groups) || len(a.Departments) != len(b.Departments) {
		return false
	}
	for i := range a.Groups {
		ga, gb := *a.Groups[i], *b.Groups[i]
		ga.Origin, gb.Origin = model.Origin{}, model.Origin{}
		if ga != gb {
			return false
		}
	}
	for i := range a.Departments {
		da, db := *a.Departments[i], *b.Departments[i]
		da.Origin, db.Origin = model.Origin{}, model.Origin{}
		if da != db {
			return false
		}
	}
	return true
}
