// Package eval scores a pipeline's output against gold-set folders in the
// seed format (article.txt + gold.json), by the rules of
// ../shared/acceptance/seed/README.md.
//
// LoadGold reads a folder, Score compares one doc.Document with its gold
// and returns additive Counts (so several folders micro-average with
// Counts.Add) and per-item Details; Counts.Report gives the contract
// figures.
//
// # Decisions where the README is silent
//
// Locating gold strings. Gold gives strings, not spans. A gold string
// occurs wherever it is found in Article.Body case-sensitively, on word
// boundaries (no letter or digit may touch either end of a string that
// starts or ends with one; apostrophes are not letters, so "Iran’s"
// contains "Iran" but "Icelandic" does not contain "Iceland"), with ’/'
// and “/" folded and runs of white space collapsed for the comparison
// only. Strings are expected in NFC, as the body is.
//
// Entities. A gold entity is found when a produced Mention overlaps an
// occurrence of one of its mention strings with character Jaccard
// (overlap/union of the two ranges, counted in runes so "’" is one
// character) >= 0.5, and the mention's actor code (Mention.Actor, else its
// entity's Actor) has the gold actor's principal part: the first three
// characters, or six when the gold code begins with IGO, NGO or MNC. It is
// strictly found when the code equals the gold actor or one of
// actor_alternatives; strict implies found.
//
// Places. The produced places of a gold place are those with a mention span
// overlapping an occurrence of its name or mention strings; a place without
// any valid span is taken by Place.Name instead (equal ignoring case). The
// gold place is correct when at least one of them is Resolved and every
// resolved one lies within the radius (haversine, mean Earth radius):
// radius_km when given, else LargeAreaRadiusKM for the README's large
// areas (Gaza Strip, West Bank, Turkiye, Qatar, Black Sea) and for features
// country, region, sea, territory and adm1, else DefaultRadiusKM.
// Unresolved places are kept as text, not wrong geocodes, so they are
// ignored by the "every" rule.
//
// Dates. A gold date is correct when at least one produced Timex overlaps
// an occurrence of its text and every overlapping Timex resolves to it:
// Value equal to resolves_to after trimming, or Start equal to it (a
// "since 2019" range). No granularity conversion: a day does not satisfy
// a year. A text occurring several times ("on Sunday") counts once.
//
// Quotes. Token sets are the lower-cased runs of letters and digits, so
// quote marks and punctuation do not count; a produced quote (Text, else
// its Content spans joined by a space) and a gold quote match at token
// Jaccard >= 0.6. Matching is one-to-one, greedy by highest Jaccard (ties:
// earlier gold, then earlier produced). A produced quote matching a
// not_quotes string is never a match (a false positive). An unmatched
// produced quote matching an indirect_quotes_optional item, or of kind
// indirect, is ignored ("Indirect quotes are optional: they neither add
// to nor take from precision", the seed's README): Counts.QuotesProduced,
// the precision denominator, leaves it out.
//
// Speakers. The produced speaker is Quote.Speaker, else the entity of
// Quote.SpeakerMention; its names are its Canonical, its mentions' texts
// and the speaker mention's text, pronouns (he, she, they, it, we, i, him,
// her, them, his, its, their, you, or Mention.Kind "pronoun") excepted.
// Names compare normalised: lower case, punctuation as space, spaces
// collapsed, a leading a/an/the dropped. The speaker is right when
//
//	(a) a name equals the gold speaker;
//	(b) the gold speaker is a gold entity's canonical name and a name
//	    equals one of that entity's mention strings;
//	(c) or, for a PER or ORG gold entity, the produced actor code (the
//	    entity's, or the speaker mention's) is the gold entity's actor or
//	    an alternative and no other gold entity accepts that code (two
//	    entities sharing IRNMED cannot be told apart by code);
//	(d) when the gold speaker is not a gold entity ("a Turkish diplomatic
//	    source"), a name may also end with it ("senior Turkish diplomatic
//	    source").
//
// Gold via, about and speaker_mention are not scored.
//
// Events. A produced event matches a gold event when its source code
// begins with the gold source and its target code with the gold target
// ("*" accepts any code, even none), swapped too when either_direction,
// and its root (Event.Root, else the first two characters of Code) is in
// roots. Negated events count like any other. Recall counts required gold
// events matched by at least one produced event; precision counts produced
// events matching any gold event. Matching is not one-to-one.
//
// Attributes. Every date, place and modality a gold event gives is one
// attribute of the total, matched or not. For a gold event (required or
// not) matched by produced events, the one carrying most of its
// attributes is scored (the first on a tie): date when Event.Date equals
// it, modality when Event.Modality equals it, place when the event's
// Place has a name or mention text equal, ignoring case, to the gold place
// name or one of that gold place's mention strings, or is resolved within
// the radius of the gold place of that name.
//
// Fractions with a zero denominator are reported as 0.
//
// Gold files. Unknown JSON fields are allowed. The sections article,
// entities, places, dates, quotes and events must be present (they may be
// empty); article.published, every entity's canonical, actor and
// mentions, every place's name, lat and lon, every date's text and
// resolves_to, every quote's text and speaker, and every event's source,
// target, roots and required are required. Roots must be "01" to "20",
// event dates YYYY-MM-DD, modalities doc.Modality values, and canonical
// names, place names and ids unique. An event's place need not name a gold
// place (then only names can match it).
package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Counts are the raw tallies of a score. They are additive, so the counts
// of several folders micro-average.
type Counts struct {
	// Entities is the number of gold entities, EntitiesFound those found
	// by principal actor code, EntitiesStrict those found by full code.
	Entities, EntitiesFound, EntitiesStrict int
	PlacesCorrect, PlacesTotal              int
	DatesCorrect, DatesTotal                int
	// QuotesProduced is the precision denominator: produced quotes less
	// those ignored as optional indirect quotes. QuotesMatchedProduced and
	// QuotesMatchedGold are equal (matching is one-to-one) but kept apart
	// as the numerators of precision and recall.
	QuotesProduced, QuotesMatchedProduced, QuotesGold, QuotesMatchedGold, SpeakersCorrect int
	// EventsCorrect are produced events matching any gold event;
	// EventsRecalled are required gold events matched.
	EventsProduced, EventsCorrect, EventsRequired, EventsRecalled int
	AttributesCorrect, AttributesTotal                            int
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Entities += o.Entities
	c.EntitiesFound += o.EntitiesFound
	c.EntitiesStrict += o.EntitiesStrict
	c.PlacesCorrect += o.PlacesCorrect
	c.PlacesTotal += o.PlacesTotal
	c.DatesCorrect += o.DatesCorrect
	c.DatesTotal += o.DatesTotal
	c.QuotesProduced += o.QuotesProduced
	c.QuotesMatchedProduced += o.QuotesMatchedProduced
	c.QuotesGold += o.QuotesGold
	c.QuotesMatchedGold += o.QuotesMatchedGold
	c.SpeakersCorrect += o.SpeakersCorrect
	c.EventsProduced += o.EventsProduced
	c.EventsCorrect += o.EventsCorrect
	c.EventsRequired += o.EventsRequired
	c.EventsRecalled += o.EventsRecalled
	c.AttributesCorrect += o.AttributesCorrect
	c.AttributesTotal += o.AttributesTotal
}

