package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/dyad-events/dyad/internal/doc"
)

// errNoText is the reason given for an input that has no article text once
// markup, metadata and boilerplate are taken away.
var errNoText = errors.New("no article text found")

// Article builds an Article from already-decoded text and metadata (used by
// the eval harness and tests): it normalises the text, strips a trailer and
// a dateline, finds paragraphs and headings and computes the ID.
//
// meta takes precedence over what the text itself says (a "Source » dawn"
// trailer, a dateline). info is copied into Article.Ingest; a zero
// info.IngestedAt is set to the current time, and meta.ID, when given,
// becomes info.ExternalID. Errors are *Error values located by info.Source
// and info.Line.
func Article(text string, meta Meta, info doc.IngestInfo) (*doc.Article, error) {
	a, err := build(source{text: text, meta: meta, info: info})
	if err != nil {
		return nil, &Error{Path: info.Source, Line: info.Line, Err: err}
	}
	return a, nil
}

// source is everything build needs to make one article.
type source struct {
	text string
	// meta came with the input (sidecar, front matter, JSON fields, page
	// metadata): it wins over what the text says.
	meta Meta
	// defaults (Options.Defaults) fill what neither meta nor the text gives.
	defaults Meta
	info     doc.IngestInfo
	// headings are paragraph texts the markup declared headings (h1-h6).
	headings map[string]bool
	// published, if set, is meta.Published as already parsed by someone
	// else (a feed parser), used when ParseTime cannot read the string.
	published *time.Time
}

// textFacts is what ingest learned from the text itself.
type textFacts struct {
	dateline, place, agency string // agency as written: "Reuters"
	datelineDate            string // a date-only first line, as written
	trailer, trailerOutlet  string // trailerOutlet already a display name
	trailerDate             string // from "Published in Dawn, November 5th, 2023"
}

// build is Article without the error wrapping, for the readers.
func build(src source) (*doc.Article, error) {
	if i := invalidUTF8(src.text); i >= 0 {
		return nil, fmt.Errorf("invalid UTF-8 at byte %d", i)
	}
	paras := paragraphs(normalize(src.text))
	var facts textFacts
	paras = stripDateline(paras, &facts)
	paras = stripTrailer(paras, &facts)
	if len(paras) == 0 {
		return nil, errNoText
	}

	a := &doc.Article{Ingest: src.info}
	a.Body, a.Paragraphs = join(paras)
	a.Headings = headings(paras, a.Paragraphs, src.headings)
	a.ID = bodyID(a.Body)

	if err := setPublished(a, src, facts); err != nil {
		return nil, err
	}
	m, d := src.meta, src.defaults
	a.URL = first(m.URL, d.URL)
	a.Title = first(m.Title, d.Title)
	switch {
	case m.Outlet != "":
		a.Outlet = outletName(m.Outlet)
	case facts.trailerOutlet != "":
		a.Outlet = facts.trailerOutlet
	case facts.agency != "":
		a.Outlet = outletName(facts.agency)
	case d.Outlet != "":
		a.Outlet = outletName(d.Outlet)
	case a.URL != "":
		// The weakest evidence: the site the article was found on.
		if name, ok := knownOutlet(a.URL); ok {
			a.Outlet = name
		} else {
			a.Outlet = hostOf(a.URL)
		}
	}
	switch {
	case m.Language != "":
		a.Language = languageTag(m.Language)
	case d.Language != "":
		a.Language = languageTag(d.Language)
	case looksEnglish(a.Body):
		a.Language = "en"
	}

	in := &a.Ingest
	in.ExternalID = first(m.ID, in.ExternalID, d.ID)
	in.Dateline = facts.dateline
	in.DatelinePlace = facts.place
	in.Trailer = facts.trailer
	if in.IngestedAt.IsZero() {
		in.IngestedAt = time.Now().UTC()
	}
	return a, nil
}

// setPublished fills the publication time: metadata first, then a date the
// text gives (a date-only first line, a "Published in" trailer), then the
// defaults. An unreadable value given as metadata or default is an error
// rather than a silently missing date.
func setPublished(a *doc.Article, src source, facts textFacts) error {
	type candidate struct {
		text     string
		strict   bool       // an error when unreadable
		fallback *time.Time // what to use when ParseTime cannot read text
	}
	for _, c := range []candidate{
		{src.meta.Published, src.published == nil, src.published},
		{facts.datelineDate, false, nil},
		{facts.trailerDate, false, nil},
		{src.defaults.Published, true, nil},
	} {
		s := strings.TrimSpace(c.text)
		if s == "" {
			continue
		}
		t, prec, err := ParseTime(s)
		if err != nil && c.fallback != nil {
			t, prec, err = *c.fallback, PrecisionSecond, nil
		}
		if err != nil {
			if c.strict {
				return fmt.Errorf("field \"published\": %w", err)
			}
			continue
		}
		a.Published, a.PublishedText, a.DatePrecision = t, s, prec
		return nil
	}
	return nil
}

// normalize applies the body conventions that do not depend on structure:
// no byte order mark, "\n" line endings, Unicode NFC.
func normalize(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return norm.NFC.String(s)
}

