// Command synth writes a synthetic site for trying out and measuring perfsite:
//
//	go run ./generator/synth/cmd/synth -n 1000 -c 3 -k 40 -seed 1 DIR
//
// DIR must be empty or absent. Then: go run ./cmd/perfsite build --stats -s DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"perfsite/generator/synth"
)

func main() {
	n := flag.Int("n", 100, "departments")
	c := flag.Int("c", 3, "cycles")
	k := flag.Int("k", 40, "indicators per scorecard")
	seed := flag.Int64("seed", 1, "the same seed writes the same site")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: synth [-n departments] [-c cycles] [-k indicators] [-seed n] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	p := synth.Params{Departments: *n, Cycles: *c, Indicators: *k, Seed: *seed}
	if err := synth.Write(flag.Arg(0), p); err != nil {
		fmt.Fprintf(os.Stderr, "synth: %v\n", err)
		os.Exit(1)
	}
}
