package render

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"perfsite/generator/model"
	"perfsite/generator/score"
)

// fixtureData is open data as a build lists it: each cycle's files, then SHA256SUMS.
var fixtureData = []DataFile{
	{Path: "data/2023/departments.csv", Size: 2048, SHA256: strings.Repeat("a1", 32)},
	{Path: "data/2023/cycle.json", Size: 150000, SHA256: strings.Repeat("b2", 32)},
	{Path: "data/2024/departments.csv", Size: 3072, SHA256: strings.Repeat("c3", 32)},
	{Path: "data/2024/cycle.json", Size: 2500000, SHA256: strings.Repeat("d4", 32)},
	{Path: "data/SHA256SUMS", Size: 300, SHA256: strings.Repeat("e5", 32)},
}

// Rendering the entries of a plan one by one, in any order and side by side, gives
// what Site writes, file for file.
func TestPlanRendersWhatSiteWrites(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		s := fixture(t, drafts)
		opts := Options{Drafts: drafts, Today: today, Version: "1.2.3", DataFiles: fixtureData}
		written := renderSite(t, s, opts, nil)
		p, err := NewPlan(s, score.Site(s), opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		files := p.Files()
		if len(files) != len(written) {
			t.Errorf("drafts=%v: the plan lists %d files, Site wrote %d", drafts, len(files), len(written))
		}
		got := make([][]byte, len(files))
		var wg sync.WaitGroup
		for i := len(files) - 1; i >= 0; i-- { // backwards: order must not matter
			wg.Go(func() {
				data, err := p.Render(files[i])
				if err != nil {
					t.Errorf("%s: %v", files[i], err)
				}
				got[i] = data
			})
		}
		wg.Wait()
		for i, rel := range files {
			want, ok := written[rel]
			if !ok {
				t.Errorf("drafts=%v: the plan lists %s, which Site did not write", drafts, rel)
				continue
			}
			if !p.Has(rel) {
				t.Errorf("Has(%s) is false", rel)
			}
			if !bytes.Equal(got[i], want) {
				t.Errorf("drafts=%v: %s rendered alone differs from Site's", drafts, rel)
			}
		}
	}
}

// The preview plans before the open data exist, with their paths alone: every
// page but the data page must come out the same as with their sizes and sums.
func TestOnlyTheDataPageShowsDataSums(t *testing.T) {
	s := fixture(t, false)
	full := renderSite(t, s, Options{DataFiles: fixtureData}, nil)
	var paths []DataFile
	for _, f := range fixtureData {
		paths = append(paths, DataFile{Path: f.Path})
	}
	p, err := NewPlan(s, score.Site(s), Options{Today: today, Version: "1.2.3", DataFiles: paths}, nil)
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, rel := range p.Files() {
		data, err := p.Render(rel)
		if err != nil {
			t.Fatal(err)
		}
		if ShowsDataSums(rel) {
			shown++
			if bytes.Equal(data, full[rel]) {
				t.Errorf("%s is the same without the sums: the test shows nothing", rel)
			}
			continue
		}
		if !bytes.Equal(data, full[rel]) {
			t.Errorf("%s differs when the data files' sizes and sums are not known", rel)
		}
	}
	if shown != 1 {
		t.Errorf("%d pages show the sums, want the data page alone", shown)
	}
	p.SetDataFiles(fixtureData)
	if data, _ := p.Render("data/index.html"); !bytes.Equal(data, full["data/index.html"]) {
		t.Error("the data page after SetDataFiles differs from Site's")
	}
	if !strings.Contains(string(full["data/index.html"]), fixtureData[3].SHA256) {
		t.Error("the data page does not show a file's SHA-256")
	}
}

func TestPlanRefusesUnknownFilesAndReportsConflicts(t *testing.T) {
	s := fixture(t, false)
	p, err := NewPlan(s, score.Site(s), Options{Today: today}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Has("no-such/index.html") {
		t.Error("Has accepts a file the plan does not list")
	}
	if _, err := p.Render("no-such/index.html"); err == nil {
		t.Error("Render of a file the plan does not list succeeded")
	}
	if p.Conflict() != nil {
		t.Errorf("conflict in the fixture: %v", p.Conflict())
	}
	s.Content = append(s.Content, &model.Content{Path: "content/2024.md", Title: "冲突", Body: []byte("x")})
	p, err = NewPlan(s, score.Site(s), Options{Today: today}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Conflict(); err == nil || !strings.Contains(err.Error(), "2024/index.html") {
		t.Errorf("conflict = %v, want one naming 2024/index.html", err)
	}
}