// Report is the contract output. Fractions are 0..1, and 0 when their
// denominator is 0.
type Report struct {
	EntitiesRecall       float64 `json:"entities_recall"`
	EntitiesStrictRecall float64 `json:"entities_strict_recall"`
	PlacesCorrect        int     `json:"places_correct"`
	PlacesTotal          int     `json:"places_total"`
	DatesCorrect         int     `json:"dates_correct"`
	DatesTotal           int     `json:"dates_total"`
	QuotesPrecision      float64 `json:"quotes_precision"`
	QuotesRecall         float64 `json:"quotes_recall"`
	SpeakerAccuracy      float64 `json:"speaker_accuracy"`
	EventsPrecision      float64 `json:"events_precision"`
	EventsRecall         float64 `json:"events_recall"`
	AttributesCorrect    int     `json:"attributes_correct"`
	AttributesTotal      int     `json:"attributes_total"`

	// Counts are the tallies the report was computed from; WriteTable
	// shows them beside the fractions. They are not part of the JSON.
	Counts Counts `json:"-"`
}

// Report computes the contract figures.
func (c Counts) Report() Report {
	return Report{
		EntitiesRecall:       ratio(c.EntitiesFound, c.Entities),
		EntitiesStrictRecall: ratio(c.EntitiesStrict, c.Entities),
		PlacesCorrect:        c.PlacesCorrect,
		PlacesTotal:          c.PlacesTotal,
		DatesCorrect:         c.DatesCorrect,
		DatesTotal:           c.DatesTotal,
		QuotesPrecision:      ratio(c.QuotesMatchedProduced, c.QuotesProduced),
		QuotesRecall:         ratio(c.QuotesMatchedGold, c.QuotesGold),
		SpeakerAccuracy:      ratio(c.SpeakersCorrect, c.QuotesMatchedGold),
		EventsPrecision:      ratio(c.EventsCorrect, c.EventsProduced),
		EventsRecall:         ratio(c.EventsRecalled, c.EventsRequired),
		AttributesCorrect:    c.AttributesCorrect,
		AttributesTotal:      c.AttributesTotal,
		Counts:               c,
	}
}

