package eval

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/quote"
)

// PolNeAR scoring, as its README in ../shared/peers/quotes/polnear sets
// out: content tokens are the lower-cased runs of letters and digits
// (internal apostrophes kept) keyed by byte offset; gold and produced
// attributions pair one to one within an article, greedily by falling
// Jaccard, at J >= 0.6 (and J = 1 for the exact figure); the speaker is
// right when the produced speaker mention shares a token with the gold
// Source, or the gold Source overlaps a mention of the produced speaker's
// entity, or neither has a speaker; for a reporting chain the outermost
// link is compared. Primary annotations only.

// polnearRecord is one line of polnear-<split>.jsonl.
type polnearRecord struct {
	ID              string `json:"id"`
	Primary         bool   `json:"primary"`
	Publisher       string `json:"publisher"`
	PublicationDate string `json:"publication_date"`
	Text            string `json:"text"`
	Attributions    []struct {
		ID      string        `json:"id"`
		Source  []polnearSpan `json:"source"`
		Cue     []polnearSpan `json:"cue"`
		Content []polnearSpan `json:"content"`
	} `json:"attributions"`
}

type polnearSpan struct {
	BStart int `json:"bstart"`
	BEnd   int `json:"bend"`
}

// QuoteReport is the result of EvalQuotes.
type QuoteReport struct {
	Articles int `json:"articles"`
	Gold     int `json:"gold"`
	Produced int `json:"produced"`
	// Matched pairs at Jaccard >= 0.6, and at 1.
	Matched      int `json:"matched"`
	MatchedExact int `json:"matched_exact"`
	// SpeakersRight counts matched pairs with the right speaker.
	SpeakersRight int `json:"speakers_right"`

	ContentF1      float64 `json:"content_f1"`
	ContentF1Exact float64 `json:"content_f1_exact"`
	// ContentPrecision and ContentRecall are at J >= 0.6.
	ContentPrecision float64 `json:"content_precision"`
	ContentRecall    float64 `json:"content_recall"`
	SpeakerAccuracy  float64 `json:"speaker_accuracy"`
	EndToEndF1       float64 `json:"end_to_end_f1"`
}

// ReadPolNeAR reads the primary annotations of one split ("train",
// "dev", "test") from dir, the polnear directory.
func ReadPolNeAR(dir, split string) ([]polnearRecord, error) {
	path := filepath.Join(dir, "polnear-"+split+".jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("polnear: %w", err)
	}
	defer f.Close()
	var out []polnearRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		var r polnearRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("polnear %s:%d: %w", path, n, err)
		}
		if !r.Primary {
			continue
		}
		for _, a := range r.Attributions {
			for _, s := range slices.Concat(a.Source, a.Cue, a.Content) {
				if s.BStart < 0 || s.BEnd > len(r.Text) || s.BStart > s.BEnd {
					return nil, fmt.Errorf("polnear %s:%d: attribution %s: span %d-%d outside the text", path, n, a.ID, s.BStart, s.BEnd)
				}
			}
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("polnear %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("polnear %s: no primary annotations", path)
	}
	return out, nil
}

// PolNeARDocument builds the document the pipeline reads for a record:
// the text as it is (so the gold byte offsets hold), a paragraph per
// line, the publication date at noon UTC.
func PolNeARDocument(r polnearRecord) *doc.Document {
	a := doc.Article{Body: r.Text, Outlet: r.Publisher, ID: r.ID}
	if t, err := time.Parse("2006-01-02", r.PublicationDate); err == nil {
		a.Published = t.Add(12 * time.Hour)
	}
	for off := 0; off < len(r.Text); {
		end := strings.IndexByte(r.Text[off:], '\n')
		if end < 0 {
			end = len(r.Text)
		} else {
			end += off
		}
		if strings.TrimSpace(r.Text[off:end]) != "" {
			a.Paragraphs = append(a.Paragraphs, doc.Span{Start: off, End: end})
		}
		off = end + 1
	}
	return doc.NewDocument(a)
}

