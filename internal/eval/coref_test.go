package eval

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

// TestEvalCoref scores a stand-in pipeline that links pronouns by a
// fixed table against a two-sentence document whose chains are known.
func TestEvalCoref(t *testing.T) {
	// link maps a pronoun occurrence ("him") to the name it is linked to.
	run := func(link map[string]string) CorefReport {
		t.Helper()
		process := func(ctx context.Context, d *doc.Document) error {
			body := d.Article.Body
			add := func(text, kind string, entity int, from int) int {
				at := strings.Index(body[from:], text) + from
				d.Mentions = append(d.Mentions, doc.Mention{Span: doc.Span{Start: at, End: at + len(text)}, Text: text, Kind: kind, Entity: entity})
				d.Entities[entity].Mentions = append(d.Entities[entity].Mentions, len(d.Mentions)-1)
				return at + len(text)
			}
			d.Entities = []doc.Entity{{Canonical: "Mary Smith"}, {Canonical: "John"}}
			add("Mary Smith", "name", 0, 0)
			add("John", "name", 1, 0)
			from := strings.Index(body, "She")
			for _, p := range []string{"She", "him", "his"} {
				switch link[p] {
				case "Mary Smith":
					from = add(p, "pronoun", 0, from)
				case "John":
					from = add(p, "pronoun", 1, from)
				}
			}
			return nil
		}
		rep, err := EvalCoref(context.Background(), "testdata/coref.conllu", process, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	for _, c := range []struct {
		name                      string
		link                      map[string]string
		resolved, correct, misses int
	}{
		{"all right", map[string]string{"She": "Mary Smith", "him": "John", "his": "John"}, 3, 3, 0},
		{"one wrong, one left out", map[string]string{"She": "Mary Smith", "him": "Mary Smith"}, 2, 1, 2},
		{"none resolved", nil, 0, 0, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := run(c.link)
			if rep.Documents != 1 || rep.Pronouns != 3 {
				t.Fatalf("%d documents, %d pronouns; want 1 and 3 (She, him, his)", rep.Documents, rep.Pronouns)
			}
			if rep.Resolved != c.resolved || rep.Correct != c.correct || len(rep.Misses) != c.misses {
				t.Errorf("resolved %d correct %d misses %d, want %d %d %d", rep.Resolved, rep.Correct, len(rep.Misses), c.resolved, c.correct, c.misses)
			}
			if g := rep.Genres["news"]; g.Pronouns != 3 || g.Correct != c.correct {
				t.Errorf("news genre: %+v", g)
			}
		})
	}
}

func TestCorefGoldRejectsAnUnopenedChain(t *testing.T) {
	sents := `# newdoc id = x
# text = He left.
1	He	he	PRON	PRP	_	2	nsubj	_	Entity=7)
2	left	leave	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

`
	path := t.TempDir() + "/bad.conllu"
	if err := os.WriteFile(path, []byte(sents), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := EvalCoref(context.Background(), path, func(context.Context, *doc.Document) error { return nil }, nil)
	if err == nil || !strings.Contains(err.Error(), `closes entity "7"`) || !strings.Contains(err.Error(), "sentence at line 1, word 1") {
		t.Errorf("err = %v, want the line and the chain named", err)
	}
}
