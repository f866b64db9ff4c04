package eval

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

func TestEvalPLOVER(t *testing.T) {
	gold := `[
 {"id": "1", "event": "ACCUSE", "text": "Turkey accused Iran.", "date": "2020-01-02",
  "source": [{"actorText": "Turkey", "code": "TUR", "sector": "GOV"}], "target": [{"actorText": "Iran", "code": "IRN"}]},
 {"id": "2", "event": "DEMAND", "text": "Romania demanded talks.",
  "source": [{"actorText": "Romania", "code": "ROU"}], "target": ""},
 {"id": "3", "event": "NONE", "text": "It rained.", "source": "", "target": ""},
 {"id": "4", "event": "ASSAULT", "text": "Rebels attacked a town.",
  "source": [{"actorText": "Rebels", "code": "SYR", "sector": "REB"}], "target": []},
 {"id": "6", "event": "ACCUSE", "text": "Egypt accused Jordan.",
  "source": [{"actorText": "Egypt", "code": "EGY", "sector": "GOV"}], "target": [{"actorText": "Jordan", "code": "JOR"}]},
 {"id": "5", "event": "DOCUMENT", "text": "A whole article.", "source": "", "target": ""}
]`
	path := filepath.Join(t.TempDir(), "gold.json")
	if err := os.WriteFile(path, []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	// The coder under test: one event per sentence by its first word.
	events := map[string][]doc.Event{
		"Turkey":  {{Code: "051", Source: doc.Actor{Code: "TURGOV"}}, {Code: "112", Source: doc.Actor{Code: "TURGOV"}, Target: doc.Actor{Code: "IRNMIL"}}},
		"Romania": {{Code: "100", Source: doc.Actor{Code: "ROM"}}},
		"It":      nil,
		"Rebels":  {{Code: "043", Source: doc.Actor{Code: "SYRREB"}}},
		"Egypt":   {{Code: "112", Source: doc.Actor{Code: "EGYMIL"}, Target: doc.Actor{Code: "ISR"}}},
	}
	process := func(_ context.Context, d *doc.Document) error {
		first, _, _ := strings.Cut(d.Article.Body, " ")
		d.Events = events[first]
		return nil
	}
	types := map[string]string{"051": "SUPPORT", "112": "ACCUSE", "100": "REQUEST", "043": "CONSULT"}
	rep, err := EvalPLOVER(context.Background(), path, func(c string) string { return types[c] }, process)
	if err != nil {
		t.Fatal(err)
	}
	// 1: the second event has the type, and its actors are right by
	// country (and sector where the gold gives one). 2: DEMAND is
	// REQUEST in PLOVER 2021, ROU is CAMEO's ROM, no target is right for
	// none. 3: nothing coded for NONE is right. 4: wrong type; its
	// actors are still scored. 6: right type, wrong sector and target.
	// 5: a whole document is not a sentence.
	want := PLOVERReport{Sentences: 5, WithEvents: 4, TypeRight: 4, SourceRight: 4, TargetRight: 4,
		EventTypeAccuracy: 0.8, SourceAccuracy: 0.8, TargetAccuracy: 0.8}
	got := rep
	got.Misses = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report %+v\nwant %+v", got, want)
	}
	if len(rep.Misses) != 1 || rep.Misses[0].ID != "4" || rep.Misses[0].Want != "ASSAULT" ||
		rep.Misses[0].Source != "SYRREB" || len(rep.Misses[0].Got) != 1 || !strings.HasPrefix(rep.Misses[0].Got[0], "043(CONSULT) SYRREB->-") {
		t.Errorf("misses %+v, want sentence 4 with what was coded", rep.Misses)
	}
}

func TestEvalPLOVERBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(path, []byte(`[{"id": "x", "event": "ACCUSE", "text": "a", "source": 5}]`), 0o644)
	_, err := EvalPLOVER(context.Background(), path, func(string) string { return "" }, func(context.Context, *doc.Document) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "x: source") {
		t.Errorf("error %v, want one naming the record and field", err)
	}
}
