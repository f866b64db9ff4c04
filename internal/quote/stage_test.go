package quote_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/quote"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"github.com/dyad-events/dyad/internal/text"
)

var resources = sync.OnceValues(func() (*entity.Resources, error) {
	return entity.LoadResources(text.New().Words)
})

func analyse(tb testing.TB, body string) *doc.Document {
	tb.Helper()
	st := entity.New(resources)
	return testkit.Analyse(tb, body, time.Date(2023, 11, 5, 12, 0, 0, 0, time.UTC), st, quote.New())
}

// speakerName is the speaker's canonical name, else its mention's text.
func speakerName(d *doc.Document, q doc.Quote) string {
	switch {
	case q.Speaker >= 0:
		return d.Entities[q.Speaker].Canonical
	case q.SpeakerMention >= 0:
		return d.Mentions[q.SpeakerMention].Text
	}
	return ""
}

func TestQuotes(t *testing.T) {
	type want struct {
		kind, text, speaker, cue, via string
	}
	cases := []struct {
		name string
		body string
		want []want
	}{
		{"direct after", "“We will not negotiate under pressure,” Hakan Fidan said on Sunday.",
			[]want{{"direct", "We will not negotiate under pressure,", "Hakan Fidan", "said", ""}}},
		{"direct, inverted speaker", "“The distraction gets you off message a little,” said Republican party boss Reince Priebus.",
			[]want{{"direct", "The distraction gets you off message a little,", "Republican party boss", "said", ""}}},
		{"split around its cue", "“We stand ready,” the minister tweeted, “to provide all the help that is needed.”",
			[]want{{"direct", "We stand ready, to provide all the help that is needed.", "minister", "tweeted", ""}}},
		{"partial inside reported speech", "Iran's defence minister said that the United States would “be hit hard” if it did not act, he was quoted as saying by Tasnim news agency.",
			[]want{{"partial", "be hit hard", "", "said", "Tasnim News Agency"}}},
		{"pronoun speaker", "Recep Tayyip Erdogan spoke in Rize on Sunday. “I will go to Ayder tomorrow,” he said.",
			[]want{{"direct", "I will go to Ayder tomorrow,", "Recep Tayyip Erdoğan", "said", ""}}},
		{"indirect with that", "The ministry said that the talks would resume in Geneva next week.",
			[]want{{"indirect", "that the talks would resume in Geneva next week", "ministry", "said", ""}}},
		{"a writer's relative clause after the report", "Patrick predicted that Cruz would win Texas, which votes on March 1.",
			[]want{{"indirect", "that Cruz would win Texas", "Patrick", "predicted", ""}}},
		{"a partial quote in a clause of its own is not the rest of a split quote", "“We had written two dozen songs,” Kiedis said, mentioning that the album is “in the home stretch.”",
			[]want{{"direct", "We had written two dozen songs,", "Kiedis", "said", ""}, {"partial", "in the home stretch.", "Kiedis", "mentioning", ""}}},
		{"a name and its apposition between quote and cue", "“Ted Cruz is not my favorite by any means,” Graham, a former candidate, told CBS News on Super Tuesday, when a dozen states held contests to choose party nominees.",
			[]want{{"direct", "Ted Cruz is not my favorite by any means,", "Graham", "told", ""}}},
		{"an inverted speaker the parser hung elsewhere", "“Skateboarding is a political act,” said Ms. Gil, whose family moved to Washington Heights in 2009.",
			[]want{{"direct", "Skateboarding is a political act,", "Gil", "said", ""}}},
		{"any verb before a colon", "Trump boomed: “Let’s defeat her in November.”",
			[]want{{"direct", "Let’s defeat her in November.", "Trump", "boomed", ""}}},
		{"a participle's speaker is the main clause's subject", "Fiorina was upfront about her distaste for Donald Trump, the current GOP front-runner, saying conservatives need to band together to stop him.",
			[]want{{"indirect", "conservatives need to band together to stop him", "Fiorina", "saying", ""}}},
		{"a verb for quotations in marks only", "Support for the plan continues to grow among voters. “We will not stop here,” the minister continued.",
			[]want{{"direct", "We will not stop here,", "minister", "continued", ""}}},
		{"a stance the learned model knows", "Most Republican voters prefer a candidate with experience in government.",
			[]want{{"indirect", "a candidate with experience in government", "voters", "prefer", ""}}},
		{"a deed is not a report", "The company built a new factory in Ohio.", nil},
		{"a quotation whose speaker is nowhere is kept without one", "The rally ended late. “We will take this fight to every state in the country.”",
			[]want{{"direct", "We will take this fight to every state in the country.", "", "", ""}}},
		{"a stance taken", "The ministry declined to comment on the report.",
			[]want{{"indirect", "to comment on the report", "ministry", "declined", ""}}},
		{"opening mark typed as a closing one", "”This is why the group has to be destroyed,” said John Krystek.",
			[]want{{"direct", "This is why the group has to be destroyed,", "John Krystek", "said", ""}}},
		{"curly opening, straight closing", "“Most of the guns come from out of state. They come from Vermont,\" Clinton said.",
			[]want{{"direct", "Most of the guns come from out of state. They come from Vermont,", "Clinton", "said", ""}}},
		{"according to", "According to the United Nations, more than a million people have fled the fighting.",
			[]want{{"indirect", "more than a million people have fled the fighting", "United Nations", "According to", ""}}},
		{"parenthetical cue", "The ceasefire, the spokesman said, will hold until the end of the month.",
			[]want{{"indirect", "The ceasefire will hold until the end of the month", "spokesman", "said", ""}}},
		{"heading is not a quote", "‘Urgent ceasefire’\n\nThe talks went on for hours.", nil},
		{"scare quote is not a quote", "The so-called “experts” met again on Monday.", nil},
		{"signed quotation", "“He is obsessed with the border and nothing else.” ― Esther Tapia", []want{{"direct", "He is obsessed with the border and nothing else.", "Esther Tapia", "―", ""}}},
		{"transcript line", "WALLACE: Let us start with the news of the day.\n\nPENCE: Well, the governor will not be attending the debate tomorrow night.",
			[]want{
				{"direct", "Let us start with the news of the day", "WALLACE", ":", ""},
				{"direct", "Well, the governor will not be attending the debate tomorrow night", "PENCE", ":", ""},
			}},
		{"quote continues across paragraphs", "“The first part of the statement runs here,” she said. “And the second part runs on.\n\n“The last part closes it.”",
			[]want{{"direct", "The first part of the statement runs here, And the second part runs on. The last part closes it.", "she", "said", ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := analyse(t, c.body)
			var got []want
			for _, q := range d.Quotes {
				via := ""
				if len(q.Via) > 0 {
					via = d.Entities[q.Via[len(q.Via)-1]].Canonical
				}
				got = append(got, want{q.Kind, q.Text, speakerName(d, q), d.Text(q.Cue), via})
				for _, s := range q.Content {
					if !s.Valid(len(d.Article.Body)) {
						t.Errorf("content span %v outside the body", s)
					}
				}
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					speakerOK := w.speaker == "" || g.speaker == w.speaker
					if g.kind == w.kind && g.text == w.text && speakerOK && g.cue == w.cue && g.via == w.via {
						found = true
					}
				}
				if !found {
					t.Errorf("want %+v\n got %+v", w, got)
				}
			}
			if len(c.want) == 0 && len(got) > 0 {
				t.Errorf("want no quotes, got %+v", got)
			}
		})
	}
}