// WriteTable writes the report as a table of metric, value and counts,
// one row per JSON key:
//
//	entities_recall         0.941  16/17
//	places_correct          8      8/9
//
// The counts come from r.Counts.
func (r Report) WriteTable(w io.Writer) error {
	c := r.Counts
	rows := [][3]string{{"metric", "value", "counts"}}
	frac := func(key string, v float64, n, d int) {
		rows = append(rows, [3]string{key, fmt.Sprintf("%.3f", v), fmt.Sprintf("%d/%d", n, d)})
	}
	count := func(key string, v, d int) {
		rows = append(rows, [3]string{key, fmt.Sprint(v), fmt.Sprintf("%d/%d", v, d)})
	}
	total := func(key string, v int) {
		rows = append(rows, [3]string{key, fmt.Sprint(v), ""})
	}
	frac("entities_recall", r.EntitiesRecall, c.EntitiesFound, c.Entities)
	frac("entities_strict_recall", r.EntitiesStrictRecall, c.EntitiesStrict, c.Entities)
	count("places_correct", r.PlacesCorrect, r.PlacesTotal)
	total("places_total", r.PlacesTotal)
	count("dates_correct", r.DatesCorrect, r.DatesTotal)
	total("dates_total", r.DatesTotal)
	frac("quotes_precision", r.QuotesPrecision, c.QuotesMatchedProduced, c.QuotesProduced)
	frac("quotes_recall", r.QuotesRecall, c.QuotesMatchedGold, c.QuotesGold)
	frac("speaker_accuracy", r.SpeakerAccuracy, c.SpeakersCorrect, c.QuotesMatchedGold)
	frac("events_precision", r.EventsPrecision, c.EventsCorrect, c.EventsProduced)
	frac("events_recall", r.EventsRecall, c.EventsRecalled, c.EventsRequired)
	count("attributes_correct", r.AttributesCorrect, r.AttributesTotal)
	total("attributes_total", r.AttributesTotal)

	// Padded by hand rather than with text/tabwriter, whose columns break
	// at rows with fewer cells, so that rows have no trailing blanks.
	var wid [2]int
	for _, row := range rows {
		wid[0], wid[1] = max(wid[0], len(row[0])), max(wid[1], len(row[1]))
	}
	var b strings.Builder
	for _, row := range rows {
		line := fmt.Sprintf("%-*s  %-*s  %s", wid[0], row[0], wid[1], row[1], row[2])
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteTable writes the details section by section, one line per item:
// "ok", "MISS" (a gold item not found), "FP" (a produced item matching no
// gold) or "skip" (ignored), then the item and the reason.
func (d Details) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	sections := []struct {
		title string
		items []Item
		miss  string
	}{
		{"article (not scored)", d.Article, "MISS"},
		{"entities found", d.Entities, "MISS"},
		{"places correct", d.Places, "MISS"},
		{"dates correct", d.Dates, "MISS"},
		{"gold quotes matched", d.Quotes, "MISS"},
		{"speakers right", d.Speakers, "MISS"},
		{"produced quotes matched", d.ProducedQuotes, "FP"},
		{"gold events matched", d.Events, "MISS"},
		{"produced events matched", d.ProducedEvents, "FP"},
		{"attributes right", d.Attributes, "MISS"},
	}
	for _, sec := range sections {
		ok, n := 0, 0
		for _, it := range sec.items {
			if !it.Ignored {
				n++
				if it.OK {
					ok++
				}
			}
		}
		// A line without tabs ends tabwriter's column block, so each
		// section is aligned on its own.
		fmt.Fprintf(tw, "%s: %d/%d\n", sec.title, ok, n)
		for _, it := range sec.items {
			mark := sec.miss
			switch {
			case it.Ignored:
				mark = "skip"
			case it.OK:
				mark = "ok"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, it.ID, it.Reason)
		}
	}
	return tw.Flush()
}
