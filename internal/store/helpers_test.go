package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/testkit/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// onPostgres reports whether t runs under pgtest.Both's postgres subtest.
func onPostgres(t testing.TB) bool { return pgtest.OnPostgres(t) }

// openTemp opens a store in a fresh file (or PostgreSQL schema) that is
// closed when the test ends.
func openTemp(t testing.TB) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "dyad.db"))
}

// openAt opens the store at path. Under pgtest.Both's postgres subtest the
// path names a PostgreSQL schema instead, the same one for the same path,
// so that a test can close a store and open it again.
func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.Store(t, path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// hexID makes a deterministic article id from a seed, shaped like the ids
// ingest makes (a hex SHA-256 prefix).
func hexID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(sum[:8])
}

// span finds sub in body; the test's own data is wrong if it is absent.
func span(body, sub string) doc.Span {
	i := strings.Index(body, sub)
	if i < 0 {
		panic(fmt.Sprintf("%q not in body", sub))
	}
	return doc.Span{Start: i, End: i + len(sub)}
}

// paragraphs splits body at blank lines.
func paragraphs(body string) []doc.Span {
	var ps []doc.Span
	start := 0
	for {
		i := strings.Index(body[start:], "\n\n")
		if i < 0 {
			return append(ps, doc.Span{Start: start, End: len(body)})
		}
		ps = append(ps, doc.Span{Start: start, End: start + i})
		start += i + 2
	}
}