// EvalQuotes runs process over the primary articles of a PolNeAR split
// in dir and scores the quotes it produces.
func EvalQuotes(ctx context.Context, dir, split string, process func(context.Context, *doc.Document) error, progress func(done, total int)) (QuoteReport, error) {
	recs, err := ReadPolNeAR(dir, split)
	if err != nil {
		return QuoteReport{}, err
	}
	var rep QuoteReport
	for i, r := range recs {
		d := PolNeARDocument(r)
		if err := process(ctx, d); err != nil {
			return rep, fmt.Errorf("polnear %s: %w", r.ID, err)
		}
		matchPolNeAR(&rep, r, d)
		if progress != nil {
			progress(i+1, len(recs))
		}
	}
	rep.Articles = len(recs)
	rep.ContentPrecision = ratio(rep.Matched, rep.Produced)
	rep.ContentRecall = ratio(rep.Matched, rep.Gold)
	rep.ContentF1 = f1(rep.Matched, rep.Produced, rep.Gold)
	rep.ContentF1Exact = f1(rep.MatchedExact, rep.Produced, rep.Gold)
	rep.SpeakerAccuracy = ratio(rep.SpeakersRight, rep.Matched)
	rep.EndToEndF1 = f1(rep.SpeakersRight, rep.Produced, rep.Gold)
	return rep, nil
}

func f1(tp, produced, gold int) float64 {
	if produced+gold == 0 {
		return 0
	}
	return 2 * float64(tp) / float64(produced+gold)
}

// offsetTokens are the word tokens of text's spans, keyed by their byte
// offset: letters and digits, with apostrophes inside a word kept.
func offsetTokens(text string, spans []polnearSpan) map[int]bool {
	out := map[int]bool{}
	for _, s := range spans {
		addOffsetTokens(out, text, s.BStart, s.BEnd)
	}
	return out
}

func addOffsetTokens(out map[int]bool, text string, from, to int) {
	inWord := false
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(text[i:])
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !word && inWord && (r == '\'' || r == '’') && i+size < to {
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			word = unicode.IsLetter(next)
		}
		if word && !inWord {
			out[i] = true
		}
		inWord = word
		i += size
	}
}

func jaccard(a, b map[int]bool) (inter, union int) {
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return inter, len(a) + len(b) - inter
}

// overlapsTokens reports whether byte spans a and b share a word token.
func sharesToken(text string, a doc.Span, b []polnearSpan) bool {
	ta := map[int]bool{}
	addOffsetTokens(ta, text, a.Start, a.End)
	// Tokens starting inside a but keyed from b's own scan: compare by
	// overlap of word bytes instead, so a token cut by a span edge counts.
	for _, s := range b {
		lo, hi := max(a.Start, s.BStart), min(a.End, s.BEnd)
		for i := lo; i < hi; {
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return true
			}
			i += size
		}
	}
	return false
}

// matchPolNeAR scores one article into rep and says which attributions
// (by index in r.Attributions) and which produced quotes were matched.
func matchPolNeAR(rep *QuoteReport, r polnearRecord, d *doc.Document) (goldMatched, producedMatched map[int]bool) {
	type gq struct {
		toks   map[int]bool
		source []polnearSpan
		attr   int
	}
	var gold []gq
	for k, a := range r.Attributions {
		if len(a.Content) == 0 {
			continue
		}
		gold = append(gold, gq{offsetTokens(r.Text, a.Content), a.Source, k})
	}
	prod := make([]map[int]bool, len(d.Quotes))
	for i, q := range d.Quotes {
		prod[i] = map[int]bool{}
		// PolNeAR's content is the whole reported clause, so a partial
		// quote is compared by its clause.
		spans := q.Content
		if len(q.Clause) > 0 {
			spans = q.Clause
		}
		for _, s := range spans {
			addOffsetTokens(prod[i], r.Text, s.Start, s.End)
		}
	}
	rep.Gold += len(gold)
	rep.Produced += len(prod)
	type pair struct{ p, g, inter, union int }
	var pairs []pair
	for i := range prod {
		for j := range gold {
			inter, union := jaccard(prod[i], gold[j].toks)
			if union > 0 && atLeast(inter, union, 3, 5) {
				pairs = append(pairs, pair{i, j, inter, union})
			}
		}
	}
	// Falling Jaccard (compared exactly as fractions), then text order.
	slices.SortStableFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(b.inter*a.union, a.inter*b.union); c != 0 {
			return c
		}
		if c := cmp.Compare(a.g, b.g); c != 0 {
			return c
		}
		return cmp.Compare(a.p, b.p)
	})
	usedP, usedG := map[int]bool{}, map[int]bool{}
	goldMatched = map[int]bool{}
	for _, pr := range pairs {
		if usedP[pr.p] || usedG[pr.g] {
			continue
		}
		usedP[pr.p], usedG[pr.g] = true, true
		goldMatched[gold[pr.g].attr] = true
		rep.Matched++
		if pr.inter == pr.union {
			rep.MatchedExact++
		}
		if speakerRight(r.Text, d, &d.Quotes[pr.p], gold[pr.g].source) {
			rep.SpeakersRight++
		}
	}
	return goldMatched, usedP
}

