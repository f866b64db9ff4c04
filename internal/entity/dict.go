package entity

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed data/*.tsv
var embedded embed.FS

// Kind says what a dictionary entry names.
type Kind uint8

const (
	KindCountry   Kind = iota + 1 // a country or territory by name: "Turkey"
	KindAdjective                 // a nationality adjective or demonym: "Turkish", "Turks"
	KindSeat                      // a capital or seat of power standing for an institution: "Ankara", "the Kremlin"
	KindOrg                       // a named organisation: "Hamas", "the United Nations"
	KindPerson                    // a person in a role: "Hakan Fidan"
	KindRole                      // a role word: "foreign minister", "troops"
)

func (k Kind) String() string {
	switch k {
	case KindCountry:
		return "country"
	case KindAdjective:
		return "adjective"
	case KindSeat:
		return "seat"
	case KindOrg:
		return "organisation"
	case KindPerson:
		return "person"
	case KindRole:
		return "role"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Entry is one meaning of a dictionary phrase.
type Entry struct {
	Kind Kind
	// Code is the actor code: a country ("TUR") for countries and
	// adjectives, the full code for organisations and people ("PSEREB",
	// "TURGOV"), country+type for seats ("USAGOV" for the White House),
	// the bare type for roles ("GOV").
	Code string
	// Canonical is the entry's name: "Turkey", "Hakan Fidan", "foreign
	// minister".
	Canonical string
	// Role is a person's role ("foreign minister") and an
	// organisation's kind ("igo", "media").
	Role string
	// From and To bound the days the entry holds, as YYYYMMDD numbers,
	// inclusive; 0 leaves that side open.
	From, To int
	// Capital is a country's capital, for KindCountry.
	Capital string
}

// Holds reports whether the entry applies on day (YYYYMMDD); a zero day
// (no publication date) accepts every entry.
func (e *Entry) Holds(day int) bool {
	if day == 0 {
		return true
	}
	return (e.From == 0 || day >= e.From) && (e.To == 0 || day <= e.To)
}

// Dictionary maps phrases, as sequences of normalised words, to entries.
type Dictionary struct {
	entries []Entry
	// phrases maps a phrase key (normalised words joined by spaces) to
	// entry indexes; exact holds the phrases that must match in their
	// written case (acronyms: "IS", "WHO").
	phrases map[string][]int32
	exact   map[string]bool
	// prefixes holds every proper prefix of a phrase key, so that a
	// longest-match scan can stop as soon as no phrase continues.
	prefixes  map[string]bool
	maxWords  int
	countries map[string]int // country code to its KindCountry entry
}

// Tokenize splits a dictionary phrase into the words the text stage
// would find in running text. The dictionary and the matcher must agree;
// the Stage passes the segmenter's tokens, and phrases are split with the
// same segmenter when the dictionary loads.
type Tokenize func(phrase string) []string

// LoadDictionary reads the embedded actor dictionary.
func LoadDictionary(tok Tokenize) (*Dictionary, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, err
	}
	return ReadDictionary(sub, tok)
}

// ReadDictionary reads countries.tsv, organisations.tsv, roles.tsv and
// every people*.tsv of fsys.
func ReadDictionary(fsys fs.FS, tok Tokenize) (*Dictionary, error) {
	d := &Dictionary{phrases: map[string][]int32{}, exact: map[string]bool{}, prefixes: map[string]bool{}, countries: map[string]int{}}
	people, err := fs.Glob(fsys, "people*.tsv")
	if err != nil {
		return nil, err
	}
	files := append([]string{"countries.tsv", "organisations.tsv", "roles.tsv"}, people...)
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("actor dictionary: %w", err)
		}
		if err := d.read(name, b, tok); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// read adds the rows of one file.
func (d *Dictionary) read(name string, b []byte, tok Tokenize) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if err := d.row(path.Base(name), f, tok); err != nil {
			return fmt.Errorf("actor dictionary %s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}

// field returns f[i] trimmed, or "" beyond the row.
func field(f []string, i int) string {
	if i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

// list splits a "; "-separated field.
func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (d *Dictionary) row(file string, f []string, tok Tokenize) error {
	switch {
	case file == "countries.tsv":
		// code, name, variants, adjectives, capital, metonyms
		code, name := field(f, 0), field(f, 1)
		if !isCode(code) || name == "" {
			return fmt.Errorf("want a country code and a name, got %q %q", code, name)
		}
		country := Entry{Kind: KindCountry, Code: code, Canonical: name, Capital: field(f, 4)}
		d.countries[code] = d.add(country, tok, append([]string{name}, list(field(f, 2))...)...)
		d.add(Entry{Kind: KindAdjective, Code: code, Canonical: name}, tok, list(field(f, 3))...)
		for _, m := range list(field(f, 5)) {
			seat, typ, ok := strings.Cut(m, "=")
			if !ok || !isType(strings.TrimSpace(typ)) {
				return fmt.Errorf("metonym %q: want NAME=TYPE", m)
			}
			d.add(Entry{Kind: KindSeat, Code: code + strings.TrimSpace(typ), Canonical: strings.TrimSpace(seat)}, tok, strings.TrimSpace(seat))
		}
	case file == "organisations.tsv":
		// code, name, variants, kind, from, to
		e := Entry{Kind: KindOrg, Code: field(f, 0), Canonical: field(f, 1), Role: field(f, 3)}
		if !isCode(e.Code) || e.Canonical == "" {
			return fmt.Errorf("want an actor code and a name, got %q %q", e.Code, e.Canonical)
		}
		var err error
		if e.From, e.To, err = dates(field(f, 4), field(f, 5)); err != nil {
			return err
		}
		d.add(e, tok, append([]string{e.Canonical}, list(field(f, 2))...)...)
	case file == "roles.tsv":
		// phrase, type, note
		e := Entry{Kind: KindRole, Canonical: field(f, 0), Code: field(f, 1)}
		if e.Canonical == "" || !isType(e.Code) {
			return fmt.Errorf("want a phrase and a CAMEO type, got %q %q", e.Canonical, e.Code)
		}
		d.add(e, tok, e.Canonical)
	case strings.HasPrefix(file, "people"):
		// name, variants, code, role, from, to, note
		e := Entry{Kind: KindPerson, Canonical: field(f, 0), Code: field(f, 2), Role: field(f, 3)}
		if e.Canonical == "" || !isCode(e.Code) {
			return fmt.Errorf("want a name and an actor code, got %q %q", e.Canonical, e.Code)
		}
		var err error
		if e.From, e.To, err = dates(field(f, 4), field(f, 5)); err != nil {
			return err
		}
		d.add(e, tok, append([]string{e.Canonical}, list(field(f, 1))...)...)
	default:
		return fmt.Errorf("unknown dictionary file %s", file)
	}
	return nil
}

// add stores e under each phrase and returns its index.
func (d *Dictionary) add(e Entry, tok Tokenize, phrases ...string) int {
	idx := len(d.entries)
	d.entries = append(d.entries, e)
	for _, p := range phrases {
		// Names are listed without "the"; text may have it or not, and
		// the matcher skips a leading "the" itself.
		if rest, ok := strings.CutPrefix(p, "the "); ok && e.Kind != KindRole {
			p = rest
		}
		words := tok(p)
		if len(words) == 0 {
			continue
		}
		exact := e.Kind != KindRole && isAcronym(p)
		key := phraseKey(words, exact)
		if slicesContains(d.phrases[key], int32(idx)) {
			continue
		}
		d.phrases[key] = append(d.phrases[key], int32(idx))
		if exact {
			d.exact[key] = true
		}
		for n := 1; n < len(words); n++ {
			d.prefixes[phraseKey(words[:n], false)] = true
		}
		d.maxWords = max(d.maxWords, len(words))
	}
	return idx
}

func slicesContains(s []int32, x int32) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// Entry returns entry i.
func (d *Dictionary) Entry(i int) *Entry { return &d.entries[i] }

// Country returns the country entry for a country code.
func (d *Dictionary) Country(code string) (*Entry, bool) {
	i, ok := d.countries[code]
	if !ok {
		return nil, false
	}
	return &d.entries[i], true
}

// Len is the number of entries.
func (d *Dictionary) Len() int { return len(d.entries) }

// Match finds the longest phrase that starts at words[i] and returns
// its length in words and its entries (indexes for Entry); n is 0 when
// no phrase starts there. Acronyms match in their written case only,
// other phrases in any case.
func (d *Dictionary) Match(words []string, i int) (n int, entries []int32) {
	var b strings.Builder
	for j := i; j < len(words) && j-i < d.maxWords; j++ {
		if j > i {
			b.WriteByte(' ')
		}
		b.WriteString(normWord(words[j]))
		key := b.String()
		if es, ok := d.phrases[key]; ok && !d.exact[key] {
			n, entries = j-i+1, es
		}
		if j-i < 3 { // acronyms are short
			raw := phraseKey(words[i:j+1], true)
			if es, ok := d.phrases[raw]; ok && d.exact[raw] {
				n, entries = j-i+1, es
			}
		}
		if !d.prefixes[key] {
			break
		}
	}
	return n, entries
}

// phraseKey joins words as a lookup key: lower-cased unless exact.
func phraseKey(words []string, exact bool) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if exact {
			b.WriteString("=" + w)
		} else {
			b.WriteString(normWord(w))
		}
	}
	return b.String()
}

// normWord lower-cases a word and writes typographic apostrophes and
// dashes as ASCII, and drops diacritics' distinction only where the
// dictionary lists both spellings (it lists "Türkiye" and "Turkiye").
func normWord(w string) string {
	simple := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			simple = false
			break
		}
	}
	if simple {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		switch r {
		case '’', '‘', '`', '´':
			r = '\''
		case '–', '—', '‐':
			r = '-'
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isAcronym reports whether a phrase is written in capitals (digits,
// dots, hyphens and spaces allowed), or is one word with capitals inside
// it ("LeT", "JeM"), and so must match in its case: "Let" is not
// Lashkar-e-Taiba.
func isAcronym(p string) bool {
	if !strings.ContainsRune(p, ' ') {
		upper := 0
		for _, r := range p {
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if upper >= 2 && utf8.RuneCountInString(p) <= 6 {
			return true
		}
	}
	letters := 0
	for _, r := range p {
		switch {
		case unicode.IsUpper(r):
			letters++
		case unicode.IsDigit(r) || r == '.' || r == '-' || r == ' ' || r == '&' || r == '+':
		default:
			return false
		}
	}
	return letters > 0
}

// isCode reports whether s is an actor code: 3-letter upper-case blocks.
func isCode(s string) bool {
	if len(s) == 0 || len(s)%3 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isType(s string) bool { return len(s) == 3 && isCode(s) }

// dates parses a from/to pair of YYYY, YYYY-MM or YYYY-MM-DD dates; an
// imprecise from is its first day, an imprecise to its last.
func dates(from, to string) (int, int, error) {
	f, err := day(from, false)
	if err != nil {
		return 0, 0, fmt.Errorf("from: %w", err)
	}
	t, err := day(to, true)
	if err != nil {
		return 0, 0, fmt.Errorf("to: %w", err)
	}
	if f != 0 && t != 0 && f > t {
		return 0, 0, fmt.Errorf("from %s is after to %s", from, to)
	}
	return f, t, nil
}

func day(s string, end bool) (int, error) {
	if s == "" {
		return 0, nil
	}
	var layout string
	switch len(s) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return 0, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: %w", s, err)
	}
	if end {
		switch len(s) {
		case 4:
			t = t.AddDate(1, 0, -1)
		case 7:
			t = t.AddDate(0, 1, -1)
		}
	}
	return DayNumber(t), nil
}

// DayNumber is t's date as YYYYMMDD.
func DayNumber(t time.Time) int {
	y, m, dd := t.Date()
	return y*10000 + int(m)*100 + dd
}
