package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStamps(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.toml")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one")
	st := newStamps(dir)
	st.begin([]string{})
	if st.unchanged("a.toml") {
		t.Error("a file never looked at counts as unchanged")
	}
	// Written within the last second: another write in the same clock tick would
	// leave every time stamp as it is, so the file is not trusted yet.
	if st.unchanged("a.toml") {
		t.Error("a file written a moment ago counts as unchanged")
	}
	time.Sleep(racyWindow + 50*time.Millisecond)
	st.unchanged("a.toml")
	if !st.unchanged("a.toml") {
		t.Error("a file still for over a second does not count as unchanged")
	}
	st.begin([]string{file})
	if st.unchanged("a.toml") {
		t.Error("a file the watcher named counts as unchanged")
	}
	st.begin([]string{dir})
	if st.unchanged("a.toml") {
		t.Error("with the whole site named, a file counts as unchanged")
	}
	st.begin(nil)
	if st.unchanged("a.toml") {
		t.Error("without the watcher's list, a file counts as unchanged")
	}
	st.begin([]string{})
	st.unchanged("a.toml")
	write("two") // same size
	if st.unchanged("a.toml") {
		t.Error("a rewritten file counts as unchanged")
	}

	// read keeps the content of an unchanged file.
	reads := 0
	read := func() ([]byte, error) { reads++; return os.ReadFile(file) }
	time.Sleep(racyWindow + 50*time.Millisecond)
	st.read("a.toml", read)
	if data, _ := st.read("a.toml", read); string(data) != "two" || reads != 1 {
		t.Errorf("read %q after %d reads, want \"two\" after 1", data, reads)
	}
	write("six")
	if data, _ := st.read("a.toml", read); string(data) != "six" {
		t.Errorf("read %q after a change, want \"six\"", data)
	}
}
