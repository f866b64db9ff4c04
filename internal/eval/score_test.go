package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

// synthTotals are the denominators every output gets from
// testdata/synth/gold.json: 6 entities, 4 places, 4 dates, 4 quotes, 4
// required events (of 5), and 6 event attributes (V1 place+date, V2
// modality, V3 date, V4 place+modality).
func synthTotals(f func(c *Counts)) Counts {
	c := Counts{Entities: 6, PlacesTotal: 4, DatesTotal: 4, QuotesGold: 4, EventsRequired: 4, AttributesTotal: 6}
	if f != nil {
		f(&c)
	}
	return c
}

// item returns the detail with the given id, or fails.
func item(t *testing.T, items []Item, id string) Item {
	t.Helper()
	for _, it := range items {
		if it.ID == id || strings.HasPrefix(it.ID, id+" ") {
			return it
		}
	}
	t.Fatalf("no detail %q in %+v", id, items)
	return Item{}
}

// checkItem fails unless the detail id has the given verdict and its
// reason contains want.
func checkItem(t *testing.T, items []Item, id string, ok bool, want string) {
	t.Helper()
	it := item(t, items, id)
	if it.OK != ok || !strings.Contains(it.Reason, want) {
		t.Errorf("%s: ok=%v reason %q; want ok=%v and reason containing %q", id, it.OK, it.Reason, ok, want)
	}
}

