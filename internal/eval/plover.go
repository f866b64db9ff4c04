package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
)

// PLOVER gold sentences (the CAMEO manual's examples, coded in PLOVER by
// the Open Event Data Alliance): each has one event type and its source
// and target actors as country and sector. A sentence's event type is
// right when one produced event's CAMEO code maps, through the
// crosswalk, to the gold type (2016 names are mapped to the 2021 ones:
// DEMAND is REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is
// ASSAULT; a gold type NONE is right when no event is coded). Its
// source (target) is right when the event of the gold type,
// else the first event, has a source (target) whose country is a gold
// source's (target's) country and whose sector, where the gold gives
// one, is in its code; a gold side with no actors is right when the
// event has none there either. Every sentence counts, so a sentence
// without events scores zero on all three.

type ploverActor struct {
	Text   string `json:"actorText"`
	Code   string `json:"code"`
	Sector string `json:"sector"`
}

type ploverRecord struct {
	ID     string          `json:"id"`
	Event  string          `json:"event"`
	Text   string          `json:"text"`
	Date   string          `json:"date"`
	Source json.RawMessage `json:"source"`
	Target json.RawMessage `json:"target"`
}

// actorList reads a source or target: a list of actors, or a string for
// none.
func actorList(raw json.RawMessage) ([]ploverActor, error) {
	if len(raw) == 0 || string(raw) == "null" || raw[0] == '"' {
		// "" for none; one record has a stray word ("diplomatic") there.
		return nil, nil
	}
	var as []ploverActor
	err := json.Unmarshal(raw, &as)
	return as, err
}

// PLOVERReport is the result of EvalPLOVER.
type PLOVERReport struct {
	Sentences         int     `json:"sentences"`
	EventTypeAccuracy float64 `json:"event_type_accuracy"`
	SourceAccuracy    float64 `json:"source_accuracy"`
	TargetAccuracy    float64 `json:"target_accuracy"`
	// With events counts the sentences where at least one event was
	// produced.
	WithEvents int `json:"with_events"`
	TypeRight  int `json:"type_right"`
	// SourceRight and TargetRight count sentences.
	SourceRight int `json:"source_right"`
	TargetRight int `json:"target_right"`
	// Misses are the sentences whose event type is wrong, for reading.
	Misses []PLOVERMiss `json:"-"`
}

// PLOVERMiss is a sentence whose event type was not found.
type PLOVERMiss struct {
	ID, Text string
	// Want is the gold event type, Source and Target the gold actors as
	// country and sector.
	Want, Source, Target string
	// Got is what was coded: CAMEO code, its PLOVER type, source and
	// target codes, one string per event.
	Got []string
}

func actorsString(as []ploverActor) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, strings.ToUpper(a.Code)+strings.ToUpper(a.Sector))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "+")
}

var plover2016 = map[string]string{"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

// countryAliases are ISO codes the gold uses for CAMEO's legacy ones.
var countryAliases = map[string]string{"ROU": "ROM", "JAP": "JPN", "TLS": "TMP", "MNE": "MTN", "DEU": "DEU"}

// EvalPLOVER runs process over each gold sentence in path and scores it.
// ploverType maps a CAMEO code to its 2021 PLOVER event type ("" when it
// has none).
func EvalPLOVER(ctx context.Context, path string, ploverType func(code string) string, process func(context.Context, *doc.Document) error) (PLOVERReport, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return PLOVERReport{}, fmt.Errorf("plover: %w", err)
	}
	var recs []ploverRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		return PLOVERReport{}, fmt.Errorf("plover %s: %w", path, err)
	}
	var rep PLOVERReport
	for _, r := range recs {
		if r.Event == "DOCUMENT" || r.Text == "" {
			continue
		}
		src, err := actorList(r.Source)
		if err != nil {
			return rep, fmt.Errorf("plover %s: %s: source: %w", path, r.ID, err)
		}
		tgt, err := actorList(r.Target)
		if err != nil {
			return rep, fmt.Errorf("plover %s: %s: target: %w", path, r.ID, err)
		}
		a := doc.Article{Body: r.Text, ID: r.ID}
		if t, err := time.Parse("2006-01-02", r.Date); err == nil {
			a.Published = t.Add(12 * time.Hour)
		}
		d := doc.NewDocument(a)
		if err := process(ctx, d); err != nil {
			return rep, fmt.Errorf("plover %s: %w", r.ID, err)
		}
		rep.Sentences++
		want := r.Event
		if n, ok := plover2016[want]; ok {
			want = n
		}
		miss := func() {
			m := PLOVERMiss{ID: r.ID, Text: r.Text, Want: want, Source: actorsString(src), Target: actorsString(tgt)}
			for _, ev := range d.Events {
				m.Got = append(m.Got, fmt.Sprintf("%s(%s) %s->%s", ev.Code, ploverType(ev.Code), orDash(ev.Source.Code), orDash(ev.Target.Code)))
			}
			rep.Misses = append(rep.Misses, m)
		}
		if want == "NONE" {
			// A sentence with nothing to code (dyad's own dev sets have
			// them): right when nothing is coded.
			if len(d.Events) == 0 {
				rep.TypeRight++
				rep.SourceRight++
				rep.TargetRight++
			} else {
				rep.WithEvents++
				miss()
			}
			continue
		}
		if len(d.Events) == 0 {
			miss()
			continue
		}
		rep.WithEvents++
		ev := &d.Events[0]
		right := false
		for i := range d.Events {
			if ploverType(d.Events[i].Code) == want {
				ev = &d.Events[i]
				rep.TypeRight++
				right = true
				break
			}
		}
		if !right {
			miss()
		}
		if sideRight(ev.Source.Code, src) {
			rep.SourceRight++
		}
		if sideRight(ev.Target.Code, tgt) {
			rep.TargetRight++
		}
	}
	rep.EventTypeAccuracy = ratio(rep.TypeRight, rep.Sentences)
	rep.SourceAccuracy = ratio(rep.SourceRight, rep.Sentences)
	rep.TargetAccuracy = ratio(rep.TargetRight, rep.Sentences)
	return rep, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// sideRight compares a produced actor code with the gold actors of one
// side by country and sector.
func sideRight(code string, gold []ploverActor) bool {
	if len(gold) == 0 {
		return code == ""
	}
	if len(code) < 3 {
		return false
	}
	for _, g := range gold {
		c := strings.ToUpper(g.Code)
		if a, ok := countryAliases[c]; ok {
			c = a
		}
		if c != "" && code[:3] != c && !(len(c) == 3 && strings.HasPrefix(code, c)) {
			continue
		}
		if g.Sector == "" || strings.Contains(code[3:], strings.ToUpper(g.Sector)) {
			return true
		}
	}
	return false
}

// WriteTable prints the report as a table.
func (r PLOVERReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "metric\tvalue\tcounts\n")
	fmt.Fprintf(tw, "sentences\t%d\t%d with events\n", r.Sentences, r.WithEvents)
	fmt.Fprintf(tw, "event_type_accuracy\t%.3f\t%d/%d\n", r.EventTypeAccuracy, r.TypeRight, r.Sentences)
	fmt.Fprintf(tw, "source_accuracy\t%.3f\t%d/%d\n", r.SourceAccuracy, r.SourceRight, r.Sentences)
	fmt.Fprintf(tw, "target_accuracy\t%.3f\t%d/%d\n", r.TargetAccuracy, r.TargetRight, r.Sentences)
	return tw.Flush()
}
