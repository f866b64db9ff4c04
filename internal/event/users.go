package event

import (
	"fmt"
	"strconv"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/petrarch"
)

// Users are an event-data team's own TABARI/PETRARCH dictionaries, run by
// the event stage over dyad's parses beside dyad's own (or, with Only,
// instead of them).
type Users struct {
	Coder *petrarch.Coder
	// Only drops dyad's own events and actor codes: the users'
	// dictionaries alone code the document.
	Only bool
	// Name is recorded as each event's Dictionary: the verb file.
	Name string
}

// WithUsers returns a stage that also codes with u.
func (s *Stage) WithUsers(u *Users) *Stage {
	c := *s
	c.users = u
	return &c
}

// userEvents codes every sentence with the users' dictionaries. An event
// they code on a verb replaces any dyad coded there; a sentence their
// discards reject is recorded as a Problem.
func (c *coder) userEvents(u *Users) {
	if u.Only {
		c.d.Events = nil
	}
	date := 0
	if p := c.d.Article.Published; !p.IsZero() {
		date, _ = strconv.Atoi(p.Format("20060102"))
	}
	sents := petrarch.DocSentences(c.d)
	for si, s := range c.d.Sentences {
		toks := sents[si]
		// dyad's own actor codes, where the users' actors name nothing.
		known := make([]string, 0, len(toks))
		for i := s.FirstToken; i < s.EndToken; i++ {
			code := ""
			if m := c.mentionAt[i]; m >= 0 && !u.Only {
				code = c.d.Mentions[m].Actor
			}
			known = append(known, code)
		}
		res := u.Coder.Code(petrarch.Sentence{Tokens: toks, Date: date, Known: known})
		if res.Err != nil {
			c.d.Problems = append(c.d.Problems, doc.Problem{Stage: "event", Span: s.Span,
				Message: "sentence not coded with " + u.Name + ": " + res.Err.Error()})
			continue
		}
		if res.Discard != nil {
			c.d.Problems = append(c.d.Problems, doc.Problem{Stage: "event", Span: s.Span,
				Message: fmt.Sprintf("sentence discarded by %q (%s:%d)", res.Discard.Text, res.Discard.File, res.Discard.Line)})
			continue
		}
		var cues []doc.Span
		for _, e := range res.Events {
			v := s.FirstToken + e.Verb
			ev, ok := c.userEvent(u, si, v, e, s.FirstToken)
			if !ok {
				continue
			}
			c.d.Events = append(c.d.Events, ev)
			cues = append(cues, ev.Cue)
		}
		if len(cues) > 0 && !u.Only {
			keep := c.d.Events[:0]
			for _, ev := range c.d.Events {
				if ev.Dictionary == "" && ev.Sentence == si && containsSpan(cues, ev.Cue) {
					continue
				}
				keep = append(keep, ev)
			}
			c.d.Events = keep
		}
	}
}

func containsSpan(l []doc.Span, s doc.Span) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// userEvent turns an event the users' dictionaries coded into dyad's
// form, with the date, place and modality dyad finds for its verb.
func (c *coder) userEvent(u *Users, si, v int, e petrarch.Event, first int) (doc.Event, bool) {
	cb, ok := c.res.Codebook[e.Code]
	if !ok {
		// A code outside CAMEO has no Goldstein value or quad class; it
		// is kept, with the reason, rather than dropped.
		cb = Code{Code: e.Code, Root: e.Code[:min(2, len(e.Code))]}
		c.d.Problems = append(c.d.Problems, doc.Problem{Stage: "event", Span: c.d.Tokens[v].Span,
			Message: fmt.Sprintf("code %s (from %s) is not in the CAMEO codebook: no Goldstein value or quad class", e.Code, u.Name)})
	}
	var quote *doc.Quote
	qi := c.quoteAt[v]
	if qi >= 0 {
		quote = &c.d.Quotes[qi]
	}
	modality := c.modality(v, quote)
	if e.Recoded && modality == doc.ModalityNegated {
		modality = doc.ModalityAsserted // the code already says "not"
	}
	side := func(code string, tok int) doc.Actor {
		a := doc.Actor{Code: code, Entity: -1}
		if code == "---" {
			a.Code = ""
		}
		if tok < 0 {
			return a
		}
		t := first + tok
		a.Mention = c.d.Tokens[t].Span
		a.Name = c.text(t)
		if m := c.mentionAt[t]; m >= 0 {
			a.Mention, a.Name, a.Entity = c.d.Mentions[m].Span, c.d.Mentions[m].Text, c.d.Mentions[m].Entity
		}
		return a
	}
	date, timex := c.date(v)
	from, to := c.subtree(v)
	return doc.Event{
		Code: cb.Code, Root: cb.Root, QuadClass: cb.QuadClass, Goldstein: cb.Goldstein,
		Source: side(e.Source, e.SourceTok), Target: side(e.Target, e.TargetTok),
		Date: date, Time: timex, Place: c.place(v, -1), Modality: modality, Quote: qi,
		Sentence: si, Span: doc.Span{Start: c.d.Tokens[from].Span.Start, End: c.d.Tokens[to-1].Span.End},
		Cue: c.d.Tokens[v].Span, Confidence: 0.7, MentionCount: 1,
		Issues: e.Issues, Dictionary: u.Name,
	}, true
}