// The scenarios run hand-made outputs against testdata/synth. Each comment
// works the score out by hand; the body text is in
// testdata/synth/article.txt.
var scoreTests = []struct {
	name  string
	gold  func(g *Gold) // optional change to the gold
	build func(b *build)
	want  Counts
	check func(t *testing.T, det Details)
}{
	{
		name: "empty output",
		// Nothing produced: every denominator of gold, every numerator 0.
		build: func(b *build) {},
		want:  synthTotals(nil),
	},
	{
		name: "entities",
		build: func(b *build) {
			// Kari Lunde: mention exactly at "Kari Lunde" with no actor of
			// its own; its entity's NORGOV is the full gold code: strict.
			lunde := b.entity("Kari Lunde", "NORGOV")
			b.mention(b.at("Kari Lunde", 0), lunde, "")
			// A long mention does not find Norway: "Norway" is 6 of its
			// 38 characters.
			b.mention(b.at("Norway’s fisheries minister Kari Lunde", 0), -1, "NOR")
			// Norway: "Norway’s fis" is 12 characters (14 bytes), "Norway"
			// 6 of them: Jaccard exactly 0.5 in characters passes (it
			// would be 6/14 in bytes). NOR is the full code: strict.
			b.mention(b.runes("Norway", 0, 12), -1, "NOR")
			// Iceland: right span, ISLGOV has the principal ISL but is not
			// the full code ISL: found, not strict.
			b.mention(b.at("Iceland", 0), -1, "ISLGOV")
			// Tomas Berg: IGOWTO shares IGO but an IGO code's principal
			// part is six letters: not found.
			b.mention(b.at("Tomas Berg", 0), -1, "IGOWTO")
			// Coast guard: "Icelandic coast guard" is 21 of the 25
			// characters of "the Icelandic coast guard" (0.84) and
			// ISLGOV is an actor_alternative: strict.
			b.mention(b.at("Icelandic coast guard", 0), -1, "ISLGOV")
			// Ministry: "the ministry" is 12 of the 26 characters of
			// "Tuesday, the ministry said": 0.46 < 0.5, not found.
			b.mention(b.at("Tuesday, the ministry said", 0), -1, "NORGOV")
		},
		// Found: Lunde, Norway, Iceland, coast guard = 4; strict: 3.
		want: synthTotals(func(c *Counts) { c.EntitiesFound, c.EntitiesStrict = 4, 3 }),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Entities, "Kari Lunde", true, "strict")
			checkItem(t, det.Entities, "Norway", true, "strict")
			checkItem(t, det.Entities, "Iceland", true, "principal only")
			checkItem(t, det.Entities, "Icelandic Coast Guard", true, "strict")
			checkItem(t, det.Entities, "Tomas Berg", false, `"IGOWTO"`)
			checkItem(t, det.Entities, "Norwegian Fisheries Ministry", false, "12/26")
		},
	},
	{
		name: "places within and outside the radius",
		build: func(b *build) {
			// Tromso: 0.25° north, 28 km < 50: correct.
			b.place("Tromso", 69.90, 18.96, true, b.at("Tromso", 0))
			// Reykjavik: 1.44° east at 64°N, 70 km > 50: wrong.
			b.place("Reykjavik", 64.15, -20.50, true, b.at("Reykjavik", 0))
			// Norway: 1° north, 111 km; feature country gives 150 km:
			// correct.
			b.place("Norway", 63.0, 10.0, true, b.at("Norway", 0))
			// Iceland: 1° south, 111 km; radius_km 120: correct.
			b.place("Iceland", 64.0, -18.0, true, b.at("Iceland", 0))
		},
		want: synthTotals(func(c *Counts) { c.PlacesCorrect = 3 }),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Places, "Tromso", true, "within 50 km")
			checkItem(t, det.Places, "Reykjavik", false, "70 km away")
			checkItem(t, det.Places, "Norway", true, "within 150 km")
			checkItem(t, det.Places, "Iceland", true, "within 120 km")
		},
	},
	{
		name: "places: every produced place, name fallback, unresolved",
		build: func(b *build) {
			// Tromso: two produced places at its mention, one at Bergen,
			// 1207 km off: every place must be within, so wrong.
			b.place("Tromso", 69.65, 18.96, true, b.at("Tromso", 0))
			b.place("Tromso", 60.39, 5.32, true, b.at("Tromso", 0))
			// Reykjavik: no spans, so judged by name, ignoring case:
			// correct.
			b.place("reykjavik", 64.15, -21.94, true)
			// Norway: only an unresolved place: wrong.
			b.place("Norway", 62.0, 10.0, false, b.at("Norway", 1))
			// Iceland: one resolved at the gold point and one unresolved
			// (ignored): correct. The second "Iceland" is inside
			// "Icelandic", not an occurrence, so the far place there does
			// not count against it.
			b.place("Iceland", 65.0, -18.0, true, b.at("Iceland", 0))
			b.place("Iceland", 0, 0, false, b.at("Iceland", 0))
			b.place("Icelandic", 10, 10, true, b.at("Iceland", 1))
			// A place named Iceland but placed by its span at "Oslo" is
			// not one of Iceland's: names count only for places without
			// spans.
			b.place("Iceland", 0, 0, true, b.at("Oslo", 0))
		},
		want: synthTotals(func(c *Counts) { c.PlacesCorrect = 2 }),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Places, "Tromso", false, "1 of 2 resolved place(s) farther than 50 km")
			checkItem(t, det.Places, "Reykjavik", true, "")
			checkItem(t, det.Places, "Norway", false, "no resolved produced place")
			checkItem(t, det.Places, "Iceland", true, "1 resolved place(s)")
		},
	},
	{
		name: "dates",
		build: func(b *build) {
			// "on Tuesday" occurs twice (P1, P2), both right; "On
			// Tuesday" (P5) is not an occurrence (case-sensitive), so its
			// wrong value does not count: correct.
			b.timex(b.at("on Tuesday", 0), "2024-03-12", "")
			b.timex(b.at("on Tuesday", 1), "2024-03-12", "")
			b.timex(b.at("On Tuesday", 0), "2024-03-19", "")
			// "since 2021": a range whose Start is the gold value: correct.
			b.timex(b.at("since 2021", 0), "", "2021")
			// "next week": wrong week.
			b.timex(b.at("next week", 0), "2024-W11", "")
			// "tomorrow": nothing produced.
		},
		want: synthTotals(func(c *Counts) { c.DatesCorrect = 2 }),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Dates, "on Tuesday", true, "2 expression(s)")
			checkItem(t, det.Dates, "since 2021", true, "")
			checkItem(t, det.Dates, "next week", false, `"2024-W11"`)
			checkItem(t, det.Dates, "tomorrow", false, "no time expression")
		},
	},
	{
		name: "dates: one wrong occurrence spoils a repeated date",
		build: func(b *build) {
			// "on Tuesday": second occurrence wrong: the gold item is wrong.
			b.timex(b.at("on Tuesday", 0), "2024-03-12", "")
			b.timex(b.at("on Tuesday", 1), "2024-03-13", "")
			// "since 2021" as a day: no granularity conversion, wrong.
			b.timex(b.at("since 2021", 0), "2021-01-01", "")
			// "tomorrow": right.
			b.timex(b.at("tomorrow", 0), "2024-03-14", "")
			// "next week": a Timex over "week" alone overlaps: right.
			sp := b.at("next week", 0)
			sp.Start += len("next ")
			b.timex(sp, "2024-W12", "")
		},
		want: synthTotals(func(c *Counts) { c.DatesCorrect = 2 }),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Dates, "on Tuesday", false, `"2024-03-13"`)
			checkItem(t, det.Dates, "since 2021", false, `"2021-01-01"`)
		},
	},
	{
		name: "quotes: threshold, not_quotes, optional indirect, speakers",
		build: func(b *build) {
			lunde := b.entity("Kari Lunde", "NORGOV")
			mediator := b.entity("UN mediator", "IGOUNO")
			official := b.entity("senior Norwegian official", "")
			// #0: 6 of Q1's 10 tokens: Jaccard 0.6, a match. Speaker by
			// canonical name: right.
			b.quote("We will not accept any closure", lunde)
			// #1: Q2 exactly; speaker UN mediator is not Kari Lunde by
			// name, mention or code: wrong.
			b.quote("respond firmly", mediator)
			// #2: Q3 (quote marks ignored); speaker "senior Norwegian
			// official" ends with the described "a Norwegian official":
			// right.
			b.quote("“closed to all trawlers”", official)
			// #3: we/are/ready/to, 4 of Q4's 6 tokens: 0.67, a match.
			// Speaker by code: IGOUNO is Tomas Berg's and no other gold
			// entity's: right.
			b.quote("We are ready to", mediator)
			// #4: the heading, a not_quotes string: false positive.
			b.quote("Quiet waters", -1)
			// #5: 12 of the optional indirect quote's 14 tokens: ignored.
			b.quote("the talks had been useful and that he would travel to Reykjavik", -1)
			// #6: the/grounds share 2 of 12 tokens with Q1: false positive.
			b.quote("the grounds are open", -1)
		},
		// Precision 4/(7-1), recall 4/4, speakers 3/4.
		want: synthTotals(func(c *Counts) {
			c.QuotesProduced, c.QuotesMatchedProduced, c.QuotesMatchedGold, c.SpeakersCorrect = 6, 4, 4, 3
		}),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Quotes, "Q1", true, "Jaccard 0.60")
			checkItem(t, det.Speakers, "Q1", true, `name "Kari Lunde"`)
			checkItem(t, det.Speakers, "Q2", false, `does not resolve to "Kari Lunde"`)
			checkItem(t, det.Speakers, "Q3", true, "ends with")
			checkItem(t, det.Speakers, "Q4", true, "actor IGOUNO")
			checkItem(t, det.ProducedQuotes, "#4", false, "not_quotes")
			if it := item(t, det.ProducedQuotes, "#5"); !it.Ignored {
				t.Errorf("#5 not ignored: %+v", it)
			}
			checkItem(t, det.ProducedQuotes, "#6", false, "matches no gold quote")
		},
	},
	{
		name: "quotes: below threshold, greedy one-to-one, pronoun and mention speakers",
		build: func(b *build) {
			pron := b.entity("he", "")
			he := b.at(" he ", 0)
			he.Start, he.End = he.Start+1, he.End-1
			b.mentionKind(he, pron, "", "pronoun")
			minister := b.entity("Minister Lunde", "")
			b.mention(b.at("Lunde", 1), minister, "")
			official := b.entity("official", "")
			// #0: 5 of Q1's 10 tokens: 0.5 < 0.6, false positive.
			b.quote("We will not accept any", -1)
			// #1 matches Q4 at 5/6 but #2 matches it at 1.0 and wins:
			// #1 is a false positive.
			b.quote("We are ready to talk", -1)
			// #2: Q4; speaker is only a pronoun: wrong.
			b.quote("We are ready to talk tomorrow", pron)
			// #3: Q2; speaker's mention "Lunde" is a gold mention of Kari
			// Lunde: right.
			b.quote("respond firmly", minister)
			// #4: Q3; "official" does not end with "Norwegian official".
			b.quote("closed to all trawlers", official)
		},
		// Precision 3/5, recall 3/4, speakers 1/3.
		want: synthTotals(func(c *Counts) {
			c.QuotesProduced, c.QuotesMatchedProduced, c.QuotesMatchedGold, c.SpeakersCorrect = 5, 3, 3, 1
		}),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Quotes, "Q1", false, "closest #0, Jaccard 0.50")
			checkItem(t, det.Quotes, "Q4", true, "produced #2")
			checkItem(t, det.ProducedQuotes, "#1", false, "closest Q4")
			checkItem(t, det.Speakers, "Q4", false, "")
			checkItem(t, det.Speakers, "Q2", true, "mention of")
			checkItem(t, det.Speakers, "Q3", false, "does not name")
		},
	},
	{
		name: "quotes: not_quotes beat a gold match, shared actor code, speaker mention",
		gold: func(g *Gold) { g.NotQuotes = append(g.NotQuotes, "respond firmly") },
		build: func(b *build) {
			lunde := b.entity("Kari Lunde", "NORGOV")
			minister := b.entity("Norwegian minister", "NORGOV")
			// #0: Q2's text, but now a not_quotes string: false positive.
			b.quote("respond firmly", lunde)
			// #1: Q1; NORGOV is both Kari Lunde's and the ministry's, so
			// the code alone does not name her: wrong.
			b.quote("We will not accept any closure of the northern grounds", minister)
			// #2: Q3 with no speaker entity but a speaker mention "a
			// Norwegian official": right.
			q := b.quote("closed to all trawlers", -1)
			b.d.Quotes[q].SpeakerMention = b.mention(b.at("a Norwegian official", 0), -1, "")
			// #3: no Text, so its Content spans joined: "We are ready to
			// talk tomorrow" is Q4. No speaker: wrong.
			q = b.quote("", -1)
			b.d.Quotes[q].Content = []doc.Span{b.at("We are ready", 0), b.at("to talk tomorrow", 0)}
		},
		// Precision 3/4, recall 3/4, speakers 1/3.
		want: synthTotals(func(c *Counts) {
			c.QuotesProduced, c.QuotesMatchedProduced, c.QuotesMatchedGold, c.SpeakersCorrect = 4, 3, 3, 1
		}),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Quotes, "Q4", true, "produced #3 (Jaccard 1.00)")
			checkItem(t, det.Speakers, "Q4", false, "no speaker")
			checkItem(t, det.ProducedQuotes, "#0", false, "not_quotes")
			checkItem(t, det.Speakers, "Q1", false, "shared by 2 gold entities")
			checkItem(t, det.Speakers, "Q3", true, "")
		},
	},
	{
		name: "quotes: an actor code alone names only a person or organisation",
		gold: func(g *Gold) {
			g.Quotes[1].Speaker = "Iceland" // a GPE with a code of its own
			g.Quotes[3].Speaker = "Icelandic Coast Guard"
		},
		build: func(b *build) {
			isl := b.entity("Reykjavik government", "ISL")
			mil := b.entity("Coastguard HQ", "ISLGOV")
			// #0: Q2; ISL is Iceland's alone, but Iceland is a GPE: wrong.
			b.quote("respond firmly", isl)
			// #1: Q4; ISLGOV is the coast guard's alternative and no other
			// gold entity's, and the coast guard is an ORG: right.
			b.quote("We are ready to talk tomorrow", mil)
		},
		want: synthTotals(func(c *Counts) {
			c.QuotesProduced, c.QuotesMatchedProduced, c.QuotesMatchedGold, c.SpeakersCorrect = 2, 2, 2, 1
		}),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Speakers, "Q2", false, `does not resolve to "Iceland"`)
			checkItem(t, det.Speakers, "Q4", true, "actor ISLGOV")
		},
	},
	{
		name: "events and attributes",
		build: func(b *build) {
			// Place 0 has the gold name (no spans, so it also counts as
			// the Tromso place: places 1/4). Place 1 is spelled
			// differently but lies 3 km from gold Reykjavik.
			b.place("Tromso", 69.65, 18.96, true)
			b.place("Reykjavík", 64.13, -21.90, true)
			// #0 IGOUNO->NORGOV 04: V1 swapped (either_direction) and V4
			// (target *). Wrong date, no place.
			e := ev("IGOUNO", "NORGOV", "043")
			e.Root, e.Date = "04", "2024-03-11"
			b.event(e)
			// #1 NORGOV->IGOUNO, root from Code: V1, with its date and
			// place: V1's best event, 2 attributes.
			e = ev("NORGOV", "IGOUNO", "040")
			e.Date, e.Place = "2024-03-12", 0
			b.event(e)
			// #2 NORGOV->ISLGOV 13: V2, modality future != conditional.
			e = ev("NORGOV", "ISLGOV", "138")
			e.Root, e.Modality = "13", doc.ModalityFuture
			b.event(e)
			// #3 ISLGOV->NORGOV 111, negated: V3 (negation counts), date
			// right.
			e = ev("ISLGOV", "NORGOV", "111")
			e.Modality, e.Date = doc.ModalityNegated, "2024-03-12"
			b.event(e)
			// #4 IGOUNO->(none) 04: V4 (target *), modality and place
			// (by radius) right: V4's best event.
			e = ev("IGOUNO", "", "042")
			e.Modality, e.Place = doc.ModalityFuture, 1
			b.event(e)
			// #5 NORGOV->ISLGOV 12: optional V5, counts for precision.
			b.event(ev("NORGOV", "ISLGOV", "120"))
			// #6 ISLGOV->NORGOV 13: V2 is one-way, V3 has no root 13: FP.
			b.event(ev("ISLGOV", "NORGOV", "138"))
			// #7 USAGOV->NORGOV 04: FP.
			b.event(ev("USAGOV", "NORGOV", "040"))
			// #8 IGOUNO->ISLGOV 04: V4 (target *).
			b.event(ev("IGOUNO", "ISLGOV", "041"))
			// #9 ISLGOV->NORGOV 112 with V3's date: ties with #3, the
			// first (#3) is scored.
			e = ev("ISLGOV", "NORGOV", "112")
			e.Date = "2024-03-12"
			b.event(e)
		},
		// Precision 8/10, recall 4/4, attributes V1 2 + V2 0 + V3 1 + V4 2
		// = 5/6.
		want: synthTotals(func(c *Counts) {
			c.PlacesCorrect = 1
			c.EventsProduced, c.EventsCorrect, c.EventsRecalled = 10, 8, 4
			c.AttributesCorrect = 5
		}),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Events, "V1", true, "#0, #1")
			checkItem(t, det.Events, "V4", true, "#0, #4, #8")
			checkItem(t, det.ProducedEvents, "#0", true, "V1, V4")
			checkItem(t, det.ProducedEvents, "#6", false, "")
			checkItem(t, det.Attributes, "V1.date", true, "#1")
			checkItem(t, det.Attributes, "V1.place", true, "#1")
			checkItem(t, det.Attributes, "V2.modality", false, `"future"`)
			checkItem(t, det.Attributes, "V3.date", true, "#3:")
			checkItem(t, det.Attributes, "V4.place", true, "3 km")
		},
	},
	{
		name: "attributes: wrong date, place by its mention text",
		build: func(b *build) {
			// An unresolved place spelled differently, whose mention is
			// the text "Tromso": not a correct place (unresolved), but an
			// event's place by its mention text.
			b.place("Tromsø", 0, 0, false, b.at("Tromso", 0))
			// #0 V1 with the wrong date and that place: 1 of 2.
			e := ev("NORGOV", "IGOUNO", "040")
			e.Date, e.Place = "2024-03-11", 0
			b.event(e)
			// #1 V3 without a date: 0 of 1.
			b.event(ev("ISLGOV", "NORGOV", "111"))
		},
		want: synthTotals(func(c *Counts) {
			c.EventsProduced, c.EventsCorrect, c.EventsRecalled = 2, 2, 2
			c.AttributesCorrect = 1
		}),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Places, "Tromso", false, "no resolved produced place")
			checkItem(t, det.Attributes, "V1.date", false, `"2024-03-11"`)
			checkItem(t, det.Attributes, "V1.place", true, `named "Tromso"`)
			checkItem(t, det.Attributes, "V3.date", false, `date ""`)
		},
	},
	{
		name: "events: an optional match is precise but recalls nothing",
		build: func(b *build) {
			b.event(ev("NORGOV", "ISLGOV", "120"))
		},
		// Precision 1/1, recall 0/4, attributes 0/6.
		want: synthTotals(func(c *Counts) { c.EventsProduced, c.EventsCorrect = 1, 1 }),
		check: func(t *testing.T, det Details) {
			checkItem(t, det.Events, "V5", true, "optional")
			checkItem(t, det.Events, "V2", false, "required")
			checkItem(t, det.Attributes, "V1.date", false, "not matched")
		},
	},
}

