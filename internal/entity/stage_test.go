package entity

import (
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/ner"
	"github.com/dyad-events/dyad/internal/testkit"
)

// analyse runs the language stages and the entity stage on body,
// published on day, with the recogniser rec (nil: the dictionary alone).
func analyse(t *testing.T, rec Recognizer, body string, published time.Time) *doc.Document {
	t.Helper()
	dict, err := LoadDictionary(segmenterTok)
	if err != nil {
		t.Fatal(err)
	}
	st := New(func() (*Resources, error) { return &Resources{Dict: dict, NER: rec}, nil })
	return testkit.Analyse(t, body, published, st)
}

// actorOf returns the code of the first mention with the given text:
// its own, else its entity's.
func actorOf(t *testing.T, d *doc.Document, text string) (string, *doc.Mention) {
	t.Helper()
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Text == text {
			if m.Actor != "" {
				return m.Actor, m
			}
			if m.Entity >= 0 {
				return d.Entities[m.Entity].Actor, m
			}
			return "", m
		}
	}
	var all []string
	for _, m := range d.Mentions {
		all = append(all, m.Text)
	}
	t.Fatalf("no mention %q among %q", text, all)
	return "", nil
}

func on(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestLinking(t *testing.T) {
	for _, c := range []struct {
		name, body string
		published  time.Time
		mention    string
		want       string
	}{
		{"composed title", "Turkish Foreign Minister Hakan Fidan met his counterpart.", on(2023, 11, 5), "Turkish Foreign Minister Hakan Fidan", "TURGOV"},
		{"composed title, unknown person", "Turkish Foreign Minister Ali Veli met his counterpart.", on(2023, 11, 5), "Foreign Minister", ""},
		{"possessive country and role", "Iran's state TV said the talks had ended.", on(2023, 11, 5), "state TV", "IRNMED"},
		{"nationality adjective and role", "Iranian defence minister said that the war must stop.", on(2023, 11, 5), "Iranian defence minister", "IRNMIL"},
		{"metonymy: a capital that acts", "Washington did not implement a ceasefire.", on(2023, 11, 5), "Washington", "USAGOV"},
		{"organisation", "Hamas said the talks had ended.", on(2023, 11, 5), "Hamas", "PSEREB"},
		{"dated role, in office", "Ismail Haniyeh met officials in Tehran.", on(2023, 11, 5), "Ismail Haniyeh", "PSEREB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := analyse(t, nil, c.body, c.published)
			if c.want == "" {
				return
			}
			got, _ := actorOf(t, d, c.mention)
			if got != c.want {
				t.Errorf("%q in %q: actor %q, want %q", c.mention, c.body, got, c.want)
			}
		})
	}
}

func TestCoreference(t *testing.T) {
	body := "President Recep Tayyip Erdogan condemned the attack on Sunday. He added that Erdogan would visit Ankara.\n\n" +
		"Turkish Foreign Minister Hakan Fidan met his counterpart. Fidan said the talks went well."
	d := analyse(t, nil, body, on(2023, 11, 5))
	_, he := actorOf(t, d, "He")
	_, erdogan := actorOf(t, d, "President Recep Tayyip Erdogan")
	if he.Entity != erdogan.Entity || he.Kind != "pronoun" {
		t.Errorf("He: entity %d kind %q, want Erdogan's entity %d", he.Entity, he.Kind, erdogan.Entity)
	}
	_, fidan := actorOf(t, d, "Fidan")
	_, full := actorOf(t, d, "Turkish Foreign Minister Hakan Fidan")
	if fidan.Entity != full.Entity {
		t.Errorf("Fidan: entity %d, want Hakan Fidan's %d", fidan.Entity, full.Entity)
	}
	if code := d.Entities[full.Entity].Actor; code != "TURGOV" {
		t.Errorf("Fidan's entity: %q, want TURGOV", code)
	}
}

func TestMetonymy(t *testing.T) {
	for _, c := range []struct {
		body, mention, want string
	}{
		{"Ankara was working behind the scenes to stop the fighting.", "Ankara", "TURGOV"},
		{"The talks were held in Ankara on Monday.", "Ankara", ""},
		{"Tehran's consistent policy is to support the group.", "Tehran", "IRNGOV"},
		{"The attacks were supported by Washington and its allies.", "Washington", "USAGOV"},
		{"He flew to Washington on Monday.", "Washington", ""},
	} {
		d := analyse(t, nil, c.body, on(2023, 11, 5))
		_, m := actorOf(t, d, c.mention)
		if m.Actor != c.want {
			t.Errorf("%q in %q: actor %q, want %q", c.mention, c.body, m.Actor, c.want)
		}
		if m.Type != "GPE" || d.Entities[m.Entity].Actor != c.want[:min(3, len(c.want))] && c.want != "" {
			t.Errorf("%q in %q: type %s, entity actor %q", c.mention, c.body, m.Type, d.Entities[m.Entity].Actor)
		}
	}
}

