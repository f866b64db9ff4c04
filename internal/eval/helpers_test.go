package eval

import (
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

// seedDir returns ../shared/acceptance/seed beside the module, or skips.
func seedDir(t testing.TB) string {
	t.Helper()
	shared.Dir(t, "acceptance", "seed", "gold.json")
	return shared.Dir(t, "acceptance", "seed")
}

// loadSynth loads testdata/synth, a fresh copy each time so a test may
// change its gold.
func loadSynth(t testing.TB) *GoldCase {
	t.Helper()
	gc, err := LoadGold(filepath.Join("testdata", "synth"))
	if err != nil {
		t.Fatal(err)
	}
	return gc
}

// build makes a doc.Document by hand. Spans are found with strings.Index,
// independently of the code under test.
type build struct {
	t    testing.TB
	body string
	d    *doc.Document
}

func newBuild(t testing.TB, gc *GoldCase) *build {
	return &build{t: t, body: gc.Text, d: doc.NewDocument(doc.Article{Body: gc.Text})}
}

// at is the span of the n-th (0-based) occurrence of s in the body.
func (b *build) at(s string, n int) doc.Span {
	b.t.Helper()
	off := 0
	for k := 0; ; k++ {
		i := strings.Index(b.body[off:], s)
		if i < 0 {
			b.t.Fatalf("occurrence %d of %q not in the body", n, s)
		}
		if k == n {
			return doc.Span{Start: off + i, End: off + i + len(s)}
		}
		off += i + len(s)
	}
}

// runes is the span of the given number of runes starting at the n-th
// occurrence of s.
func (b *build) runes(s string, n, count int) doc.Span {
	b.t.Helper()
	sp := b.at(s, n)
	end := sp.Start
	for range count {
		_, size := utf8.DecodeRuneInString(b.body[end:])
		end += size
	}
	return doc.Span{Start: sp.Start, End: end}
}

func (b *build) entity(canonical, actor string) int {
	b.d.Entities = append(b.d.Entities, doc.Entity{Canonical: canonical, Actor: actor, Place: -1})
	return len(b.d.Entities) - 1
}

// mention adds a name mention, linked to entity (or -1).
func (b *build) mention(sp doc.Span, entity int, actor string) int {
	return b.mentionKind(sp, entity, actor, "name")
}

func (b *build) mentionKind(sp doc.Span, entity int, actor, kind string) int {
	b.d.Mentions = append(b.d.Mentions, doc.Mention{Span: sp, Text: sp.Text(b.body), Kind: kind, Entity: entity, Actor: actor})
	i := len(b.d.Mentions) - 1
	if entity >= 0 {
		b.d.Entities[entity].Mentions = append(b.d.Entities[entity].Mentions, i)
	}
	return i
}

func (b *build) place(name string, lat, lon float64, resolved bool, spans ...doc.Span) int {
	b.d.Places = append(b.d.Places, doc.Place{Name: name, Lat: lat, Lon: lon, Resolved: resolved, Mentions: spans})
	return len(b.d.Places) - 1
}

func (b *build) timex(sp doc.Span, value, start string) {
	b.d.Times = append(b.d.Times, doc.Timex{Span: sp, Text: sp.Text(b.body), Value: value, Start: start})
}

func (b *build) quote(text string, speaker int) int {
	b.d.Quotes = append(b.d.Quotes, doc.Quote{Kind: doc.QuoteDirect, Text: text, Speaker: speaker, SpeakerMention: -1})
	return len(b.d.Quotes) - 1
}

// ev is a produced event with no place, time or quote.
func ev(src, tgt, code string) doc.Event {
	return doc.Event{Code: code, Source: doc.Actor{Code: src, Entity: -1}, Target: doc.Actor{Code: tgt, Entity: -1},
		Time: -1, Place: -1, Quote: -1}
}

func (b *build) event(e doc.Event) { b.d.Events = append(b.d.Events, e) }

// allAt returns every occurrence of s, overlapping ones included, with no
// word-boundary check: a superset of what the scorer locates, which a
// perfect output may cover without harm.
func allAt(body, s string) []doc.Span {
	var out []doc.Span
	for off := 0; ; {
		i := strings.Index(body[off:], s)
		if i < 0 {
			return out
		}
		out = append(out, doc.Span{Start: off + i, End: off + i + len(s)})
		off += i + 1
	}
}

// perfect builds the output a flawless pipeline would give for gc, from
// the gold itself: mentions at every occurrence of every mention string
// with the gold actor, places at the gold coordinates, time expressions
// with the gold values, the gold quotes with their speakers, and one event
// per gold event.
func perfect(t testing.TB, gc *GoldCase) *doc.Document {
	t.Helper()
	b := newBuild(t, gc)
	g := &gc.Gold
	for _, ge := range g.Entities {
		e := b.entity(ge.Canonical, ge.Actor)
		b.d.Entities[e].Type = ge.Type
		for _, m := range ge.Mentions {
			for _, sp := range allAt(b.body, m) {
				b.mention(sp, e, "")
			}
		}
	}
	for _, gp := range g.Places {
		var spans []doc.Span
		for _, n := range append([]string{gp.Name}, gp.Mentions...) {
			spans = append(spans, allAt(b.body, n)...)
		}
		b.place(gp.Name, gp.Lat, gp.Lon, true, spans...)
	}
	for _, gd := range g.Dates {
		for _, sp := range allAt(b.body, gd.Text) {
			b.timex(sp, gd.ResolvesTo, "")
		}
	}
	for _, gq := range g.Quotes {
		sp := -1
		for i, ge := range g.Entities {
			if ge.Canonical == gq.Speaker {
				sp = i
			}
		}
		if sp < 0 { // a described speaker, not a gold entity
			sp = b.entity(gq.Speaker, "")
		}
		b.quote(gq.Text, sp)
	}
	side := func(c string) string {
		if c == "*" {
			return ""
		}
		return c
	}
	for _, ge := range g.Events {
		e := ev(side(ge.Source), side(ge.Target), ge.Roots[0]+"0")
		e.Root = ge.Roots[0]
		e.Date, e.Modality = ge.Date, ge.Modality
		for i, gp := range g.Places {
			if gp.Name == ge.Place {
				e.Place = i
			}
		}
		b.event(e)
	}
	return b.d
}