// speakerRight applies the speaker rule to a matched pair.
func speakerRight(text string, d *doc.Document, q *doc.Quote, source []polnearSpan) bool {
	ent, ment := q.Speaker, q.SpeakerMention
	if len(q.Via) > 0 {
		ent, ment = q.Via[len(q.Via)-1], -1
	}
	if len(source) == 0 {
		return ent < 0 && ment < 0
	}
	if ment >= 0 && ment < len(d.Mentions) && sharesToken(text, d.Mentions[ment].Span, source) {
		return true
	}
	if ent >= 0 && ent < len(d.Entities) {
		for _, mi := range d.Entities[ent].Mentions {
			if mi >= 0 && mi < len(d.Mentions) && sharesToken(text, d.Mentions[mi].Span, source) {
				return true
			}
		}
	}
	return false
}

// WriteTable prints the report as a table.
func (r QuoteReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "metric\tvalue\tcounts\n")
	fmt.Fprintf(tw, "content_f1\t%.3f\t%d matched, %d produced, %d gold (P %.3f, R %.3f)\n", r.ContentF1, r.Matched, r.Produced, r.Gold, r.ContentPrecision, r.ContentRecall)
	fmt.Fprintf(tw, "content_f1_exact\t%.3f\t%d matched exactly\n", r.ContentF1Exact, r.MatchedExact)
	fmt.Fprintf(tw, "speaker_accuracy\t%.3f\t%d/%d\n", r.SpeakerAccuracy, r.SpeakersRight, r.Matched)
	fmt.Fprintf(tw, "end_to_end_f1\t%.3f\t%d right end to end\n", r.EndToEndF1, r.SpeakersRight)
	fmt.Fprintf(tw, "articles\t%d\t\n", r.Articles)
	return tw.Flush()
}

// QuoteCueExamples makes training examples for the quote stage's learned
// cue model from a PolNeAR split: every candidate verb of every primary
// article, positive when the content it would report matches a gold
// attribution's content by the scoring rule (token Jaccard >= 0.6).
// process runs the stages before the quote stage.
func QuoteCueExamples(ctx context.Context, dir, split string, process func(context.Context, *doc.Document) error, st *quote.Stage, progress func(done, total int)) ([]quote.Example, error) {
	recs, err := ReadPolNeAR(dir, split)
	if err != nil {
		return nil, err
	}
	var out []quote.Example
	for i, r := range recs {
		d := PolNeARDocument(r)
		if err := process(ctx, d); err != nil {
			return nil, fmt.Errorf("polnear %s: %w", r.ID, err)
		}
		cands, err := st.Candidates(d)
		if err != nil {
			return nil, err
		}
		var gold []map[int]bool
		for _, a := range r.Attributions {
			if len(a.Content) > 0 {
				gold = append(gold, offsetTokens(r.Text, a.Content))
			}
		}
		for _, c := range cands {
			toks := map[int]bool{}
			addOffsetTokens(toks, r.Text, c.Content.Start, c.Content.End)
			pos := false
			for _, g := range gold {
				if inter, union := jaccard(toks, g); union > 0 && atLeast(inter, union, 3, 5) {
					pos = true
					break
				}
			}
			out = append(out, quote.Example{Features: c.Features, Positive: pos})
		}
		if progress != nil {
			progress(i+1, len(recs))
		}
	}
	return out, nil
}