func TestDatedRolesInText(t *testing.T) {
	// The same name on two dates: defence minister, then president.
	for _, c := range []struct {
		published time.Time
		want      string
	}{
		{on(2021, 3, 1), "IDNMIL"},
		{on(2025, 3, 1), "IDNGOV"},
	} {
		d := analyse(t, nil, "Prabowo Subianto met the delegation.", c.published)
		if got, _ := actorOf(t, d, "Prabowo Subianto"); got != c.want {
			t.Errorf("on %s: %q, want %q", c.published.Format("2006-01-02"), got, c.want)
		}
	}
}

func TestInstitutionsAlwaysAct(t *testing.T) {
	d := analyse(t, nil, "They condemned the crimes of the Zionist regime in Gaza. Reporters waited outside the White House.", on(2023, 11, 5))
	for _, c := range []struct{ mention, want string }{{"Zionist regime", "ISRGOV"}, {"White House", "USAGOV"}} {
		if _, m := actorOf(t, d, c.mention); m.Actor != c.want {
			t.Errorf("%s: %q, want %q", c.mention, m.Actor, c.want)
		}
	}
}

func TestNamesContainingKnownNames(t *testing.T) {
	// A recogniser that finds one fixed span, to test what the stage
	// makes of it.
	for _, c := range []struct {
		body, span, typ, want string
	}{
		{"The Parliament of Iraq voted on Sunday.", "Parliament of Iraq", "ORG", "IRQLEG"},
		{"Tankers crossed the Gulf of Oman on Sunday.", "Gulf of Oman", "LOC", ""},
		{"Officials of Tasnim news agency said so.", "Tasnim", "ORG", "IRNMED"},
	} {
		d := analyse(t, fixedSpan{c.span, c.typ}, c.body, on(2023, 11, 5))
		var got *doc.Mention
		for i := range d.Mentions {
			if strings.Contains(d.Mentions[i].Text, c.span) {
				got = &d.Mentions[i]
				break
			}
		}
		if got == nil {
			t.Errorf("%q: no mention containing %q", c.body, c.span)
			continue
		}
		if got.Actor != c.want {
			t.Errorf("%q: mention %q has actor %q, want %q", c.body, got.Text, got.Actor, c.want)
		}
	}
}

// fixedSpan recognises one phrase wherever it occurs.
type fixedSpan struct{ phrase, typ string }

func (f fixedSpan) Recognise(words, xpos []string) []ner.Span {
	want := strings.Fields(f.phrase)
	var out []ner.Span
	for i := 0; i+len(want) <= len(words); i++ {
		if strings.Join(words[i:i+len(want)], " ") == f.phrase {
			out = append(out, ner.Span{Start: i, End: i + len(want), Type: f.typ})
		}
	}
	return out
}

func TestSourceNouns(t *testing.T) {
	body := "The ministers spoke by phone on Sunday, a Turkish diplomatic source said.\n\n" +
		"They discussed a ceasefire, the source added. The talks will go on, the source said."
	d := analyse(t, nil, body, on(2023, 11, 5))
	var ents []int
	for _, m := range d.Mentions {
		if strings.HasSuffix(m.Text, "source") {
			ents = append(ents, m.Entity)
		}
	}
	if len(ents) != 3 || ents[0] != ents[1] || ents[1] != ents[2] {
		t.Fatalf("source mentions in entities %v, want three in one", ents)
	}
	if e := d.Entities[ents[0]]; e.Actor != "TUR" {
		t.Errorf("the source's entity has actor %q, want TUR", e.Actor)
	}
}

func TestPlacesByNoun(t *testing.T) {
	body := "He spoke at a rally in the Black Sea coast city of Rize and would visit the village of Ayder."
	d := analyse(t, fixedSpan{"Rize", "PER"}, body, on(2023, 11, 5))
	for _, name := range []string{"Rize", "Ayder"} {
		_, m := actorOf(t, d, name)
		if m.Type != "LOC" {
			t.Errorf("%s: type %s, want LOC", name, m.Type)
		}
	}
}

