package event_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/event"
	"github.com/dyad-events/dyad/internal/geo"
	"github.com/dyad-events/dyad/internal/quote"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/text"
	"github.com/dyad-events/dyad/internal/timex"
)

var (
	entities = sync.OnceValues(func() (*entity.Resources, error) { return entity.LoadResources(text.New().Words) })
	places   = sync.OnceValues(geo.Load)
	events   = sync.OnceValues(event.LoadResources)
)

// sunday is the publication time of the test articles: Sunday 5
// November 2023.
var sunday = time.Date(2023, 11, 5, 12, 0, 0, 0, time.UTC)

func analyse(tb testing.TB, body string) *doc.Document {
	tb.Helper()
	return testkit.Analyse(tb, body, sunday, entity.New(entities), quote.New(), geo.New(places), timex.New(), event.New(events))
}

// describe is an event in one line: source, root, target, modality, date
// and place.
func describe(d *doc.Document, e doc.Event) string {
	place := ""
	if e.Place >= 0 {
		place = d.Places[e.Place].Name
	}
	return fmt.Sprintf("%s %s %s %s %s %s", e.Source.Code, e.Root, e.Target.Code, e.Modality, e.Date, place)
}

func TestEvents(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string // describe() prefixes, in any order
		not  []string // prefixes that must not appear
	}{
		{"meeting with place and date", "Iranian President Ebrahim Raisi met Turkish President Recep Tayyip Erdogan in Ankara on Saturday.",
			[]string{"IRNGOV 04 TURGOV asserted 2023-11-04 Ankara"}, nil},
		{"passive with by-agent, one-sided", "The attack was condemned by the United Nations on Sunday.",
			[]string{"IGOUNO 11  asserted 2023-11-05"}, nil},
		{"condemnation", "Egypt condemned Israel on Sunday.",
			[]string{"EGY 11 ISR asserted 2023-11-05"}, nil},
		{"negated", "Iran did not meet the United States.",
			[]string{"IRN 04 USA negated"}, nil},
		{"future", "The Turkish foreign minister will visit Egypt tomorrow.",
			[]string{"TURGOV 04 EGY future 2023-11-06"}, nil},
		{"coordinated modifiers give two events", "Turkish Foreign Minister Hakan Fidan discussed the war with his Egyptian and Jordanian counterparts on Sunday.",
			[]string{"TURGOV 04 EGY asserted 2023-11-05", "TURGOV 04 JOR asserted 2023-11-05"}, nil},
		{"event named by a noun, its agent the target of the condemnation", "Iran condemned Turkey's arrest of the Iranian ambassador.",
			[]string{"TUR 17 IRNGOV", "IRN 11 TUR"}, []string{"IRN 11 IRNGOV"}},
		{"a statement holding a specific event is that event", "Germany announced new restrictions on Iran.",
			[]string{"DEU 17 IRN"}, []string{"DEU 01"}},
		{"a place's adjective is not an actor", "Erdogan said he would be visiting the Turkish village of Ayder.",
			nil, []string{"TURGOV 04 TUR"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := analyse(t, c.body)
			var got []string
			for _, e := range d.Events {
				got = append(got, describe(d, e))
				if e.Sentence < 0 || e.Sentence >= len(d.Sentences) || !e.Span.Valid(len(d.Article.Body)) || !e.Cue.Valid(len(d.Article.Body)) {
					t.Errorf("event %+v: sentence or spans out of range", e)
				}
				if e.QuadClass < 1 || e.QuadClass > 4 || e.Root != e.Code[:2] {
					t.Errorf("event %+v: root or quad class wrong", e)
				}
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, w)
				}
				if !found {
					t.Errorf("want %q, got %q", w, got)
				}
			}
			for _, n := range c.not {
				for _, g := range got {
					if strings.HasPrefix(g, n) {
						t.Errorf("got %q, which should not be there", g)
					}
				}
			}
		})
	}
}

// TestConditionalThreat: a harm foreseen "if" in reported speech is the
// speaker's conditional threat.
func TestConditionalThreat(t *testing.T) {
	d := analyse(t, "Iranian defence minister Mohammad-Reza Ashtiani said that the United States would “be hit hard” if Washington did not implement a ceasefire in Gaza.")
	for _, e := range d.Events {
		if e.Root == "13" && strings.HasPrefix(e.Source.Code, "IRN") && strings.HasPrefix(e.Target.Code, "USA") {
			if e.Modality != doc.ModalityConditional {
				t.Errorf("threat modality %q, want conditional", e.Modality)
			}
			return
		}
	}
	var got []string
	for _, e := range d.Events {
		got = append(got, describe(d, e))
	}
	t.Errorf("no IRN threat against USA; got %q", got)
}

// TestMerge: one article stating an event twice gives one event with two
// mentions.
func TestMerge(t *testing.T) {
	d := analyse(t, "Egypt condemned Israel on Sunday. On Sunday Egypt again condemned Israel.")
	n := 0
	for _, e := range d.Events {
		if e.Root == "11" && e.Source.Code == "EGY" && strings.HasPrefix(e.Target.Code, "ISR") {
			n++
			if e.MentionCount != 2 {
				t.Errorf("mention count %d, want 2", e.MentionCount)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d EGY-ISR condemnations, want 1", n)
	}
}

func TestDictionaryErrors(t *testing.T) {
	cb, err := event.LoadResources()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"999\tmeet\n", "040 meet\n", "040\tmeet ?x\n"} {
		if _, err := event.ReadDictionary(strings.NewReader(bad), "test.txt", cb.Codebook); err == nil || !strings.Contains(err.Error(), "test.txt:1") {
			t.Errorf("%q: error %v, want one naming test.txt:1", bad, err)
		}
	}
	d, err := event.ReadDictionary(strings.NewReader("040\tmeet\n040\tmeet >with\n# c\n"), "test.txt", cb.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	if ps := d.Patterns("meet"); len(ps) != 2 || ps[0].Prep != "with" {
		t.Errorf("patterns %+v: want the more specific first", ps)
	}
}

// BenchmarkStage measures event coding alone on the Wikinews examples,
// after every earlier stage (which is not timed).
func BenchmarkStage(b *testing.B) {
	var docs []*doc.Document
	for _, body := range testkit.ExampleBodies(b) {
		docs = append(docs, testkit.Analyse(b, body, sunday, entity.New(entities), quote.New(), geo.New(places), timex.New()))
	}
	st := event.New(events)
	ctx := context.Background()
	tokens := 0
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			c := *d
			c.Events, c.Problems = nil, slices.Clone(d.Problems)
			if err := st.Process(ctx, &c); err != nil {
				b.Fatal(err)
			}
			tokens += len(d.Tokens)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}