// paragraphs splits normalised text into paragraphs, each a list of lines:
// maximal runs of lines that are not blank. Trailing white space (including
// no-break spaces) is removed from every line and leading white space from
// a paragraph's first line, which is layout rather than text; the other
// lines keep their indentation and tabs.
func paragraphs(s string) [][]string {
	var paras [][]string
	var cur []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if len(cur) == 0 {
			line = strings.TrimLeftFunc(line, unicode.IsSpace)
		}
		if line == "" {
			if len(cur) > 0 {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		paras = append(paras, cur)
	}
	return paras
}

// join lays out paragraphs as the body (lines joined by "\n", paragraphs by
// a blank line) and returns each paragraph's span.
func join(paras [][]string) (string, []doc.Span) {
	n := 0
	for _, p := range paras {
		for _, l := range p {
			n += len(l) + 1
		}
		n++
	}
	var b strings.Builder
	b.Grow(n)
	spans := make([]doc.Span, 0, len(paras))
	for i, p := range paras {
		if i > 0 {
			b.WriteString("\n\n")
		}
		start := b.Len()
		for j, l := range p {
			if j > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
		}
		spans = append(spans, doc.Span{Start: start, End: b.Len()})
	}
	return b.String(), spans
}

// bodyID is the article ID: the first 16 bytes of SHA-256 over the body
// with every run of white space collapsed to one space, in hex. Collapsing
// makes the ID survive re-wrapping, CRLF and extra blank lines.
func bodyID(body string) string {
	buf := make([]byte, 0, len(body))
	for f := range strings.FieldsSeq(body) {
		if len(buf) > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, f...)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16])
}

// headings picks the paragraphs that are section headings: those the
// markup declared, and in plain text a short single line without final
// punctuation standing between two paragraphs ("‘Urgent ceasefire’": the
// quote marks are the outlet's heading style). A run of such lines is a
// list, not headings, and the first and last paragraphs are never
// headings (a title or a sign-off, not a section start).
func headings(paras [][]string, spans []doc.Span, declared map[string]bool) []doc.Span {
	cand := make([]bool, len(paras))
	for i, p := range paras {
		cand[i] = headingLike(p)
	}
	var hs []doc.Span
	for i, p := range paras {
		switch {
		case len(p) == 1 && declared[p[0]]:
		case len(p) == 1 && markdownHeading(p[0]):
		case !cand[i] || i == 0 || i == len(paras)-1:
			continue
		case cand[i-1] || cand[i+1]:
			continue
		}
		hs = append(hs, spans[i])
	}
	return hs
}

// markdownHeading reports whether line is an ATX heading ("## Reaction").
func markdownHeading(line string) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && n < len(line) && line[n] == ' ' && strings.TrimSpace(line[n:]) != ""
}

// headingLike reports whether a paragraph has the shape of a heading: one
// line of at most 12 words that starts with a capital or a digit (perhaps
// inside an opening quote) and does not end a sentence. Lines that open
// with a dash or bullet (a quote's attribution, a list item), contain a
// colon (a caption, "File:..."), are a bare date, or end on a word that
// cannot end a phrase (a wrapped line) are not headings.
func headingLike(p []string) bool {
	if len(p) != 1 {
		return false
	}
	s := p[0]
	if len(s) > 120 || strings.ContainsRune(s, ':') {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 12 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, openers))
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !unicode.IsTitle(r) {
		return false
	}
	// Look past closing quotes and brackets: ‘Urgent ceasefire’ is a
	// heading, “We will win.” is a sentence.
	end := strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune(closers, r) })
	last, _ := utf8.DecodeLastRuneInString(end)
	if end == "" || strings.ContainsRune(".!?:;,…-–—", last) {
		return false
	}
	if danglingWord(words[len(words)-1]) || isDateLine(s) {
		return false
	}
	return true
}

// danglingWord reports whether a line ending in w must go on.
func danglingWord(w string) bool {
	switch strings.ToLower(w) {
	case "a", "an", "the", "to", "of", "and", "or", "for", "with", "by", "in", "on", "at", "from", "that":
		return true
	}
	return false
}

// openers are opening quotes and brackets.
const openers = `"'‘“«‹`

// closers are closing quotes and brackets.
const closers = `"'’”»›)]}`

// looksEnglish is a cheap language test: at least one word in five of the
// first few hundred is one of the commonest English function words.
func looksEnglish(body string) bool {
	stop := loadTables().stopwords
	words, hits := 0, 0
	for f := range strings.FieldsFuncSeq(body, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	}) {
		words++
		if stop[strings.ToLower(f)] {
			hits++
		}
		if words == 400 {
			break
		}
	}
	return words >= 5 && hits*5 >= words
}

// languageTag canonicalises a language tag ("EN_us" -> "en-US"), keeping
// the value as given when it is not a valid BCP 47 tag.
func languageTag(s string) string {
	s = strings.TrimSpace(s)
	t, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return s
	}
	return t.String()
}

// invalidUTF8 returns the byte offset of the first invalid UTF-8 sequence
// in s, or -1.
func invalidUTF8(s string) int {
	if utf8.ValidString(s) {
		return -1
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}

// first returns the first non-blank value.
func first(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// HTML builds an Article from a web page (raw bytes in the page's own
// charset), with boilerplate removed, as reading an .html file does.
// meta wins over the page's own metadata. Errors are *Error values
// located by info.Source.
func HTML(data []byte, meta Meta, info doc.IngestInfo) (*doc.Article, error) {
	rn := &run{Reader: NewReader(Options{})}
	info.Format = formatHTML
	info.Bytes = len(data)
	a, err := rn.htmlArticle(data, false, meta, info)
	if err != nil {
		return nil, &Error{Path: info.Source, Line: info.Line, Err: err}
	}
	return a, nil
}

// Feed reads an RSS, Atom or RDF feed's bytes, named source in errors:
// one article per item (its GUID in Ingest.ExternalID, its link in URL),
// and an *Error for each item that gives no article and for a feed that
// cannot be read at all.
func Feed(data []byte, source string) (articles []*doc.Article, errs []error) {
	rn := &run{Reader: NewReader(Options{}), ctx: context.Background(), yield: func(a *doc.Article, err error) bool {
		if err != nil {
			errs = append(errs, err)
		} else {
			articles = append(articles, a)
		}
		return true
	}}
	rn.feed(source, data)
	return articles, errs
}
