package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"perfsite/generator/internal/browsertest"
)

// TestValidHTML runs the Nu HTML Checker once over every page of both builds:
// not one error is allowed.
func TestValidHTML(t *testing.T) {
	skipShort(t, "the Nu HTML Checker")
	t.Parallel()
	root, perf := built(t)
	files := append(htmlFiles(t, root.Dir), htmlFiles(t, perf.Dir)...)
	// Each build has a home page, cycle pages, scorecards and a 404 page at least.
	if len(files) < 2*4 {
		t.Fatalf("only %d HTML files in the two builds", len(files))
	}
	for _, line := range browsertest.RunVNU(t, files) {
		// Name the page by build and path, not by the temporary folder.
		t.Errorf("invalid HTML: %s", strings.ReplaceAll(line, filepath.Dir(root.Dir)+string(filepath.Separator), ""))
	}
	t.Logf("checked %d pages", len(files))
}