func TestRoleNounsJoinThePerson(t *testing.T) {
	body := "Turkish Foreign Minister Hakan Fidan met his counterparts on Sunday.\n\nLater the foreign minister said the talks had gone well."
	d := analyse(t, nil, body, on(2023, 11, 5))
	_, full := actorOf(t, d, "Turkish Foreign Minister Hakan Fidan")
	_, role := actorOf(t, d, "foreign minister")
	if role.Entity != full.Entity || role.Actor != "TURGOV" {
		t.Errorf("the foreign minister: entity %d actor %q, want Fidan's entity %d, TURGOV", role.Entity, role.Actor, full.Entity)
	}
}

func TestInstitutionsAreOrganisations(t *testing.T) {
	d := analyse(t, nil, "Congress passed the bill and the White House welcomed it.", on(2023, 11, 5))
	for _, name := range []string{"Congress", "White House"} {
		if _, m := actorOf(t, d, name); m.Type != "ORG" {
			t.Errorf("%s: type %s, want ORG (an institution is not a place)", name, m.Type)
		}
	}
}

// TestInstitutionDescriptionsMerge: two descriptions of one country's
// institution of one kind are one entity; two officials are two.
func TestInstitutionDescriptionsMerge(t *testing.T) {
	body := "Iranian state media said the talks went well. Iran's state TV said the meeting was long.\n\n" +
		"The Iranian foreign minister met the Iranian defence minister."
	d := analyse(t, nil, body, on(2023, 11, 5))
	_, media := actorOf(t, d, "Iranian state media")
	_, tv := actorOf(t, d, "state TV")
	if media.Entity != tv.Entity {
		t.Errorf("state TV: entity %d, want state media's %d", tv.Entity, media.Entity)
	}
	_, fm := actorOf(t, d, "Iranian foreign minister")
	_, dm := actorOf(t, d, "Iranian defence minister")
	if fm.Entity == dm.Entity {
		t.Errorf("the foreign and defence ministers share entity %d", fm.Entity)
	}
}

// mentionAt returns the n-th (from 0) mention whose text is text.
func mentionAt(t *testing.T, d *doc.Document, text string, n int) *doc.Mention {
	t.Helper()
	for i := range d.Mentions {
		if d.Mentions[i].Text == text {
			if n == 0 {
				return &d.Mentions[i]
			}
			n--
		}
	}
	t.Fatalf("no mention %q (occurrence %d)", text, n)
	return nil
}

func TestPronouns(t *testing.T) {
	res, err := LoadResources(segmenterTok)
	if err != nil {
		t.Fatal(err)
	}
	st := New(func() (*Resources, error) { return res, nil })
	type link struct {
		pronoun string
		nth     int    // which occurrence of the pronoun
		want    string // a name mention of the entity it must join
	}
	for _, c := range []struct {
		name  string
		body  string
		links []link
	}{
		{"gender agreement", "Mary Smith met John Brown in Paris. He said that she was late.",
			[]link{{"He", 0, "John Brown"}, {"she", 0, "Mary Smith"}}},
		{"an object pronoun is not its verb's subject",
			"President Joe Biden lashed out at Mayor Muriel Bowser on Twitter, accusing her of not doing her job.",
			[]link{{"her", 0, "Muriel Bowser"}, {"her", 1, "Muriel Bowser"}}},
		{"a pronoun follows its antecedent's later merge",
			"Joshua Norton was born in England. Norton moved to San Francisco, where he became famous.",
			[]link{{"he", 0, "Joshua Norton"}}},
		{"inside a quotation the speaker is not he",
			"Andy Warhol painted soup cans in New York. Professor Kevin Allton said, \u201cI think his work still matters.\u201d",
			[]link{{"his", 0, "Andy Warhol"}}},
		{"a title and name the recogniser took for an organisation",
			"Labour's Shadow Home Secretary Yvette Cooper said her party has supported the idea for months.",
			[]link{{"her", 0, "Yvette Cooper"}}},
		{"the gender a title gives", "Mrs. Patel thanked Mr. Okafor. She said the deal was fair.",
			[]link{{"She", 0, "Patel"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := testkit.Analyse(t, c.body, on(2023, 11, 5), st)
			for _, l := range c.links {
				p := mentionAt(t, d, l.pronoun, l.nth)
				if p.Kind != "pronoun" {
					t.Errorf("%q is a %s mention, want a pronoun", l.pronoun, p.Kind)
				}
				var names []string
				if p.Entity >= 0 {
					for _, mi := range d.Entities[p.Entity].Mentions {
						names = append(names, d.Mentions[mi].Text)
					}
				}
				found := false
				for _, n := range names {
					found = found || strings.Contains(n, l.want)
				}
				if !found {
					t.Errorf("%q (%d) joined %q, want the entity of %q", l.pronoun, l.nth, names, l.want)
				}
			}
		})
	}
}
