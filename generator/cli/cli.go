// Package cli is the command line of SPEC §10: flag parsing and exit codes, with the
// work itself done by the generator's packages.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"perfsite/generator/build"
	"perfsite/generator/diag"
	"perfsite/generator/opendata"
	"perfsite/generator/report"
	"perfsite/generator/scaffold"
)

// Exit codes.
const (
	OK      = 0
	Invalid = 1
	Usage   = 2
)

const usage = `perfsite publishes performance-assessment data as a static website.

Usage:
  perfsite build  [-s DIR] [-d DIR] [--base-url URL] [--drafts] [--stats]
  perfsite check  [-s DIR] [--format text|json]
  perfsite score  [-s DIR] [--cycle ID] [--department ID] [--explain]
  perfsite serve  [-s DIR] [--bind 127.0.0.1] [--port 1313]
  perfsite new site DIR
  perfsite new scorecard [-s DIR] --cycle ID --department ID
  perfsite verify DIR
  perfsite version

-s is the site folder (default: the current folder); -d the output folder
(default: public/ inside the site).
`

// Main runs one command and returns its exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return Usage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "score":
		return runScore(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "verify":
		return runVerify(rest, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "perfsite %s\n", build.Version)
		return OK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return OK
	}
	fmt.Fprintf(stderr, "perfsite: unknown command %q\n\n%s", cmd, usage)
	return Usage
}

func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("perfsite "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags and refuses stray arguments; it returns false after printing why.
func parse(fs *flag.FlagSet, args []string, maxArgs int) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > maxArgs {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(maxArgs))
		return false
	}
	return true
}

func printDiags(w io.Writer, diags *diag.List) {
	report.Diagnostics(w, diags)
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flags("build", stderr)
	site := fs.String("s", ".", "site folder")
	out := fs.String("d", "", "output folder (default: public/ inside the site)")
	base := fs.String("base-url", "", "publish under this URL instead of site.toml's base_url")
	drafts := fs.Bool("drafts", false, "include draft scorecards, marked provisional")
	stats := fs.Bool("stats", false, "print the time, processor time and memory of each phase")
	if !parse(fs, args, 0) {
		return Usage
	}
	opts := build.Options{SiteDir: *site, OutDir: *out, BaseURL: *base, Drafts: *drafts}
	if *stats {
		opts.Log = stderr
	}
	start := time.Now()
	sum, err := build.Build(opts)
	if sum != nil {
		printDiags(stderr, sum.Diags)
	}
	var fail *diag.Failure
	if errors.As(err, &fail) {
		fmt.Fprintf(stderr, "build stopped: %v; the published site was not changed.\n", err)
		return Invalid
	}
	if err != nil {
		fmt.Fprintf(stderr, "build failed: %v\nThe published site was not changed.\n", err)
		return Invalid
	}
	peak := ""
	if *stats {
		peak = fmt.Sprintf(", peak memory %s", size(sum.PeakMemory))
	}
	fmt.Fprintf(stdout, "built %d pages, %d files (%s) into %s in %s%s\n", sum.Pages, sum.Files, size(sum.Bytes), sum.OutDir, time.Since(start).Round(time.Millisecond), peak)
	return OK
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flags("check", stderr)
	site := fs.String("s", ".", "site folder")
	format := fs.String("format", "text", "text or json")
	if !parse(fs, args, 0) {
		return Usage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "perfsite check: --format must be text or json, not %q\n", *format)
		return Usage
	}
	s, r, diags := build.Check(*site, build.Today())
	if *format == "json" {
		if err := report.JSON(stdout, diags, r); err != nil {
			fmt.Fprintln(stderr, err)
			return Invalid
		}
	} else {
		printDiags(stdout, diags)
		report.Summary(stdout, s, r, diags)
	}
	if diags.HasErrors() {
		return Invalid
	}
	return OK
}

func runScore(args []string, stdout, stderr io.Writer) int {
	fs := flags("score", stderr)
	site := fs.String("s", ".", "site folder")
	cycle := fs.String("cycle", "", "only this cycle")
	dept := fs.String("department", "", "only this department")
	explain := fs.Bool("explain", false, "show how every score is derived")
	if !parse(fs, args, 0) {
		return Usage
	}
	s, r, diags := build.Check(*site, build.Today())
	if diags.HasErrors() {
		printDiags(stderr, diags)
		fmt.Fprintln(stderr, "cannot score: fix the errors above first.")
		return Invalid
	}
	if err := report.Ranking(stdout, s, r, *cycle, *dept, *explain); err != nil {
		fmt.Fprintf(stderr, "perfsite score: %v\n", err)
		return Usage
	}
	return OK
}

func runNew(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "perfsite new: say what to create: `perfsite new site DIR` or `perfsite new scorecard --cycle ID --department ID`\n")
		return Usage
	}
	switch args[0] {
	case "site":
		fs := flags("new site", stderr)
		if !parse(fs, args[1:], 1) || fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: perfsite new site DIR")
			return Usage
		}
		if err := scaffold.Site(fs.Arg(0)); err != nil {
			fmt.Fprintf(stderr, "perfsite new site: %v\n", err)
			return Invalid
		}
		fmt.Fprintf(stdout, "created a new site in %s; try: perfsite check -s %s\n", fs.Arg(0), fs.Arg(0))
		return OK
	case "scorecard":
		fs := flags("new scorecard", stderr)
		site := fs.String("s", ".", "site folder")
		cycle := fs.String("cycle", "", "cycle id (a folder under data/)")
		dept := fs.String("department", "", "department id (from data/departments.toml)")
		if !parse(fs, args[1:], 0) {
			return Usage
		}
		if *cycle == "" || *dept == "" {
			fmt.Fprintln(stderr, "usage: perfsite new scorecard --cycle ID --department ID")
			return Usage
		}
		p, err := scaffold.Scorecard(*site, *cycle, *dept)
		if err != nil {
			fmt.Fprintf(stderr, "perfsite new scorecard: %v\n", err)
			return Invalid
		}
		fmt.Fprintf(stdout, "created %s: fill in every actual, then set status = \"final\"\n", p)
		return OK
	}
	fmt.Fprintf(stderr, "perfsite new: unknown kind %q (site or scorecard)\n", args[0])
	return Usage
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := flags("verify", stderr)
	if !parse(fs, args, 1) || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: perfsite verify DIR (a built site, e.g. public/)")
		return Usage
	}
	dir := fs.Arg(0)
	if info, err := os.Stat(filepath.Join(dir, "data")); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "perfsite verify: %s has no data/ folder; point it at a built site such as public/\n", dir)
		return Invalid
	}
	problems := opendata.Verify(dir)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "%d problem(s): the published figures do not all agree with the open data.\n", len(problems))
		return Invalid
	}
	fmt.Fprintln(stdout, "ok: every score, total, grade, rank and checksum agrees with the open data.")
	return OK
}