// TestPartialClause checks that a partial quote keeps the clause it
// stands in, for corpora that annotate the whole report.
func TestPartialClause(t *testing.T) {
	d := analyse(t, "The president told voters this weekend he would consider it a \"personal insult\" if they did not vote.")
	if len(d.Quotes) != 1 {
		t.Fatalf("got %d quotes, want 1", len(d.Quotes))
	}
	q := d.Quotes[0]
	if q.Kind != doc.QuotePartial || q.Text != "personal insult" || len(q.Clause) != 1 {
		t.Fatalf("quote %+v", q)
	}
	if got := d.Text(q.Clause[0]); got != `he would consider it a "personal insult" if they did not vote` {
		t.Errorf("clause %q", got)
	}
}

// TestSeedQuotes runs the worked example: every quotation in marks is
// found and attributed, and the heading is not a quote.
func TestSeedQuotes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(shared.Dir(t, "acceptance", "seed"), "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	d := analyse(t, string(b))
	wantSpeakers := map[string]string{
		"be hit hard":                  "IRN defence minister",
		"working behind the scenes":    "Recep Tayyip Erdoğan",
		"urban transformation":         "Recep Tayyip Erdoğan",
		"I will go to Ayder tomorrow,": "Recep Tayyip Erdoğan",
	}
	for _, q := range d.Quotes {
		if strings.Contains(q.Text, "Urgent ceasefire") {
			t.Errorf("the heading was reported as a quote: %+v", q)
		}
		if w, ok := wantSpeakers[q.Text]; ok {
			if got := speakerName(d, q); got != w {
				t.Errorf("%q: speaker %q, want %q", q.Text, got, w)
			}
			delete(wantSpeakers, q.Text)
		}
	}
	for text := range wantSpeakers {
		t.Errorf("quote %q not found", text)
	}
	// Entities' mentions stay in text order after the stage adds some.
	for _, e := range d.Entities {
		if !slices.IsSortedFunc(e.Mentions, func(a, b int) int { return d.Mentions[a].Span.Start - d.Mentions[b].Span.Start }) {
			t.Errorf("entity %q: mentions out of order", e.Canonical)
		}
	}
}

func BenchmarkStage(b *testing.B) {
	var docs []*doc.Document
	st := entity.New(resources)
	for _, body := range testkit.ExampleBodies(b) {
		docs = append(docs, testkit.Analyse(b, body, time.Time{}, st))
	}
	qs := quote.New()
	ctx := context.Background()
	tokens := 0
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			c := *d
			c.Mentions = slices.Clone(d.Mentions)
			c.Entities = slices.Clone(d.Entities)
			c.Quotes = nil
			if err := qs.Process(ctx, &c); err != nil {
				b.Fatal(err)
			}
			tokens += len(d.Tokens)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}
