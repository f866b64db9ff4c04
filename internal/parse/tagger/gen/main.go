// Command gen builds the tagger's WordNet word list, data/wordnet.tsv.gz,
// from WordNet 3.0's index files (index.noun, index.verb, index.adj,
// index.adv) and exception lists (noun.exc, verb.exc, adj.exc, adv.exc):
//
//	go run ./internal/parse/tagger/gen -wordnet /usr/share/wordnet \
//	    -out internal/parse/tagger/data/wordnet.tsv.gz
//
// Each line is a lower-case single word and the parts of speech WordNet
// gives it: n, v, a, r for a noun, verb, adjective or adverb lemma, and N,
// V, A, R for an irregular inflected form of one ("children", "went",
// "better"). Multiword entries are left out. The same input gives the same
// bytes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dictionary directory")
	out := flag.String("out", "", "file to write")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	pos := map[string]map[byte]bool{}
	add := func(w string, p byte) {
		if strings.ContainsAny(w, "_ \t") || w == "" {
			return
		}
		if pos[w] == nil {
			pos[w] = map[byte]bool{}
		}
		pos[w][p] = true
	}
	for _, f := range []struct {
		name     string
		lemma, x byte
	}{{"noun", 'n', 'N'}, {"verb", 'v', 'V'}, {"adj", 'a', 'A'}, {"adv", 'r', 'R'}} {
		if err := eachLine(filepath.Join(dir, "index."+f.name), func(line string) {
			if strings.HasPrefix(line, " ") {
				return // licence header
			}
			w, _, _ := strings.Cut(line, " ")
			add(w, f.lemma)
		}); err != nil {
			return err
		}
		if err := eachLine(filepath.Join(dir, f.name+".exc"), func(line string) {
			w, _, _ := strings.Cut(line, " ")
			add(w, f.x)
		}); err != nil {
			return err
		}
	}
	if len(pos) < 1000 {
		return fmt.Errorf("only %d words in %s: not WordNet 3.0?", len(pos), dir)
	}
	words := make([]string, 0, len(pos))
	for w := range pos {
		words = append(words, w)
	}
	slices.Sort(words)
	var b bytes.Buffer
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\t')
		for _, p := range []byte("nvarNVAR") {
			if pos[w][p] {
				b.WriteByte(p)
			}
		}
		b.WriteByte('\n')
	}
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.Write(b.Bytes())
	if err := zw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d words, %d bytes\n", len(words), z.Len())
	return os.WriteFile(out, z.Bytes(), 0o644)
}

func eachLine(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	return sc.Err()
}