func TestScore(t *testing.T) {
	for _, tt := range scoreTests {
		t.Run(tt.name, func(t *testing.T) {
			gc := loadSynth(t)
			if tt.gold != nil {
				tt.gold(&gc.Gold)
			}
			b := newBuild(t, gc)
			tt.build(b)
			got, det := Score(gc, b.d)
			if got != tt.want {
				t.Errorf("counts\n got %+v\nwant %+v", got, tt.want)
			}
			if tt.check != nil {
				tt.check(t, det)
			}
			if t.Failed() {
				var buf bytes.Buffer
				det.WriteTable(&buf)
				t.Logf("details:\n%s", buf.String())
			}
		})
	}
}

// TestScoreNilDocument: no output at all scores like an empty one.
func TestScoreNilDocument(t *testing.T) {
	got, _ := Score(loadSynth(t), nil)
	if want := synthTotals(nil); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestScorePerfectSynth: the gold itself as output scores full marks.
func TestScorePerfectSynth(t *testing.T) {
	gc := loadSynth(t)
	c, det := Score(gc, perfect(t, gc))
	checkPerfect(t, c, det, Counts{
		Entities: 6, EntitiesFound: 6, EntitiesStrict: 6,
		PlacesCorrect: 4, PlacesTotal: 4, DatesCorrect: 4, DatesTotal: 4,
		QuotesProduced: 4, QuotesMatchedProduced: 4, QuotesGold: 4, QuotesMatchedGold: 4, SpeakersCorrect: 4,
		EventsProduced: 5, EventsCorrect: 5, EventsRequired: 4, EventsRecalled: 4,
		AttributesCorrect: 6, AttributesTotal: 6,
	})
}

// checkPerfect checks full counts and a report of all 1.0.
func checkPerfect(t *testing.T, c Counts, det Details, want Counts) {
	t.Helper()
	if c != want {
		t.Errorf("counts\n got %+v\nwant %+v", c, want)
	}
	r := c.Report()
	for name, v := range map[string]float64{
		"entities_recall": r.EntitiesRecall, "entities_strict_recall": r.EntitiesStrictRecall,
		"quotes_precision": r.QuotesPrecision, "quotes_recall": r.QuotesRecall,
		"speaker_accuracy": r.SpeakerAccuracy, "events_precision": r.EventsPrecision,
		"events_recall": r.EventsRecall,
	} {
		if v != 1 {
			t.Errorf("%s = %v, want 1", name, v)
		}
	}
	if r.PlacesCorrect != r.PlacesTotal || r.DatesCorrect != r.DatesTotal || r.AttributesCorrect != r.AttributesTotal {
		t.Errorf("places %d/%d, dates %d/%d, attributes %d/%d: want all right",
			r.PlacesCorrect, r.PlacesTotal, r.DatesCorrect, r.DatesTotal, r.AttributesCorrect, r.AttributesTotal)
	}
	if t.Failed() {
		var buf bytes.Buffer
		det.WriteTable(&buf)
		t.Logf("details:\n%s", buf.String())
	}
}

// TestMicroAverage: counts of two outputs add up, and the report divides
// the sums rather than averaging the fractions.
func TestMicroAverage(t *testing.T) {
	run := func(name string) Counts {
		for _, tt := range scoreTests {
			if tt.name == name {
				gc := loadSynth(t)
				b := newBuild(t, gc)
				tt.build(b)
				c, _ := Score(gc, b.d)
				return c
			}
		}
		t.Fatalf("no scenario %q", name)
		return Counts{}
	}
	var total Counts
	total.Add(run("entities"))              // entities 4/6, no events produced
	total.Add(run("events and attributes")) // entities 0/6, events 8/10
	want := Counts{
		Entities: 12, EntitiesFound: 4, EntitiesStrict: 3,
		PlacesCorrect: 1, PlacesTotal: 8, DatesTotal: 8, QuotesGold: 8,
		EventsProduced: 10, EventsCorrect: 8, EventsRequired: 8, EventsRecalled: 4,
		AttributesCorrect: 5, AttributesTotal: 12,
	}
	if total != want {
		t.Fatalf("sum\n got %+v\nwant %+v", total, want)
	}
	r := total.Report()
	// Micro: events precision 8/10 from the sums, not (0 + 8/10)/2 as
	// averaging the two fractions would give.
	if r.EntitiesRecall != 4.0/12 || r.EventsPrecision != 8.0/10 || r.EventsRecall != 4.0/8 {
		t.Errorf("report %+v", r)
	}
	if r.QuotesPrecision != 0 || r.SpeakerAccuracy != 0 {
		t.Errorf("zero denominators: quotes_precision %v, speaker_accuracy %v; want 0", r.QuotesPrecision, r.SpeakerAccuracy)
	}
}

// TestDetailsWriteTable checks the verbose report's shape.
func TestDetailsWriteTable(t *testing.T) {
	gc := loadSynth(t)
	b := newBuild(t, gc)
	for _, tt := range scoreTests {
		if strings.HasPrefix(tt.name, "quotes: threshold") {
			tt.build(b)
		}
	}
	b.d.Article.Outlet = "Test Wire"
	_, det := Score(gc, b.d)
	var buf bytes.Buffer
	if err := det.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"article (not scored): 1/3\n",
		"entities found: 0/6\n",
		"gold quotes matched: 4/4\n",
		"speakers right: 3/4\n",
		"produced quotes matched: 4/6\n", // the ignored one is not counted
		"  skip  #5 ",
		"  FP    #4 \"Quiet waters\"",
		"  ok    outlet",
		"  MISS  published",
		"  MISS  heading \"Quiet waters\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
