// Command dyad turns news articles into facts a person can check: who did
// what to whom, where, when, and according to whom.
//
// This package holds flags and wiring only; the work is done by the stage
// packages under internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// errUsage marks a command-line mistake: exit status 2.
var errUsage = errors.New("usage")

// errPartial marks a run that finished but met bad input: exit status 1
// after everything good was stored.
var errPartial = errors.New("some input could not be processed")

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// detailOut is where a command's detail listing (--verbose) goes: beside
// its table on standard output, or on standard error when standard
// output must hold one JSON object.
func (e *env) detailOut(asJSON bool) io.Writer {
	if asJSON {
		return e.stderr
	}
	return e.stdout
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"run", "ingest articles, extract facts and store them (the main job)", cmdRun},
		{"ingest", "store articles without processing them", cmdIngest},
		{"reprocess", "run the pipeline again over stored articles", cmdReprocess},
		{"list", "list stored articles", cmdList},
		{"show", "print an article with its facts marked", cmdShow},
		{"search", "full-text search over stored bodies and quotes", cmdSearch},
		{"export", "export stored documents as JSON lines or CSV", cmdExport},
		{"watch", "poll RSS/Atom feeds and store their new articles", cmdWatch},
		{"worker", "process articles from a NATS JetStream work queue", cmdWorker},
		{"serve", "serve the HTTP API and web UI over a store", cmdServe},
		{"token", "make a bearer token for the API's write endpoints", cmdToken},
		{"eval", "score the pipeline against gold data", cmdEval},
		{"bench", "measure end-to-end throughput", cmdBench},
		{"train", "train a language model on treebanks", cmdTrain},
		{"version", "print version information", cmdVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs dyad with args and returns the exit status: 0 on success, 1
// when the work finished with errors, 2 on a usage mistake.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	level := slog.LevelWarn
	if v := os.Getenv("DYAD_LOG"); v != "" {
		_ = level.UnmarshalText([]byte(v))
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}

	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			return Main(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		topUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			if msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": "); msg != errUsage.Error() {
				fmt.Fprintf(stderr, "dyad %s: %s\n", c.name, msg)
			}
			fmt.Fprintf(stderr, "Run 'dyad %s --help' for usage.\n", c.name)
			return 2
		case errors.Is(err, errPartial):
			fmt.Fprintf(stderr, "dyad %s: %v\n", c.name, err)
			return 1
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(stderr, "dyad %s: interrupted; work committed so far is kept\n", c.name)
			return 130
		default:
			fmt.Fprintf(stderr, "dyad %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "dyad: unknown command %q\n", args[0])
	topUsage(stderr)
	return 2
}

func topUsage(w io.Writer) {
	fmt.Fprint(w, `dyad turns news articles into facts a person can check:
who did what to whom, where, when, and according to whom.

Usage: dyad COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Example:
  dyad run examples/          # read, process and store the bundled examples
  dyad list                   # what was stored
  dyad show 3f2a              # one article with its facts, by id prefix

Run 'dyad COMMAND --help' for a command's flags and examples.
Set DYAD_LOG=debug for detailed logs.
`)
}

// newFlags returns a flag set whose --help prints usage, an example and the
// flags. Parse errors become errUsage.
func newFlags(e *env, name, args, summary, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: dyad %s %s\n\n%s\n\nExample:\n%s\n", name, args, summary, example)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(out, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses flags, sending --help to stdout.
func parseFlags(e *env, fs *flag.FlagSet, args []string) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return flag.ErrHelp
		}
		if a == "--" {
			break
		}
	}
	if err := fs.Parse(interleave(fs, args)); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// interleave moves flags that follow positional arguments in front of them,
// so "dyad run examples/ --db x.db" works as users expect.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			f := fs.Lookup(name)
			if f == nil {
				continue
			}
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, append([]string{"--"}, pos...)...)
}
