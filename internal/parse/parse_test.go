package parse_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/eval"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/text"
)

// analyse runs the language stages on body.
func analyse(t testing.TB, st *parse.Stage, body string) *doc.Document {
	t.Helper()
	d := doc.NewDocument(doc.Article{Body: body})
	if err := text.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

// word finds the token with the given text in d.
func word(t *testing.T, d *doc.Document, form string) (int, doc.Token) {
	t.Helper()
	for i, tok := range d.Tokens {
		if d.Text(tok.Span) == form {
			return i, tok
		}
	}
	t.Fatalf("no token %q", form)
	return 0, doc.Token{}
}

func TestStageFillsEveryToken(t *testing.T) {
	body := "Turkey's foreign minister did not visit Ankara on Monday.\n\n" +
		"“We condemn the attack,” said Gen. Mohammad-Reza Ashtiani, who met U.S. officials in Tehran."
	d := analyse(t, parse.New(), body)
	if len(d.Sentences) != 2 {
		t.Fatalf("%d sentences, want 2", len(d.Sentences))
	}
	for _, s := range d.Sentences {
		roots := 0
		for i := s.FirstToken; i < s.EndToken; i++ {
			tok := d.Tokens[i]
			if tok.UPOS == "" || tok.XPOS == "" || tok.Lemma == "" || tok.Deprel == "" {
				t.Errorf("token %d %q lacks tags: %+v", i, d.Text(tok.Span), tok)
			}
			switch {
			case tok.Head == -1:
				roots++
				if tok.Deprel != "root" {
					t.Errorf("root %q has deprel %q", d.Text(tok.Span), tok.Deprel)
				}
			case tok.Head < s.FirstToken || tok.Head >= s.EndToken || tok.Head == i:
				t.Errorf("token %d %q has head %d outside its sentence [%d,%d)", i, d.Text(tok.Span), tok.Head, s.FirstToken, s.EndToken)
			}
		}
		if roots != 1 {
			t.Errorf("sentence %d has %d roots", s.Paragraph, roots)
		}
	}
	visit, v := word(t, d, "visit")
	if v.UPOS != "VERB" || v.Lemma != "visit" {
		t.Errorf("visit: %s %q", v.UPOS, v.Lemma)
	}
	for _, c := range []struct{ form, deprel string }{
		{"not", "advmod"},
		{"minister", "nsubj"},
		{"Ankara", "obj"},
	} {
		_, tok := word(t, d, c.form)
		if tok.Head != visit || tok.Deprel != c.deprel {
			t.Errorf("%s: head %d deprel %s, want %d %s", c.form, tok.Head, tok.Deprel, visit, c.deprel)
		}
	}
	if _, met := word(t, d, "met"); met.Lemma != "meet" || met.XPOS != "VBD" {
		t.Errorf("met: %s lemma %q", met.XPOS, met.Lemma)
	}
}

func TestStageWithoutTokensDoesNothing(t *testing.T) {
	d := doc.NewDocument(doc.Article{Body: "   "})
	if err := parse.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// treebank returns a file of ../shared/data/ud, or skips.
func treebank(t testing.TB, rel string) string {
	return testkit.Shared(t, filepath.Join("data", "ud", rel))
}

// TestEWTDevRaw runs the whole language stack on the raw text of EWT dev
// and checks the shipped models still reach the figures they were
// committed with (docs/models.md), less a margin. Test sets are
// measured with dyad eval ud, never here.
func TestEWTDevRaw(t *testing.T) {
	if testing.Short() {
		t.Skip("short: the treebank test parses 25,000 words")
	}
	gold, err := conllu.ReadFile(treebank(t, "UD_English-EWT/en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	seg, st := text.New(), parse.New()
	rep, err := eval.EvalUD(context.Background(), gold, true, func(ctx context.Context, d *doc.Document) error {
		if err := seg.Process(ctx, d); err != nil {
			return err
		}
		return st.Process(ctx, d)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT dev raw: %+v", rep)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"tokens_f1", rep.TokensF1, 99.0},
		{"sentences_f1", rep.SentencesF1, 85.0},
		{"upos", rep.UPOS, 94.0},
		{"lemmas", rep.Lemmas, 96.0},
		{"las", rep.LAS, 79.5},
	} {
		if c.got < c.want {
			t.Errorf("%s %.1f, want at least %.1f", c.name, c.got, c.want)
		}
	}
}

// BenchmarkStack measures the whole language stack (segment, tag,
// lemmatise, parse) on the Wikinews examples, on one goroutine.
func BenchmarkStack(b *testing.B) {
	bodies := testkit.ExampleBodies(b)
	st := parse.New()
	analyse(b, st, "Load the models first.")
	b.ResetTimer()
	tokens, bytes := 0, 0
	for b.Loop() {
		for _, body := range bodies {
			d := analyse(b, st, body)
			tokens += len(d.Tokens)
			bytes += len(body)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	b.SetBytes(int64(bytes / max(b.N, 1)))
}

// BenchmarkLoad measures loading the embedded models, which every
// command that analyses text pays once.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse.LoadEmbedded(); err != nil {
			b.Fatal(err)
		}
	}
}
