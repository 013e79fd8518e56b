package opendata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// encodeCSV writes records the way a careful editor saves them: BOM, CRLF.
func encodeCSV(t *testing.T, recs [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\xEF\xBB\xBF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// edit changes one cell of the row whose leading cells after the cycle are key, and
// returns the row's line (header on line 1; the edited files have no line breaks
// inside cells before the row).
func edit(t *testing.T, files map[string][]byte, path string, key []string, col, value string) int {
	t.Helper()
	recs := rows(t, files[path])
	if again := encodeCSV(t, recs); !bytes.Equal(again, files[path]) {
		t.Fatalf("%s does not survive reading and writing back unchanged", path)
	}
	c := -1
	for i, h := range recs[0] {
		if h == col {
			c = i
		}
	}
	if c < 0 {
		t.Fatalf("%s has no column %s", path, col)
	}
	for i, r := range recs[1:] {
		if strings.Join(r[1:1+len(key)], "\x00") == strings.Join(key, "\x00") {
			if r[c] == value {
				t.Fatalf("%s %q %s is already %q", path, key, col, value)
			}
			r[c] = value
			files[path] = encodeCSV(t, recs)
			return i + 2
		}
	}
	t.Fatalf("%s has no row %q", path, key)
	return 0
}

// has reports whether some problem is about file at line and mentions every word.
func has(ps []Problem, file string, line int, words ...string) bool {
	for _, p := range ps {
		if p.File != file || p.Line != line {
			continue
		}
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(p.Message, w)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestVerifyFindsEditedCells(t *testing.T) {
	tests := []struct {
		name, file string
		key        []string
		col, value string
		also       [][]string // further problems expected: file, words…
	}{
		{"indicator score", "indicators.csv", []string{"alpha", "budget-execution"}, "score", "9.99",
			[][]string{{"departments.csv", "indicator_score is 90.20", "add up to 90.19"}, {"dimensions.csv", "score is 10.00", "add up to 9.99"}}},
		{"indicator fraction", "indicators.csv", []string{"delta", "audit"}, "fraction", "0.900000", nil},
		{"indicator status", "indicators.csv", []string{"delta", "audit"}, "status", "met", nil},
		{"indicator actual", "indicators.csv", []string{"bravo", "incidents"}, "actual", "4", nil},
		{"total", "departments.csv", []string{"alpha"}, "total", "92.30",
			[][]string{{"departments.csv", "total is 92.30 but its parts add up to 92.20"}}},
		{"rank", "departments.csv", []string{"bravo"}, "rank_group", "1", nil},
		{"overall rank", "departments.csv", []string{"charlie"}, "rank_overall", "", nil},
		{"grade", "departments.csv", []string{"charlie"}, "grade", "优秀", nil},
		{"name", "departments.csv", []string{"bravo"}, "name", "'+cmd2", nil},
		{"bonus", "departments.csv", []string{"alpha"}, "bonus", "2.50",
			[][]string{{"departments.csv", "bonus is 2.50", "add up to 2.00"}}},
		{"dimension rate", "dimensions.csv", []string{"delta", "process"}, "rate", "0.604256", nil},
		{"counted", "adjustments.csv", []string{"alpha"}, "counted", "2.00", nil},
		{"progress status", "progress.csv", []string{"alpha", "startup-days", "Q4"}, "status", "on_track", nil},
		{"overdue", "rectifications.csv", []string{"alpha"}, "overdue", "false", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := build(t, true)
			path := "data/2024/" + tt.file
			line := edit(t, files, path, tt.key, tt.col, tt.value)
			ps := Verify(write(t, files))
			if !has(ps, path, 0, "changed since it was published") {
				t.Errorf("no checksum problem for %s", path)
			}
			if !has(ps, path, line, tt.col+" is") {
				t.Errorf("no problem at %s:%d about %s", path, line, tt.col)
			}
			for _, a := range tt.also {
				found := false
				for l := 0; l < 40 && !found; l++ {
					found = has(ps, "data/2024/"+a[0], l, a[1:]...)
				}
				if !found {
					t.Errorf("no problem in %s saying %q", a[0], a[1:])
				}
			}
			if t.Failed() {
				t.Logf("problems:\n%s", list(ps))
			}
		})
	}
}

func TestVerifyMessageFormat(t *testing.T) {
	files := build(t, true)
	line := edit(t, files, "data/2024/departments.csv", []string{"alpha"}, "total", "88.10")
	ps := Verify(write(t, files))
	want := fmt.Sprintf("data/2024/departments.csv:%d: total is 88.10 but its parts add up to 92.20", line)
	for _, p := range ps {
		if strings.HasPrefix(p.String(), want) {
			return
		}
	}
	t.Errorf("no problem starting %q in:\n%s", want, list(ps))
}

func TestVerifyChecksumList(t *testing.T) {
	tests := []struct {
		name   string
		change func(files map[string][]byte)
		file   string
		line   int
		words  []string
	}{
		{"wrong sum", func(f map[string][]byte) {
			s := f["data/SHA256SUMS"]
			s[0] = map[bool]byte{true: '1', false: '0'}[s[0] == '0']
		}, "data/2024/adjustments.csv", 0, []string{"changed since it was published", "line 1"}},
		{"file left out", func(f map[string][]byte) {
			lines := strings.SplitAfter(string(f["data/SHA256SUMS"]), "\n")
			f["data/SHA256SUMS"] = []byte(strings.Join(lines[1:], ""))
		}, "data/2024/adjustments.csv", 0, []string{"not listed"}},
		{"garbage line", func(f map[string][]byte) {
			f["data/SHA256SUMS"] = append(f["data/SHA256SUMS"], "not a checksum\n"...)
		}, "data/SHA256SUMS", 15, []string{"not a checksum line"}},
		{"listed file missing", func(f map[string][]byte) {
			f["data/SHA256SUMS"] = append(f["data/SHA256SUMS"], strings.Repeat("a", 64)+"  2024/extra.csv\n"...)
		}, "data/SHA256SUMS", 15, []string{"2024/extra.csv", "cannot be read"}},
		{"path escapes", func(f map[string][]byte) {
			f["data/SHA256SUMS"] = append(f["data/SHA256SUMS"], strings.Repeat("a", 64)+"  ../index.html\n"...)
		}, "data/SHA256SUMS", 15, []string{"not a path inside data/"}},
		{"extra file", func(f map[string][]byte) {
			f["data/2024/notes.txt"] = []byte("x")
		}, "data/2024/notes.txt", 0, []string{"not listed"}},
		{"no list", func(f map[string][]byte) {
			delete(f, "data/SHA256SUMS")
		}, "data/SHA256SUMS", 0, []string{"cannot be read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := build(t, true)
			tt.change(files)
			ps := Verify(write(t, files))
			if !has(ps, tt.file, tt.line, tt.words...) {
				t.Errorf("no problem %s:%d %q in:\n%s", tt.file, tt.line, tt.words, list(ps))
			}
		})
	}
}

// resum rewrites SHA256SUMS, as someone hiding an edit would.
func resum(files map[string][]byte) {
	var fs []File
	for p, d := range files {
		if p != "data/SHA256SUMS" {
			fs = append(fs, File{Path: p, Data: d})
		}
	}
	files["data/SHA256SUMS"] = checksums(fs).Data
}

// lineWith is the line of the n-th (from 1) occurrence of s in data.
func lineWith(t *testing.T, data []byte, s string, n int) int {
	t.Helper()
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	t.Fatalf("no %d-th line with %q", n, s)
	return 0
}

func TestVerifyRecomputesCycleJSON(t *testing.T) {
	t.Run("a published result", func(t *testing.T) {
		files := build(t, true)
		p := "data/2024/cycle.json"
		// alpha's total is the first "total": 92.20 in the file.
		line := lineWith(t, files[p], `"total": 92.20`, 1)
		files[p] = bytes.Replace(files[p], []byte(`"total": 92.20`), []byte(`"total": 93.20`), 1)
		resum(files)
		ps := Verify(write(t, files))
		if !has(ps, p, line, "department alpha", "result.total is 93.20", "gives 92.20") {
			t.Errorf("no problem at %s:%d in:\n%s", p, line, list(ps))
		}
		if len(ps) != 1 {
			t.Errorf("want exactly that problem, got:\n%s", list(ps))
		}
	})
	t.Run("an input", func(t *testing.T) {
		files := build(t, true)
		p := "data/2024/cycle.json"
		// delta's audit actual 83.5 → 90: its score becomes 2.70, so the published 2.51 is wrong.
		line := lineWith(t, files[p], `"score": 2.51`, 1)
		files[p] = bytes.Replace(files[p], []byte(`"actual": 83.5`), []byte(`"actual": 90`), 1)
		resum(files)
		ps := Verify(write(t, files))
		if !has(ps, p, line, "department delta: indicator audit: result.score is 2.51 but recomputing from the inputs gives 2.70") {
			t.Errorf("no problem at %s:%d in:\n%s", p, line, list(ps))
		}
		if !has(ps, "data/2024/indicators.csv", 26, "score is 2.51 but recomputing from cycle.json gives 2.70") {
			t.Errorf("indicators.csv not found to disagree:\n%s", list(ps))
		}
		if !has(ps, "data/2024/departments.csv", 5, "total is 69.16", "gives 69.35") {
			t.Errorf("departments.csv not found to disagree:\n%s", list(ps))
		}
	})
	t.Run("a misspelt key", func(t *testing.T) {
		files := build(t, true)
		p := "data/2024/cycle.json"
		line := lineWith(t, files[p], `"actual": 97.3`, 1)
		files[p] = bytes.Replace(files[p], []byte(`"actual": 97.3`), []byte(`"actuall": 97.3`), 1)
		resum(files)
		ps := Verify(write(t, files))
		if !has(ps, p, line, `"actuall" is not a field`) {
			t.Errorf("no problem at %s:%d in:\n%s", p, line, list(ps))
		}
	})
	t.Run("a number as text", func(t *testing.T) {
		files := build(t, true)
		p := "data/2024/cycle.json"
		line := lineWith(t, files[p], `"actual": 97.3`, 1)
		files[p] = bytes.Replace(files[p], []byte(`"actual": 97.3`), []byte(`"actual": "97.3"`), 1)
		resum(files)
		ps := Verify(write(t, files))
		if !has(ps, p, line, "not a plain decimal number") {
			t.Errorf("no problem at %s:%d in:\n%s", p, line, list(ps))
		}
	})
}

func TestVerifyGarbage(t *testing.T) {
	tests := []struct {
		name, file, content string
		line                int
		words               []string
	}{
		{"json syntax", "data/2024/cycle.json", "{\n  \"format\": \n}", 3, []string{"not valid cycle data"}},
		{"json of the wrong shape", "data/2024/cycle.json", `[1, 2]`, 1, []string{"not valid cycle data"}},
		{"empty json", "data/2024/cycle.json", "", 1, []string{"not valid cycle data"}},
		{"another format", "data/2024/cycle.json", `{"format": "x"}`, 0, []string{`has format "x"`}},
		{"bare quote", "data/2024/departments.csv", "\xEF\xBB\xBFcycle,department\r\n2024,a\"b\r\n", 1, []string{"header"}},
		{"csv quote", "data/2024/departments.csv", "\xEF\xBB\xBF" + strings.Join(departmentsCSV.header, ",") + "\r\n\"2024,\r\n", 2, []string{"cannot be read"}},
		{"no BOM", "data/2024/progress.csv", strings.Join(progressCSV.header, ",") + "\r\n", 1, []string{"byte order mark"}},
		{"short row", "data/2024/progress.csv", "\xEF\xBB\xBF" + strings.Join(progressCSV.header, ",") + "\r\n2024,alpha\r\n", 2, []string{"has 2 cells"}},
		{"not utf-8", "data/2024/progress.csv", "\xEF\xBB\xBF\xff\xfe", 0, []string{"not UTF-8"}},
		{"empty csv", "data/2024/dimensions.csv", "", 1, []string{"no header row"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := build(t, true)
			files[tt.file] = []byte(tt.content)
			resum(files)
			ps := Verify(write(t, files))
			if !has(ps, tt.file, tt.line, tt.words...) {
				t.Errorf("no problem %s:%d %q in:\n%s", tt.file, tt.line, tt.words, list(ps))
			}
		})
	}
	t.Run("no data folder", func(t *testing.T) {
		if ps := Verify(t.TempDir()); len(ps) == 0 {
			t.Errorf("an empty folder verified")
		}
	})
}

// TestVerifyNeverPanics damages the files at random; Verify must report, not panic.
func TestVerifyNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	clean := build(t, true)
	var paths []string
	for p := range clean {
		paths = append(paths, p)
	}
	dir := t.TempDir()
	for round := 0; round < 150; round++ {
		files := map[string][]byte{}
		for p, d := range clean {
			files[p] = append([]byte(nil), d...)
		}
		p := paths[rng.Intn(len(paths))]
		d := files[p]
		switch rng.Intn(4) {
		case 0: // flip bytes
			for i := 0; i < 1+rng.Intn(8); i++ {
				d[rng.Intn(len(d))] = byte(rng.Intn(256))
			}
		case 1: // cut short
			d = d[:rng.Intn(len(d))]
		case 2: // splice in a piece of another file
			o := clean[paths[rng.Intn(len(paths))]]
			at, from := rng.Intn(len(d)), rng.Intn(len(o))
			d = append(d[:at:at], o[from:]...)
		case 3: // swap two structural characters
			for i := range d {
				if (d[i] == '{' || d[i] == '[' || d[i] == ',') && rng.Intn(20) == 0 {
					d[i] = "{}[],:\""[rng.Intn(7)]
				}
			}
		}
		files[p] = d
		if rng.Intn(2) == 0 {
			resum(files)
		}
		root := filepath.Join(dir, fmt.Sprint(round))
		for fp, data := range files {
			full := filepath.Join(root, filepath.FromSlash(fp))
			os.MkdirAll(filepath.Dir(full), 0o755)
			os.WriteFile(full, data, 0o644)
		}
		func() {
			defer func() {
				if e := recover(); e != nil {
					t.Fatalf("round %d (%s): panic %v", round, p, e)
				}
			}()
			Verify(root)
		}()
	}
}

func TestVerifyMissingAndExtraRows(t *testing.T) {
	files := build(t, true)
	p := "data/2024/progress.csv"
	recs := rows(t, files[p])
	// Drop alpha's Q1 row (line 2) and add a row nobody scored.
	recs = append(recs[:1], recs[2:]...)
	recs = append(recs, []string{"2024", "bravo", "panel", "Q3", "1", "2", "on_track"})
	files[p] = encodeCSV(t, recs)
	ps := Verify(write(t, files))
	if !has(ps, p, 0, "has no row for department alpha, indicator budget-execution, period Q1") {
		t.Errorf("missing row not reported:\n%s", list(ps))
	}
	if !has(ps, p, len(recs), "has a row for department bravo, indicator panel, period Q3, which cycle.json does not have") {
		t.Errorf("extra row not reported:\n%s", list(ps))
	}
}
