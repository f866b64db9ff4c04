package eval

import (
	"strings"
	"testing"
)

// TestScorePerfectSeed builds the output a flawless pipeline would give for
// the real seed, from its gold, and checks that it scores full marks: the
// harness can reach a perfect score, so every miss it reports is the
// pipeline's.
func TestScorePerfectSeed(t *testing.T) {
	gc, err := LoadGold(seedDir(t))
	if err != nil {
		t.Fatal(err)
	}
	c, det := Score(gc, perfect(t, gc))
	checkPerfect(t, c, det, Counts{
		Entities: 17, EntitiesFound: 17, EntitiesStrict: 17,
		PlacesCorrect: 9, PlacesTotal: 9, DatesCorrect: 5, DatesTotal: 5,
		QuotesProduced: 11, QuotesMatchedProduced: 11, QuotesGold: 11, QuotesMatchedGold: 11, SpeakersCorrect: 11,
		EventsProduced: 15, EventsCorrect: 15, EventsRequired: 8, EventsRecalled: 8,
		// E1 place, E7 modality, E9a/E9b/E12 date, E13 place+date+modality.
		AttributesCorrect: 8, AttributesTotal: 8,
	})
}

// TestScoreSeedLongMention is the worked example of the brief: one mention
// over "Iran’s supreme leader Ayatollah Ali Khamenei" coded IRNGOV finds
// Khamenei ("Ayatollah Ali Khamenei" is 22 of its 44 characters: 0.5) but
// not Iran ("Iran" is 4 of 44).
func TestScoreSeedLongMention(t *testing.T) {
	gc, err := LoadGold(seedDir(t))
	if err != nil {
		t.Fatal(err)
	}
	b := newBuild(t, gc)
	b.mention(b.at("Iran’s supreme leader Ayatollah Ali Khamenei", 0), -1, "IRNGOV")
	c, det := Score(gc, b.d)
	if c.EntitiesFound != 1 || c.EntitiesStrict != 1 || c.Entities != 17 {
		t.Errorf("entities %d found, %d strict of %d; want 1, 1 of 17", c.EntitiesFound, c.EntitiesStrict, c.Entities)
	}
	checkItem(t, det.Entities, "Ali Khamenei", true, "strict")
	checkItem(t, det.Entities, "Iran", false, "4/44")
}

// TestScoreSeedSpeakers checks the speaker rules on the seed's own
// ambiguities: Erdogan and Fidan share TURGOV, the two Iranian media share
// IRNMED, and Ashtiani alone is IRNMIL.
func TestScoreSeedSpeakers(t *testing.T) {
	gc, err := LoadGold(seedDir(t))
	if err != nil {
		t.Fatal(err)
	}
	text := func(id string) string {
		for _, q := range gc.Gold.Quotes {
			if q.ID == id {
				return q.Text
			}
		}
		t.Fatalf("no gold quote %s", id)
		return ""
	}
	b := newBuild(t, gc)
	turkish := b.entity("Turkish president", "TURGOV")
	media := b.entity("state broadcaster", "IRNMED")
	minister := b.entity("defence minister", "IRNMIL")
	erdogan := b.entity("Erdoğan", "")
	b.mention(b.runes("Erdogan said", 0, 7), erdogan, "") // the mention, not the canonical, names him
	b.quote(text("Q11"), turkish)                         // TURGOV is ambiguous: wrong
	b.quote(text("Q2"), media)                            // IRNMED is ambiguous: wrong
	b.quote(text("Q5"), minister)                         // IRNMIL is Ashtiani's alone: right
	b.quote(text("Q7"), erdogan)                          // "Erdogan" is a gold mention: right
	c, det := Score(gc, b.d)
	if c.QuotesMatchedGold != 4 || c.SpeakersCorrect != 2 {
		t.Errorf("matched %d, speakers %d; want 4, 2", c.QuotesMatchedGold, c.SpeakersCorrect)
	}
	checkItem(t, det.Speakers, "Q11", false, "shared by 2")
	checkItem(t, det.Speakers, "Q2", false, "shared by 2")
	checkItem(t, det.Speakers, "Q5", true, "IRNMIL")
	checkItem(t, det.Speakers, "Q7", true, `"Erdogan" is a mention`)
	for _, it := range det.Speakers {
		if strings.Contains(it.Reason, "%!") {
			t.Errorf("bad format in %q", it.Reason)
		}
	}
}
