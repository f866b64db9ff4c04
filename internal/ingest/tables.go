package ingest

import (
	"bufio"
	"embed"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The tables are data, not code: they are edited as text files under data/
// and parsed once, on first use.
//
//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// tables are the read-only lookup tables ingest uses.
type tables struct {
	outlets     map[string]string // lowercase variant -> display name
	zones       map[string]int    // zone abbreviation -> offset in seconds east of UTC
	stopwords   map[string]bool   // common English words
	notPlaces   map[string]bool   // all-caps openers that are not dateline places
	notArticles map[string]bool   // base names of documentation files (README)
	boilerplate map[string]bool   // whole blocks of page furniture ("advertisement")
}

// loadTables parses the embedded data files. They ship with the binary, so
// a malformed line is a programming error and panics at first use (and in
// the tests) rather than degrading silently.
var loadTables = sync.OnceValue(func() *tables {
	t := &tables{
		outlets:     map[string]string{},
		zones:       map[string]int{},
		stopwords:   map[string]bool{},
		notPlaces:   map[string]bool{},
		notArticles: map[string]bool{},
		boilerplate: map[string]bool{},
	}
	eachLine("data/outlets.tsv", func(line string) error {
		k, v, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			return fmt.Errorf("want VARIANT<TAB>NAME")
		}
		t.outlets[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		return nil
	})
	eachLine("data/zones.tsv", func(line string) error {
		k, v, ok := strings.Cut(line, "\t")
		if !ok || len(v) != 5 || (v[0] != '+' && v[0] != '-') {
			return fmt.Errorf("want ABBR<TAB>+HHMM")
		}
		h, err1 := strconv.Atoi(v[1:3])
		m, err2 := strconv.Atoi(v[3:5])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad offset %q", v)
		}
		off := h*3600 + m*60
		if v[0] == '-' {
			off = -off
		}
		t.zones[strings.ToUpper(strings.TrimSpace(k))] = off
		return nil
	})
	eachLine("data/stopwords-en.txt", func(line string) error {
		t.stopwords[strings.ToLower(strings.TrimSpace(line))] = true
		return nil
	})
	eachLine("data/not-places.txt", func(line string) error {
		t.notPlaces[strings.ToLower(strings.TrimSpace(line))] = true
		return nil
	})
	eachLine("data/not-articles.txt", func(line string) error {
		t.notArticles[strings.ToLower(strings.TrimSpace(line))] = true
		return nil
	})
	eachLine("data/boilerplate-lines.txt", func(line string) error {
		t.boilerplate[strings.ToLower(strings.TrimSpace(line))] = true
		return nil
	})
	return t
})

// eachLine calls fn for every line of an embedded data file that is neither
// blank nor a # comment.
func eachLine(name string, fn func(line string) error) {
	f, err := dataFS.Open(name)
	if err != nil {
		panic(fmt.Sprintf("ingest: %v", err))
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			panic(fmt.Sprintf("ingest: %s:%d: %v", name, n, err))
		}
	}
	if err := sc.Err(); err != nil {
		panic(fmt.Sprintf("ingest: %s: %v", name, err))
	}
}

// knownOutlet returns the display name of an outlet written as a name
// ("reuters", "The Associated Press"), a host ("www.dawn.com") or a URL.
// Hosts are tried with their leading labels dropped one at a time, so
// "en.wikinews.org" finds "wikinews.org".
func knownOutlet(s string) (string, bool) {
	t := loadTables()
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if k == "" {
		return "", false
	}
	if name, ok := t.outlets[k]; ok {
		return name, true
	}
	if strings.HasPrefix(k, "the ") {
		if name, ok := t.outlets[k[4:]]; ok {
			return name, true
		}
	}
	host := hostOf(k)
	for host != "" {
		if name, ok := t.outlets[host]; ok {
			return name, true
		}
		_, rest, ok := strings.Cut(host, ".")
		if !ok || !strings.Contains(rest, ".") {
			break
		}
		host = rest
	}
	return "", false
}

// hostOf returns the lowercase host of a URL or bare host name without a
// leading "www.", or "" if s does not look like one.
func hostOf(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " \t") || !strings.Contains(s, ".") {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	for _, p := range []string{"www.", "m.", "amp."} {
		h = strings.TrimPrefix(h, p)
	}
	return h
}

// outletName is the display name for an outlet a source names: the table's
// name when known, else the text as given (metadata is kept as written).
func outletName(s string) string {
	s = strings.TrimSpace(s)
	if name, ok := knownOutlet(s); ok {
		return name
	}
	return s
}

// slugName is the display name for an outlet named by a slug in a trailer
// ("Source » dawn"): the table's name, else the slug in title case, since a
// slug is never the outlet's own spelling.
func slugName(s string) string {
	if name, ok := knownOutlet(s); ok {
		return name
	}
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return ' '
		}
		return r
	}, s)
	return titleCase(s)
}

// isSmallWord reports whether w stays lowercase inside a title-cased place
// or outlet name ("Dar es Salaam", "Bosnia and Herzegovina").
func isSmallWord(w string) bool {
	switch w {
	case "of", "and", "the", "de", "la", "del", "da", "do", "es", "el", "y", "on", "upon":
		return true
	}
	return false
}

// titleCase turns "GAZA CITY" into "Gaza City" and "dar es salaam" into
// "Dar es Salaam": first letter of each word (and of each hyphenated part)
// upper, the rest lower, small connecting words lower except first.
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		lw := strings.ToLower(w)
		if i > 0 && isSmallWord(lw) {
			words[i] = lw
			continue
		}
		parts := strings.Split(lw, "-")
		for j, p := range parts {
			parts[j] = upperFirst(p)
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// upperFirst upper-cases the first letter of s, skipping leading
// punctuation such as an opening parenthesis.
func upperFirst(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return s[:i] + string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}
