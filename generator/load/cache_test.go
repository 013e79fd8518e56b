package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/model"
)

func TestCacheParsesOnlyChangedScorecards(t *testing.T) {
	dir := copyFixture(t)
	day := model.Date{Year: 2025, Month: 1, Day: 1}
	c := NewCache()
	s1, d1 := SiteCached(dir, day, c)
	if d1.HasErrors() || c.Parsed != 3 || c.Reused != 0 {
		t.Fatalf("first load: parsed %d reused %d\n%s", c.Parsed, c.Reused, d1)
	}
	s2, d2 := SiteCached(dir, day, c)
	if c.Parsed != 0 || c.Reused != 3 {
		t.Fatalf("unchanged load: parsed %d reused %d", c.Parsed, c.Reused)
	}
	if d1.String() != d2.String() || len(s2.Cycles[0].Cards) != len(s1.Cycles[0].Cards) {
		t.Fatal("a cached load differs from the first")
	}

	// One scorecard edited: only it is parsed again, and its new problem is reported
	// at its line.
	card := filepath.Join(dir, "data", "2024", "market.toml")
	b, _ := os.ReadFile(card)
	lines := strings.Split(string(b), "\n")
	line := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "actual = ") {
			lines[i], line = "actual = nan", i+1
			break
		}
	}
	os.WriteFile(card, []byte(strings.Join(lines, "\n")), 0o644)
	_, d3 := SiteCached(dir, day, c)
	if c.Parsed != 1 || c.Reused != 2 {
		t.Fatalf("after one edit: parsed %d reused %d", c.Parsed, c.Reused)
	}
	if errs := d3.Errors(); len(errs) != 1 || errs[0].File != "data/2024/market.toml" || errs[0].Line != line {
		t.Fatalf("errors after the edit: %v, want one at data/2024/market.toml:%d", errs, line)
	}

	// The scheme changed: every scorecard is checked again.
	scheme := filepath.Join(dir, "data", "2024", "scheme.toml")
	sb, _ := os.ReadFile(scheme)
	os.WriteFile(scheme, append(sb, []byte("\n# edited\n")...), 0o644)
	SiteCached(dir, day, c)
	if c.Parsed != 3 {
		t.Errorf("after a scheme edit %d scorecards were parsed, want 3", c.Parsed)
	}
	// So does a new day (overdue warnings depend on it).
	SiteCached(dir, model.Date{Year: 2030, Month: 1, Day: 1}, c)
	if c.Parsed != 3 {
		t.Errorf("on a new day %d scorecards were parsed, want 3", c.Parsed)
	}
}

// A scorecard that Unchanged vouches for is taken from the cache unread — as long
// as its scheme is unchanged.
func TestCacheSkipsScorecardsVouchedFor(t *testing.T) {
	dir := copyFixture(t)
	day := model.Date{Year: 2025, Month: 1, Day: 1}
	c := NewCache()
	if _, d := SiteCached(dir, day, c); d.HasErrors() {
		t.Fatal(d)
	}
	card := filepath.Join(dir, "data", "2024", "market.toml")
	b, _ := os.ReadFile(card)
	os.WriteFile(card, []byte(strings.Replace(string(b), "actual = ", "actual = nan # ", 1)), 0o644)

	c.Unchanged = func(rel string) bool { return true }
	if _, d := SiteCached(dir, day, c); d.HasErrors() || c.Parsed != 0 || c.Reused != 3 {
		t.Fatalf("vouched for: parsed %d, reused %d, errors %v; want the file unread", c.Parsed, c.Reused, d.Errors())
	}
	c.Unchanged = func(rel string) bool { return rel != "data/2024/market.toml" }
	if _, d := SiteCached(dir, day, c); !d.HasErrors() || c.Parsed != 1 {
		t.Fatalf("not vouched for: parsed %d, errors %v; want the edit read", c.Parsed, d.Errors())
	}
	os.WriteFile(card, b, 0o644)
	SiteCached(dir, day, c)
	scheme := filepath.Join(dir, "data", "2024", "scheme.toml")
	sb, _ := os.ReadFile(scheme)
	os.WriteFile(scheme, append(sb, []byte("\n# edited\n")...), 0o644)
	c.Unchanged = func(rel string) bool { return true }
	if SiteCached(dir, day, c); c.Parsed != 3 {
		t.Errorf("after a scheme edit %d scorecards were parsed, want 3", c.Parsed)
	}
}
