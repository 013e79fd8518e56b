// Command perfsite publishes government performance-assessment data as a static
// website. See README.md; every subcommand is a thin call into package cli.
package main

import (
	"os"

	"perfsite/generator/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