// fullDoc returns a document with every field of every fact set, unicode
// text, a publication time in a +05:00 zone and the nil/empty slice
// distinctions the store must keep.
func fullDoc(id string) *doc.Document {
	body := "Tehran — Iran’s foreign minister said on Sunday: “We will not negotiate under pressure.”\n\n" +
		"Officials in Ankara (Türkiye) and Karachi replied, quoted by Tasnim. 中文 text stays.\n\n" +
		"Background"
	pkt := time.FixedZone("", 5*3600)
	d := doc.NewDocument(doc.Article{
		ID:            id,
		URL:           "https://example.com/news/" + id,
		Outlet:        "Dawn",
		Published:     time.Date(2023, 11, 5, 9, 30, 15, 123456789, pkt),
		PublishedText: "Sunday, November 5, 2023 09:30 PKT",
		DatePrecision: "second",
		Title:         "Iran will “not negotiate” — Türkiye replies",
		Language:      "en",
		Body:          body,
		Paragraphs:    paragraphs(body),
		Headings:      []doc.Span{span(body, "Background")},
		Ingest: doc.IngestInfo{
			Source:        "testdata/feed.jsonl",
			Line:          7,
			Format:        "jsonl",
			ExternalID:    "ext-7",
			IngestedAt:    time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC),
			Trailer:       "Source » dawn",
			Dateline:      "TEHRAN (Reuters) -",
			DatelinePlace: "TEHRAN",
			Extractor:     "trafilatura",
			Bytes:         4096,
		},
	})
	d.Sentences = []doc.Sentence{
		{Span: span(body, "Tehran — Iran’s foreign minister said on Sunday: “We will not negotiate under pressure.”"), Paragraph: 0, FirstToken: 0, EndToken: 3},
		{Span: span(body, "Officials in Ankara (Türkiye) and Karachi replied, quoted by Tasnim."), Paragraph: 1, FirstToken: 3, EndToken: 5},
	}
	d.Tokens = []doc.Token{
		{Span: span(body, "Tehran"), Sentence: 0, Lemma: "Tehran", UPOS: "PROPN", XPOS: "NNP", Feats: "Number=Sing", Head: 2, Deprel: "nsubj"},
		{Span: span(body, "Iran’s"), Sentence: 0, Lemma: "Iran’s \"quoted\" \\ back\nslash\ttab\x01", UPOS: "PROPN", Head: 2, Deprel: "nmod:poss"},
		{Span: span(body, "said"), Sentence: 0, Lemma: "say", UPOS: "VERB", XPOS: "VBD", Feats: "Mood=Ind|Tense=Past", Head: -1, Deprel: "root"},
		{Span: span(body, "Officials"), Sentence: 1, Lemma: "official", UPOS: "NOUN", Head: 4, Deprel: "nsubj"},
		{Span: span(body, "Türkiye"), Sentence: 1, Lemma: "Türkiye 中文 <&>", UPOS: "PROPN", Head: -1, Deprel: "root"},
	}
	d.Mentions = []doc.Mention{
		{Span: span(body, "Iran’s foreign minister"), Sentence: 0, Text: "Iran’s foreign minister", Type: "PER", Kind: "nominal", Entity: 0, Actor: "IRNGOV"},
		{Span: span(body, "Ankara"), Sentence: 1, Text: "Ankara", Type: "GPE", Kind: "name", Entity: 1, Actor: "TUR"},
		{Span: span(body, "Tasnim"), Sentence: 1, Text: "Tasnim", Type: "ORG", Kind: "name", Entity: -1},
	}
	d.Entities = []doc.Entity{
		{Canonical: "Abbas Araghchi", Type: "PER", Actor: "IRNGOV", Role: "Foreign Minister of Iran", Mentions: []int{0}, Place: -1},
		{Canonical: "Ankara", Type: "GPE", Actor: "TUR", Mentions: []int{1}, Place: 0},
		{Canonical: "Tasnim", Type: "ORG", Mentions: []int{}, Place: -1}, // empty, not nil
	}
	d.Places = []doc.Place{
		{Name: "Ankara", Mentions: []doc.Span{span(body, "Ankara")}, Resolved: true, Lat: 39.91987, Lon: 32.85427,
			Country: "TUR", ADM1: "TR.68", Feature: "city", GazetteerID: "geonames:323786", Confidence: 0.9375},
		{Name: "Karachi", Resolved: false, Confidence: 1e-300},
	}
	d.Times = []doc.Timex{
		{Span: span(body, "on Sunday"), Text: "on Sunday", Value: "2023-11-05", Granularity: "day",
			Start: "2023-11-05", End: "2023-11-05", Anchor: "published", Confidence: 0.8},
	}
	d.Quotes = []doc.Quote{
		{Kind: doc.QuoteDirect, Content: []doc.Span{span(body, "We will not negotiate under pressure.")},
			Text: "We will not negotiate under pressure.", Cue: span(body, "said"), Speaker: 0, SpeakerMention: 0,
			Via: []int{2}, Sentences: []int{0}},
		{Kind: doc.QuoteIndirect, Content: []doc.Span{}, Text: "", Cue: span(body, "replied"), Speaker: -1, SpeakerMention: -1},
		{Kind: doc.QuotePartial, Content: []doc.Span{span(body, "will")}, Text: "will",
			Clause: []doc.Span{span(body, "We will not negotiate under pressure.")}, Cue: span(body, "said"), Speaker: 0, SpeakerMention: 0},
	}
	d.Events = []doc.Event{
		{Code: "0311", Root: "03", QuadClass: 1, Goldstein: 5.2,
			Source: doc.Actor{Code: "IRNGOV", Name: "Abbas Araghchi", Entity: 0, Mention: span(body, "Iran’s foreign minister")},
			Target: doc.Actor{Code: "TUR", Name: "Ankara", Entity: 1, Mention: span(body, "Ankara")},
			Date:   "2023-11-05", Time: 0, Place: 0, Modality: doc.ModalityNegated, Quote: 0, Sentence: 0,
			Span: d.Sentences[0].Span, Cue: span(body, "negotiate"), Confidence: 0.61803398875, MentionCount: 2,
			Issues: []string{"PEACE_TALKS", "ATROCITY"}, Dictionary: "CAMEO.2.0.txt"},
		{Code: "010", Root: "01", QuadClass: 1, Goldstein: -0.1,
			Source: doc.Actor{Code: "TUR", Entity: -1, Mention: span(body, "Officials")},
			Target: doc.Actor{Entity: -1},
			Date:   "2023-11-05", Time: -1, Place: -1, Modality: doc.ModalityReported, Quote: -1, Sentence: 1,
			Span: d.Sentences[1].Span, Cue: span(body, "replied"), MentionCount: 1},
	}
	d.Problems = []doc.Problem{
		{Stage: "geo", Span: span(body, "Karachi"), Message: "place “Karachi” did not resolve"},
	}
	return d
}

