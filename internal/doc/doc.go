// Package doc defines the data that flows between dyad's stages.
//
// Every stage reads and fills the same plain structs. Text positions are
// byte offsets into Article.Body, the normalised text that the store keeps,
// much as go/token.Pos indexes a file for the Go compiler's stages: a fact
// can always be traced back to the exact bytes it came from.
//
// Cross references between facts are indexes into the slices of the same
// Document (Mention.Entity indexes Document.Entities, and so on), with -1
// meaning "none". Indexes keep the JSON flat and make a Document
// self-contained, so it can be stored, exported and reloaded unchanged.
//
// The JSON encoding is the documented external schema (docs/schema.md);
// SchemaVersion changes whenever a field is renamed or its meaning changes.
package doc

import (
	"time"
)

// SchemaVersion is the version of the JSON schema described in
// docs/schema.md. Adding an optional field does not change it; renaming or
// redefining one does.
const SchemaVersion = 1

// Span is a half-open byte range [Start, End) into Article.Body.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len reports the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Valid reports whether s is a well-formed span inside a body of n bytes.
func (s Span) Valid(n int) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= n }

// Overlaps reports whether s and t share at least one byte.
func (s Span) Overlaps(t Span) bool { return s.Start < t.End && t.Start < s.End }

// Contains reports whether t lies entirely inside s.
func (s Span) Contains(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// Text returns the bytes of body that s covers, or "" if s is out of range.
func (s Span) Text(body string) string {
	if !s.Valid(len(body)) {
		return ""
	}
	return body[s.Start:s.End]
}

// Article is one news article as ingested: metadata and normalised body.
type Article struct {
	// ID is the hex SHA-256 prefix of the body with whitespace collapsed,
	// so the same text ingested twice, from any source, is the same article.
	ID string `json:"id"`
	// URL is the canonical URL when the source gives one.
	URL string `json:"url,omitempty"`
	// Outlet is the publisher's display name ("Dawn", "Reuters").
	Outlet string `json:"outlet,omitempty"`
	// Published is the publication time in the outlet's own zone when the
	// source gives it; relative dates ("on Sunday") are read against it.
	Published time.Time `json:"published,omitzero"`
	// PublishedText is the publication time exactly as the source wrote it.
	PublishedText string `json:"published_text,omitempty"`
	// DatePrecision says how much of Published the source gave: "day" for
	// a date alone, "second" for a full timestamp, "" when unknown.
	DatePrecision string `json:"date_precision,omitempty"`
	Title         string `json:"title,omitempty"`
	// Language is a BCP 47 tag ("en").
	Language string `json:"language,omitempty"`
	// Body is the article text after boilerplate removal and normalisation
	// (Unicode NFC, "\n" line endings, paragraphs separated by a blank
	// line). Every Span in a Document points into it.
	Body string `json:"body"`
	// Paragraphs are the body's paragraphs, in order, headings included.
	Paragraphs []Span `json:"paragraphs,omitempty"`
	// Headings are section headings inside the body (a short line without
	// final punctuation between paragraphs); they are not sentences of
	// reported speech.
	Headings []Span `json:"headings,omitempty"`
	// Ingest records where the article came from and what ingest removed.
	Ingest IngestInfo `json:"ingest"`
}

// IngestInfo is the provenance of an Article.
type IngestInfo struct {
	// Source is the file path, URL or "-" for standard input.
	Source string `json:"source"`
	// Line is the 1-based line for JSON lines input, the 1-based item
	// number for feeds, 0 otherwise.
	Line int `json:"line,omitempty"`
	// Format is the input format: text, html, jsonl, rss, atom, json.
	Format string `json:"format"`
	// ExternalID is an identifier the source gave (a JSONL "id", a feed GUID).
	ExternalID string `json:"external_id,omitempty"`
	// IngestedAt is when dyad read the article (UTC).
	IngestedAt time.Time `json:"ingested_at"`
	// Trailer is outlet boilerplate removed from the end of the text
	// ("Source » dawn").
	Trailer string `json:"trailer,omitempty"`
	// Dateline is a dateline removed from the start of the text
	// ("Friday, January 4, 2019", "TEHRAN (Reuters) -").
	Dateline string `json:"dateline,omitempty"`
	// DatelinePlace is the place named by the dateline, if any, title-cased
	// ("Tehran" for "TEHRAN (Reuters) -").
	DatelinePlace string `json:"dateline_place,omitempty"`
	// Extractor names the HTML extractor used, for HTML input.
	Extractor string `json:"extractor,omitempty"`
	// Bytes is the size of the raw input the article was read from.
	Bytes int `json:"bytes,omitempty"`
}

// Document is an Article with everything the stages found in it.
type Document struct {
	SchemaVersion int     `json:"schema_version"`
	Article       Article `json:"article"`

	Sentences []Sentence `json:"sentences,omitempty"`
	Tokens    []Token    `json:"tokens,omitempty"`
	Mentions  []Mention  `json:"mentions,omitempty"`
	Entities  []Entity   `json:"entities,omitempty"`
	Places    []Place    `json:"places,omitempty"`
	Times     []Timex    `json:"times,omitempty"`
	Quotes    []Quote    `json:"quotes,omitempty"`
	Events    []Event    `json:"events,omitempty"`

	// Problems are non-fatal findings of the stages (a place that did not
	// resolve, an event without a target): kept so nothing is dropped
	// silently.
	Problems []Problem `json:"problems,omitempty"`
}

// NewDocument wraps an ingested article for processing.
func NewDocument(a Article) *Document {
	return &Document{SchemaVersion: SchemaVersion, Article: a}
}

// Text returns the body text that s covers.
func (d *Document) Text(s Span) string { return s.Text(d.Article.Body) }

// ResetFacts drops everything the stages derived, keeping the article, so
// the document can be processed again from scratch.
func (d *Document) ResetFacts() {
	a := d.Article
	*d = Document{SchemaVersion: SchemaVersion, Article: a}
}

// Sentence is one sentence of the body.
type Sentence struct {
	Span Span `json:"span"`
	// Paragraph indexes Article.Paragraphs.
	Paragraph int `json:"paragraph"`
	// FirstToken and EndToken delimit the sentence's tokens in
	// Document.Tokens as a half-open index range.
	FirstToken int `json:"first_token"`
	EndToken   int `json:"end_token"`
}

// Token is one syntactic word. Its Span covers its bytes in the body; a
// contraction split into two words ("do" + "n't") gives two tokens with
// adjacent spans.
type Token struct {
	Span     Span   `json:"span"`
	Sentence int    `json:"sentence"`
	Lemma    string `json:"lemma,omitempty"`
	UPOS     string `json:"upos,omitempty"`
	XPOS     string `json:"xpos,omitempty"`
	Feats    string `json:"feats,omitempty"`
	// Head indexes Document.Tokens; -1 for the sentence root.
	Head   int    `json:"head"`
	Deprel string `json:"deprel,omitempty"`
	// FusedWithNext says the next token is part of the same surface
	// token, as UD's multiword tokens: "do" of "don't", "Iran" of
	// "Iran’s".
	FusedWithNext bool `json:"fused_with_next,omitempty"`
}

// Mention is a stretch of text that refers to an entity: a name, a
// description ("Iran's state TV") or a pronoun.
type Mention struct {
	Span     Span   `json:"span"`
	Sentence int    `json:"sentence"`
	Text     string `json:"text"`
	// Type is the entity type: PER, ORG, GPE, LOC, NORP, ...
	Type string `json:"type"`
	// Kind is "name", "nominal" or "pronoun".
	Kind string `json:"kind,omitempty"`
	// Entity indexes Document.Entities; -1 when unlinked.
	Entity int `json:"entity"`
	// Actor is the CAMEO actor code this mention carries in its own
	// context ("IRNGOV"); it may be more specific than the entity's.
	Actor string `json:"actor,omitempty"`
}

// Entity is one real-world participant of an article, with all its
// mentions.
type Entity struct {
	Canonical string `json:"canonical"`
	Type      string `json:"type"`
	// Actor is the CAMEO actor code ("IRNGOV", "IGOUNO"), "" if uncoded.
	Actor string `json:"actor,omitempty"`
	// Role is the role that justified the code at the article's date
	// ("Foreign Minister of Turkey").
	Role string `json:"role,omitempty"`
	// Mentions index Document.Mentions, in text order.
	Mentions []int `json:"mentions,omitempty"`
	// Place indexes Document.Places when the entity is a place; -1 if not.
	Place int `json:"place"`
}

// Place is a geocoded location mentioned in the article.
type Place struct {
	Name string `json:"name"`
	// Mentions are the spans that name the place.
	Mentions []Span `json:"mentions,omitempty"`
	// Resolved is false when the place could not be geocoded; it is kept
	// as text.
	Resolved bool    `json:"resolved"`
	Lat      float64 `json:"lat,omitempty"`
	Lon      float64 `json:"lon,omitempty"`
	// Country is the ISO 3166-1 alpha-3 code ("TUR").
	Country string `json:"country,omitempty"`
	ADM1    string `json:"adm1,omitempty"`
	// Feature is country, adm1, adm2, city, region or sea.
	Feature     string  `json:"feature,omitempty"`
	GazetteerID string  `json:"gazetteer_id,omitempty"`
	Confidence  float64 `json:"confidence,omitempty"`
}

// Timex is a time expression resolved against the publication date.
type Timex struct {
	Span Span   `json:"span"`
	Text string `json:"text"`
	// Value is an ISO 8601 date at the expression's granularity:
	// "2023-11-05", "2023-11", "2019", "2023-W45".
	Value string `json:"value"`
	// Granularity is day, week, month or year.
	Granularity string `json:"granularity"`
	// Start and End bound ranges ("since 2019"); both are inclusive ISO
	// dates, empty when open.
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Anchor says what the value was resolved against: "published", or
	// "speech" when a quote's own time was used.
	Anchor     string  `json:"anchor,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Quote kinds.
const (
	QuoteDirect   = "direct"
	QuotePartial  = "partial"
	QuoteIndirect = "indirect"
	QuoteMixed    = "mixed"
)

// Quote is something a source said, with who said it and through whom.
type Quote struct {
	Kind string `json:"kind"`
	// Content is the quoted text; several spans for a split quote.
	Content []Span `json:"content"`
	// Text is the content spans' text joined by a space.
	Text string `json:"text"`
	// Clause is the reported clause that holds a partial quote: for
	// `Trump said Clinton once called the pact “the gold standard” of
	// trade deals`, Content is "the gold standard" and Clause runs from
	// "Clinton" to "deals". Empty for direct and indirect quotes, whose
	// content is the whole report. Corpora that annotate the whole
	// reported clause (PolNeAR) compare with it.
	Clause []Span `json:"clause,omitempty"`
	// Cue is the reporting verb or phrase ("said", "according to").
	Cue Span `json:"cue"`
	// Speaker indexes Document.Entities; -1 when unknown.
	Speaker int `json:"speaker"`
	// SpeakerMention indexes Document.Mentions: the mention that names the
	// speaker at this quote; -1 when unknown.
	SpeakerMention int `json:"speaker_mention"`
	// Via is the reporting chain as Document.Entities indexes, innermost
	// first, outermost last ("Ashtiani said, quoted by Tasnim": [Tasnim]).
	Via []int `json:"via,omitempty"`
	// Sentences index Document.Sentences.
	Sentences []int `json:"sentences,omitempty"`
}

// Modality values of an Event.
const (
	ModalityAsserted     = "asserted"
	ModalityNegated      = "negated"
	ModalityFuture       = "future"
	ModalityConditional  = "conditional"
	ModalityHypothetical = "hypothetical"
	ModalityReported     = "reported"
)

// Actor is one side of an event.
type Actor struct {
	// Code is the CAMEO actor code, "" when the side is absent.
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
	// Entity indexes Document.Entities; -1 when none.
	Entity int `json:"entity"`
	// Mention is where the actor is named for this event.
	Mention Span `json:"mention"`
}

// Event is a CAMEO-coded interaction: who did what to whom, when and where.
type Event struct {
	// Code is the CAMEO event code ("043"), Root its first two digits.
	Code      string  `json:"code"`
	Root      string  `json:"root"`
	QuadClass int     `json:"quad_class"`
	Goldstein float64 `json:"goldstein"`
	Source    Actor   `json:"source"`
	Target    Actor   `json:"target"`
	// Date is an ISO date ("2023-11-05"), resolved from the sentence's
	// time expression or else the publication date.
	Date string `json:"date,omitempty"`
	// Time indexes Document.Times for the expression that gave Date; -1
	// when Date is the publication date.
	Time int `json:"time"`
	// Place indexes Document.Places; -1 when no place is attached.
	Place    int    `json:"place"`
	Modality string `json:"modality"`
	// Quote indexes Document.Quotes when the event is reported speech.
	Quote    int  `json:"quote"`
	Sentence int  `json:"sentence"`
	Span     Span `json:"span"`
	// Cue is the predicate that triggered the code.
	Cue        Span    `json:"cue"`
	Confidence float64 `json:"confidence,omitempty"`
	// MentionCount is how many times the article states this event
	// (same dyad, root and date).
	MentionCount int `json:"mention_count"`
	// Issues are the issue codes of a users' issues dictionary found in
	// the event's sentence (dyad --issues).
	Issues []string `json:"issues,omitempty"`
	// Dictionary says which verb dictionary coded the event: "" for
	// dyad's own, else the file of a users' dictionary (dyad --verbs).
	Dictionary string `json:"dictionary,omitempty"`
}

// Problem is a non-fatal finding a stage reports instead of dropping
// something silently.
type Problem struct {
	Stage   string `json:"stage"`
	Span    Span   `json:"span"`
	Message string `json:"message"`
}
