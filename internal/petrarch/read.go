// Package petrarch reads the dictionaries of the TABARI and PETRARCH event
// coders (actors, agents, discards, PETRARCH-2 verb patterns, issues) and
// codes sentences with them over dyad's own dependency parses, so that an
// event-data team's twenty years of dictionaries keep working in dyad. It
// also reads the PETRARCH validation suites, which internal/eval scores
// a coder on.
//
// The dictionary formats are described in the PETRARCH-2 manual; where it
// is silent, this package follows the files in use (Phoenix, CAMEO.2.0).
// Every reader keeps going past a bad entry: it reports the entry, naming
// file and line, and skips it.
package petrarch

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Problem is a dictionary entry that could not be read, and was skipped.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// line is one meaningful dictionary line, comments removed.
type line struct {
	n      int
	text   string // trimmed
	indent bool   // began with white space
}

// readInto reads a dictionary file into an empty dictionary: the Read*
// functions of the dictionaries that can also take more files (Read).
func readInto[D interface {
	Read(io.Reader, string) ([]Problem, error)
}](out D, r io.Reader, file string) (D, []Problem, error) {
	probs, err := out.Read(r, file)
	if err != nil {
		var none D
		return none, nil, err
	}
	return out, probs, nil
}

// lines reads r, dropping comments: "#" to the end of a line, and
// "<!-- ... -->" (which may span lines and, in some files, nest). A ";"
// comment (PETRARCH-1 files) is dropped only where commentSemicolon is
// set, because ";" is text in verb patterns.
func lines(r io.Reader, commentSemicolon bool) ([]line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var out []line
	depth := 0
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		var b strings.Builder
		for i := 0; i < len(raw); {
			switch {
			case strings.HasPrefix(raw[i:], "<!--"):
				depth++
				i += 4
			case depth > 0 && strings.HasPrefix(raw[i:], "-->"):
				depth--
				i += 3
			case depth > 0:
				i++
			case raw[i] == '#' || (commentSemicolon && raw[i] == ';'):
				i = len(raw)
			default:
				b.WriteByte(raw[i])
				i++
			}
		}
		text := strings.TrimSpace(b.String())
		if text == "" {
			continue
		}
		out = append(out, line{n: n, text: text, indent: raw[0] == ' ' || raw[0] == '\t'})
	}
	return out, sc.Err()
}

// words splits a dictionary phrase ("PRESIDENT_GEORGE_W._BUSH", "HAMAS
// WING") into upper-case words, and reports whether it ended in "_",
// which makes its last word match only whole (otherwise a word matches
// any word it begins: ARGENTIN matches ARGENTINA and ARGENTINE).
func words(phrase string) (ws []string, exact bool) {
	phrase = strings.TrimSpace(phrase)
	exact = strings.HasSuffix(phrase, "_")
	for _, w := range strings.FieldsFunc(phrase, func(r rune) bool { return r == '_' || r == ' ' || r == '\t' }) {
		ws = append(ws, strings.ToUpper(w))
	}
	return ws, exact
}

// bracket splits "TEXT [CODE] rest" into TEXT, CODE and whether the
// brackets were there.
func bracket(s string) (text, code string, ok bool) {
	i := strings.LastIndexByte(s, '[')
	if i < 0 {
		return s, "", false
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return s, "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : i+j]), true
}

// parseDate reads a dictionary date: YYYYMMDD, or YYMMDD with years 30-99
// in the 1900s and 00-29 in the 2000s, as CountryInfo writes them.
func parseDate(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad date %q", s)
	}
	switch len(s) {
	case 8:
		return v, nil
	case 6:
		if v/10000 >= 30 {
			return 19000000 + v, nil
		}
		return 20000000 + v, nil
	}
	return 0, fmt.Errorf("bad date %q (want YYMMDD or YYYYMMDD)", s)
}
