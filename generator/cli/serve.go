package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"perfsite/generator/diag"
	"perfsite/generator/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flags("serve", stderr)
	site := fs.String("s", ".", "site folder")
	bind := fs.String("bind", "127.0.0.1", "address to listen on (another than loopback only when you mean it)")
	port := fs.Int("port", 1313, "port to listen on")
	drafts := fs.Bool("drafts", false, "include draft scorecards, marked provisional")
	if !parse(fs, args, 0) {
		return Usage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serve.Run(ctx, serve.Options{SiteDir: *site, Bind: *bind, Port: *port, Drafts: *drafts, Log: stdout})
	var fail *diag.Failure
	if errors.As(err, &fail) {
		printDiags(stderr, fail.List)
		fmt.Fprintln(stderr, "cannot start the preview: fix the errors above first.")
		return Invalid
	}
	if err != nil {
		fmt.Fprintf(stderr, "perfsite serve: %v\n", err)
		return Invalid
	}
	return OK
}
