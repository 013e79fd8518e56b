package build

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestStatsNamesEveryPhase checks what --stats prints for the example site: each
// cycle's phases and the site's, each with its time, processor time and memory.
func TestStatsNamesEveryPhase(t *testing.T) {
	var log bytes.Buffer
	_, err := Build(Options{SiteDir: exampleSite(t), OutDir: filepath.Join(t.TempDir(), "out"), Today: fixedDay, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^  (\S+(?: \S+)?) +(\d+) ms +(\d+) cpu-ms +(\d+) MiB(?:  (\S+))?$`)
	seen := map[string]bool{}
	var cpu int
	for _, l := range strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n") {
		if strings.HasPrefix(l, "  peak ") {
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("line %q is not a phase's time, processor time and memory", l)
			continue
		}
		seen[m[1]+" "+m[5]] = true
		n, _ := strconv.Atoi(m[3])
		cpu += n
	}
	for _, want := range []string{"load site", "load 2024", "score 2024", "data+pages 2024", "render site", "links "} {
		if !seen[want] {
			t.Errorf("no phase %q in\n%s", want, log.String())
		}
	}
	if cpu == 0 {
		t.Errorf("no processor time in any phase:\n%s", log.String())
	}
}