// smallDoc is a cheap document with a few facts, different for each n.
func smallDoc(n int) *doc.Document {
	body := fmt.Sprintf("Article number %d. Officials in Ankara met envoys from Iran on day %d.", n, n%28+1)
	d := doc.NewDocument(doc.Article{
		ID:        hexID(fmt.Sprint("small ", n)),
		Outlet:    []string{"Dawn", "Reuters", "Tasnim"}[n%3],
		Title:     fmt.Sprintf("Talks %d", n),
		Published: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour),
		Language:  "en",
		Body:      body,
		Ingest: doc.IngestInfo{Source: "bench.jsonl", Line: n + 1, Format: "jsonl",
			IngestedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	})
	d.Article.Paragraphs = []doc.Span{{Start: 0, End: len(body)}}
	first := span(body, fmt.Sprintf("Article number %d.", n))
	d.Sentences = []doc.Sentence{
		{Span: first, FirstToken: 0, EndToken: 3},
		{Span: doc.Span{Start: first.End + 1, End: len(body)}, FirstToken: 3, EndToken: 6},
	}
	for _, w := range []string{"Article", "number", ".", "Officials", "Ankara", "Iran"} {
		s := 0
		if w == "Officials" || w == "Ankara" || w == "Iran" {
			s = 1
		}
		d.Tokens = append(d.Tokens, doc.Token{Span: span(body, w), Sentence: s, Lemma: strings.ToLower(w), UPOS: "X", Head: -1})
	}
	d.Mentions = []doc.Mention{
		{Span: span(body, "Ankara"), Sentence: 1, Text: "Ankara", Type: "GPE", Kind: "name", Entity: 0, Actor: "TUR"},
		{Span: span(body, "Iran"), Sentence: 1, Text: "Iran", Type: "GPE", Kind: "name", Entity: 1, Actor: "IRN"},
	}
	d.Entities = []doc.Entity{
		{Canonical: "Ankara", Type: "GPE", Actor: "TUR", Mentions: []int{0}, Place: 0},
		{Canonical: "Iran", Type: "GPE", Actor: "IRN", Mentions: []int{1}, Place: -1},
	}
	d.Places = []doc.Place{{Name: "Ankara", Mentions: []doc.Span{span(body, "Ankara")}, Resolved: true, Lat: 39.9, Lon: 32.8, Country: "TUR"}}
	d.Events = []doc.Event{{Code: "040", Root: "04", QuadClass: 1, Goldstein: 1,
		Source: doc.Actor{Code: "TUR", Entity: 0, Mention: span(body, "Ankara")},
		Target: doc.Actor{Code: "IRN", Entity: 1, Mention: span(body, "Iran")},
		Date:   "2023-01-01", Time: -1, Place: 0, Modality: doc.ModalityAsserted, Quote: -1, Sentence: 1,
		Span: d.Sentences[1].Span, Cue: span(body, "met"), MentionCount: 1}}
	return d
}

// mustJSON is the JSON normalisation documents are compared under: the
// documented external form, in which times are RFC 3339 with their offset.
func mustJSON(t testing.TB, d *doc.Document) string {
	t.Helper()
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameDoc fails the test unless got is want after JSON normalisation, both
// as text and as reflect.DeepEqual of the decoded values.
func sameDoc(t testing.TB, got, want *doc.Document) {
	t.Helper()
	g, w := mustJSON(t, got), mustJSON(t, want)
	if g != w {
		t.Fatalf("document differs:\n got %s\nwant %s", g, w)
	}
	var gd, wd doc.Document
	if err := json.Unmarshal([]byte(g), &gd); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(w), &wd); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gd, wd) {
		t.Fatalf("document differs after JSON normalisation:\n got %#v\nwant %#v", gd, wd)
	}
}

func put(t testing.TB, s *Store, docs ...*doc.Document) PutResult {
	t.Helper()
	res, err := s.Put(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func stats(t testing.TB, s *Store) Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// count runs a count query on the store's database.
func count(t testing.TB, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.queryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
