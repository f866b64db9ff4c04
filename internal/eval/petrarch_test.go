package eval

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/petrarch"
)

// TestPETRARCHSuiteGoesOn: a record whose parse is not a tree is reported
// and counts as coding nothing; the next record is still coded and
// passes.
func TestPETRARCHSuiteGoesOn(t *testing.T) {
	actors, _, err := petrarch.ReadActors(strings.NewReader("ARNOR_ [ARN]\nGONDOR [GON]\n"), "actors.txt")
	if err != nil {
		t.Fatal(err)
	}
	verbs, _, err := petrarch.ReadVerbs(strings.NewReader("--- MEET [040] ---\nMEET {MET}\n"), "verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	d := petrarch.Dictionaries{Actors: []*petrarch.Actors{actors}, Verbs: verbs}
	// Arnor met Gondor, and the same with heads that form a cycle.
	good := []petrarch.Token{
		{Text: "Arnor", Lemma: "arnor", UPOS: "PROPN", Head: 1, Deprel: "nsubj"},
		{Text: "met", Lemma: "meet", UPOS: "VERB", Head: -1, Deprel: "root"},
		{Text: "Gondor", Lemma: "gondor", UPOS: "PROPN", Head: 1, Deprel: "obj"},
	}
	cycle := append([]petrarch.Token(nil), good...)
	cycle[1].Head = 2
	want := []petrarch.Triple{{Source: "ARN", Target: "GON", Code: "040"}}
	opt := petrarch.Options{RequireDyad: true}
	s := &petrarch.Suite{Records: []petrarch.Record{
		{ID: "BAD", Category: "X", Evaluate: true, Parse: cycle, Expected: want, Options: opt},
		{ID: "GOOD", Category: "X", Evaluate: true, Parse: good, Expected: want, Options: opt},
	}}
	rep, err := evalSuite(s, d, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records != 2 || rep.Passed != 1 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "BAD") {
		t.Errorf("report %+v: want 2 records, the good one passed, the bad one reported", rep)
	}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil || !strings.Contains(b.String(), "pass_rate") || !strings.Contains(b.String(), "x ") {
		t.Errorf("table %q, %v: want the totals and the category", b.String(), err)
	}
}
