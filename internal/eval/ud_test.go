package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"io"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
)

// udGold is a small treebank: two documents, a paragraph break, a
// multiword token ("don't") and a nmod:poss.
const udGold = `# newdoc id = d1
# text = I don't like cats.
1	I	I	PRON	PRP	_	4	nsubj	_	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	like	like	VERB	VB	_	0	root	_	_
5	cats	cat	NOUN	NNS	_	4	obj	_	SpaceAfter=No
6	.	.	PUNCT	.	_	4	punct	_	_

# newpar
# text = Tom's dog barked.
1	Tom	Tom	PROPN	NNP	_	3	nmod:poss	_	SpaceAfter=No
2	's	's	PART	POS	_	1	case	_	_
3	dog	dog	NOUN	NN	_	4	nsubj	_	_
4	barked	bark	VERB	VBD	_	0	root	_	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	_	_

# newdoc id = d2
# text = It rained.
1	It	it	PRON	PRP	_	2	expl	_	_
2	rained	rain	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

`

// udOneWord is udGold with "don't" as one word.
const udOneWord = `# newdoc id = d1
# text = I don't like cats.
1	I	I	PRON	PRP	_	3	nsubj	_	_
2	don't	do	AUX	VBP	_	3	aux	_	_
3	like	like	VERB	VB	_	0	root	_	_
4	cats	cat	NOUN	NNS	_	3	obj	_	SpaceAfter=No
5	.	.	PUNCT	.	_	3	punct	_	_

# newpar
# text = Tom's dog barked.
1	Tom	Tom	PROPN	NNP	_	3	nmod:poss	_	SpaceAfter=No
2	's	's	PART	POS	_	1	case	_	_
3	dog	dog	NOUN	NN	_	4	nsubj	_	_
4	barked	bark	VERB	VBD	_	0	root	_	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	_	_

# newdoc id = d2
# text = It rained.
1	It	it	PRON	PRP	_	2	expl	_	_
2	rained	rain	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

`

func readCoNLLU(t testing.TB, s string) []*conllu.Sentence {
	t.Helper()
	r := conllu.NewReader(strings.NewReader(s), "test")
	var out []*conllu.Sentence
	for {
		s, err := r.Next()
		if err != nil {
			if err == io.EOF {
				return out
			}
			t.Fatal(err)
		}
		out = append(out, s)
	}
}

// edit returns udGold with the lines for which old is a prefix replaced
// by repl (several lines for a split).
func edit(t testing.TB, old string, repl ...string) string {
	t.Helper()
	lines := strings.Split(udGold, "\n")
	var out []string
	found := false
	for _, l := range lines {
		if !found && strings.HasPrefix(l, old) {
			out = append(out, repl...)
			found = true
			continue
		}
		out = append(out, l)
	}
	if !found {
		t.Fatalf("no line starts with %q", old)
	}
	return strings.Join(out, "\n")
}

// systemFrom returns a raw-mode process that fills the document from a
// system CoNLL-U: each document's sentences (split at newdoc) are laid on
// the body by finding their surface tokens in order; the words of a
// multiword token must spell it, and become tokens joined by
// FusedWithNext. A "# sentence = join" comment merges a sentence into the
// one before it.
func systemFrom(t testing.TB, sys string) func(context.Context, *doc.Document) error {
	docs := splitDocs(readCoNLLU(t, sys))
	n := 0
	return func(_ context.Context, d *doc.Document) error {
		if n >= len(docs) {
			return errors.New("more documents than the system file has")
		}
		sents := docs[n].sents
		n++
		body := d.Article.Body
		pos := 0
		for _, s := range sents {
			base := len(d.Tokens)
			if _, join := s.Comment("sentence"); !join || len(d.Sentences) == 0 {
				d.Sentences = append(d.Sentences, doc.Sentence{FirstToken: base})
			}
			for _, tok := range s.Tokens() {
				for pos < len(body) && strings.ContainsRune(" \n", rune(body[pos])) {
					pos++
				}
				if !strings.HasPrefix(body[pos:], tok.Form) {
					t.Fatalf("system token %q not at %q", tok.Form, body[pos:])
				}
				at := pos
				pos += len(tok.Form)
				for id := tok.First; id <= tok.Last; id++ {
					w := s.Words[id-1]
					if !strings.HasPrefix(body[at:pos], w.Form) {
						t.Fatalf("word %q does not spell token %q", w.Form, tok.Form)
					}
					head := -1
					if w.Head > 0 {
						head = base + w.Head - 1
					}
					d.Tokens = append(d.Tokens, doc.Token{
						Span: doc.Span{Start: at, End: at + len(w.Form)}, Sentence: len(d.Sentences) - 1,
						Lemma: w.Lemma, UPOS: w.UPOS, XPOS: w.XPOS, Head: head, Deprel: w.Deprel,
						FusedWithNext: id < tok.Last,
					})
					at += len(w.Form)
				}
			}
			st := &d.Sentences[len(d.Sentences)-1]
			st.EndToken = len(d.Tokens)
			st.Span = doc.Span{Start: d.Tokens[st.FirstToken].Span.Start, End: d.Tokens[len(d.Tokens)-1].Span.End}
		}
		return nil
	}
}

func evalRaw(t *testing.T, sys string) UDReport {
	t.Helper()
	r, err := EvalUD(context.Background(), readCoNLLU(t, udGold), true, systemFrom(t, sys))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkReport(t *testing.T, got UDReport, want UDReport) {
	t.Helper()
	got.Counts = UDCounts{}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func all(tok, sent, words float64) UDReport {
	return UDReport{TokensF1: tok, SentencesF1: sent, UPOS: words, XPOS: words, Lemmas: words, UAS: words, LAS: words}
}

func TestEvalUDRaw(t *testing.T) {
	for _, tc := range []struct {
		name string
		sys  string
		want UDReport
	}{
		{"perfect", udGold, all(100, 100, 100)},
		// "barked" as "bark" + "ed": tokens 12 of 13 gold, 14 system:
		// 24/27; words 13 aligned of 14 gold, 15 system: 26/29; heads:
		// "dog" and "." now point to an unaligned word, 11 right: 22/29.
		{"split", strings.Replace(edit(t, "4\tbarked", "4\tbark\tbark\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No", "5\ted\ted\tX\tFW\t_\t4\tgoeswith\t_\tSpaceAfter=No"),
			"5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n# newdoc id = d2", "6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n# newdoc id = d2", 1),
			UDReport{TokensF1: 88.9, SentencesF1: 100, UPOS: 89.7, XPOS: 89.7, Lemmas: 89.7, UAS: 75.9, LAS: 75.9}},
		// "Tom's" as one token: tokens 11 of 13/12: 22/25; words 12 of
		// 14/13: 24/27.
		{"merged", strings.Replace(edit(t, "1\tTom", "1\tTom's\tTom\tPROPN\tNNP\t_\t2\tnmod:poss\t_\t_"), "2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n3\tdog\tdog\tNOUN\tNN\t_\t4\tnsubj\t_\t_\n4\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4",
			"2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n3\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3", 1),
			all(88, 100, 88.9)},
		// The second sentence joined to the first: 1 of 3 gold, 2 system.
		{"missing boundary", edit(t, "# newpar", "# newpar", "# sentence = join"), all(100, 40, 100)},
		// "cats" attached to "I": 13 of 14.
		{"wrong head", edit(t, "5\tcats", "5\tcats\tcat\tNOUN\tNNS\t_\t1\tobj\t_\tSpaceAfter=No"),
			UDReport{TokensF1: 100, SentencesF1: 100, UPOS: 100, XPOS: 100, Lemmas: 100, UAS: 92.9, LAS: 92.9}},
		// nmod for nmod:poss: LAS compares the universal part only.
		{"subtype", edit(t, "1\tTom", "1\tTom\tTom\tPROPN\tNNP\t_\t3\tnmod\t_\tSpaceAfter=No"), all(100, 100, 100)},
		{"wrong label", edit(t, "5\tcats", "5\tcats\tcat\tNOUN\tNNS\t_\t4\tobl\t_\tSpaceAfter=No"),
			UDReport{TokensF1: 100, SentencesF1: 100, UPOS: 100, XPOS: 100, Lemmas: 100, UAS: 100, LAS: 92.9}},
		{"wrong tags and lemma", edit(t, "5\tcats", "5\tcats\tcats\tVERB\tVBZ\t_\t4\tobj\t_\tSpaceAfter=No"),
			UDReport{TokensF1: 100, SentencesF1: 100, UPOS: 92.9, XPOS: 92.9, Lemmas: 92.9, UAS: 100, LAS: 100}},
		// "do" + "n't" as two tokens instead of a multiword token: the
		// token "don't" is missed (12 of 13/14: 24/27), but the words
		// align inside the multiword span by their forms.
		{"mwt unfused", edit(t, "2-3\tdon't"), UDReport{TokensF1: 88.9, SentencesF1: 100, UPOS: 100, XPOS: 100, Lemmas: 100, UAS: 100, LAS: 100}},
		// "don" + "'t" fused: the token is right, but no word form
		// matches gold's: 12 of 14/14 words.
		{"mwt wrong split", strings.Replace(strings.Replace(udGold, "2\tdo\tdo", "2\tdon\tdo", 1), "3\tn't\tnot", "3\t't\tnot", 1),
			UDReport{TokensF1: 100, SentencesF1: 100, UPOS: 85.7, XPOS: 85.7, Lemmas: 85.7, UAS: 85.7, LAS: 85.7}},
		// "don't" as one word: 12 of 14/13 words.
		{"mwt one word", udOneWord,
			UDReport{TokensF1: 100, SentencesF1: 100, UPOS: 88.9, XPOS: 88.9, Lemmas: 88.9, UAS: 88.9, LAS: 88.9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReport(t, evalRaw(t, tc.sys), tc.want)
		})
	}
}

func TestEvalUDRawDocument(t *testing.T) {
	var bodies []*doc.Document
	_, err := EvalUD(context.Background(), readCoNLLU(t, udGold), true, func(_ context.Context, d *doc.Document) error {
		c := *d
		bodies = append(bodies, &c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 2 {
		t.Fatalf("process ran %d times, want 2 (one per newdoc)", len(bodies))
	}
	d := bodies[0]
	if want := "I don't like cats.\n\nTom's dog barked."; d.Article.Body != want {
		t.Errorf("body %q, want %q", d.Article.Body, want)
	}
	if want := []doc.Span{{Start: 0, End: 18}, {Start: 20, End: 37}}; !equalSpans(d.Article.Paragraphs, want) {
		t.Errorf("paragraphs %v, want %v", d.Article.Paragraphs, want)
	}
	if d.Article.ID != "d1" || len(d.Tokens) != 0 || len(d.Sentences) != 0 {
		t.Errorf("raw document has id %q, %d tokens, %d sentences; want d1, none", d.Article.ID, len(d.Tokens), len(d.Sentences))
	}
	if bodies[1].Article.Body != "It rained." {
		t.Errorf("second body %q", bodies[1].Article.Body)
	}
	// The body is conllu.RawText of the document's sentences.
	gold := readCoNLLU(t, udGold)
	for i, g := range splitDocs(gold) {
		if raw, _ := conllu.RawText(g.sents); bodies[i].Article.Body != raw {
			t.Errorf("document %d: body %q, RawText %q", i, bodies[i].Article.Body, raw)
		}
	}
}

func equalSpans(a, b []doc.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// An empty output misses everything; nothing divides by zero.
func TestEvalUDRawEmptyOutput(t *testing.T) {
	r, err := EvalUD(context.Background(), readCoNLLU(t, udGold), true, func(context.Context, *doc.Document) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, r, all(0, 0, 0))
	if c := r.Counts; c.GoldTokens != 13 || c.GoldWords != 14 || c.GoldSentences != 3 {
		t.Errorf("gold counts %+v, want 13 tokens, 14 words, 3 sentences", c)
	}
}

// goldCopy fills the prefilled tokens of gold-token mode from the gold
// words, in order, passing each word to change first.
func goldCopy(t *testing.T, gold []*conllu.Sentence, change func(w *conllu.Word)) func(context.Context, *doc.Document) error {
	var words []conllu.Word
	var bases []int
	for _, s := range gold {
		for _, w := range s.Words {
			bases = append(bases, len(words)-w.ID+1)
			words = append(words, w)
		}
	}
	n := 0
	return func(_ context.Context, d *doc.Document) error {
		start := n
		for i := range d.Tokens {
			w := words[n]
			if change != nil {
				change(&w)
			}
			if got := d.Text(d.Tokens[i].Span); got != w.Form {
				t.Errorf("token %d is %q, want %q", n, got, w.Form)
			}
			tk := &d.Tokens[i]
			tk.Lemma, tk.UPOS, tk.XPOS, tk.Deprel = w.Lemma, w.UPOS, w.XPOS, w.Deprel
			if w.Head > 0 {
				tk.Head = bases[n] + w.Head - 1 - start
			}
			n++
		}
		return nil
	}
}

func TestEvalUDGoldTokens(t *testing.T) {
	gold := readCoNLLU(t, udGold)
	var first doc.Document
	proc := goldCopy(t, gold, nil)
	r, err := EvalUD(context.Background(), gold, false, func(ctx context.Context, d *doc.Document) error {
		if first.Article.Body == "" {
			first = *d
			first.Tokens = append([]doc.Token(nil), d.Tokens...)
		}
		return proc(ctx, d)
	})
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, r, all(100, 100, 100))

	if want := "I do n't like cats .\n\nTom 's dog barked ."; first.Article.Body != want {
		t.Errorf("body %q, want %q", first.Article.Body, want)
	}
	want := []doc.Sentence{
		{Span: doc.Span{Start: 0, End: 20}, Paragraph: 0, FirstToken: 0, EndToken: 6},
		{Span: doc.Span{Start: 22, End: 41}, Paragraph: 1, FirstToken: 6, EndToken: 11},
	}
	if len(first.Sentences) != 2 || first.Sentences[0] != want[0] || first.Sentences[1] != want[1] {
		t.Errorf("sentences %+v, want %+v", first.Sentences, want)
	}
	if len(first.Tokens) != 11 {
		t.Fatalf("%d tokens, want 11", len(first.Tokens))
	}
	for i, tk := range first.Tokens {
		fused := i == 1
		if tk.FusedWithNext != fused || tk.Head != -1 || tk.UPOS != "" || tk.Lemma != "" || tk.Sentence != i/6 {
			t.Errorf("token %d prefilled as %+v", i, tk)
		}
	}
	if first.Tokens[2].Span != (doc.Span{Start: 5, End: 8}) {
		t.Errorf("n't at %v, want 5..8", first.Tokens[2].Span)
	}
}

// With gold tokens the word metrics are accuracies.
func TestEvalUDGoldTokensErrors(t *testing.T) {
	gold := readCoNLLU(t, udGold)
	r, err := EvalUD(context.Background(), gold, false, goldCopy(t, gold, func(w *conllu.Word) {
		switch w.Form {
		case "cats":
			w.Lemma = "cats" // lemma wrong
		case "Tom":
			w.Deprel = "nmod" // universal part right: LAS right
		case "dog":
			w.UPOS, w.Deprel = "VERB", "obj" // UPOS wrong, LAS wrong
		case "It":
			w.Head = 3 // head wrong
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	// 13 of 14 for UPOS, lemmas, UAS; 12 of 14 for LAS.
	checkReport(t, r, UDReport{TokensF1: 100, SentencesF1: 100, UPOS: 92.9, XPOS: 100, Lemmas: 92.9, UAS: 92.9, LAS: 85.7})
	if c := r.Counts; c.UPOS != 13 || c.LAS != 12 || c.GoldWords != 14 || c.SystemWords != 14 {
		t.Errorf("counts %+v", c)
	}
}

func TestEvalUDGoldLemmaUnderscore(t *testing.T) {
	gold := readCoNLLU(t, strings.Replace(udGold, "5\tcats\tcat\t", "5\tcats\t_\t", 1))
	r, err := EvalUD(context.Background(), gold, false, goldCopy(t, gold, func(w *conllu.Word) {
		if w.Form == "cats" {
			w.Lemma = "anything"
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if r.Lemmas != 100 {
		t.Errorf("lemmas %v: a gold lemma _ accepts any", r.Lemmas)
	}
}

func TestEvalUDBadOutput(t *testing.T) {
	gold := readCoNLLU(t, udGold)
	for name, proc := range map[string]func(context.Context, *doc.Document) error{
		"out of range": func(_ context.Context, d *doc.Document) error {
			d.Tokens = []doc.Token{{Span: doc.Span{Start: 0, End: 1000}}}
			return nil
		},
		"no characters": func(_ context.Context, d *doc.Document) error {
			d.Tokens = []doc.Token{{Span: doc.Span{Start: 1, End: 2}}}
			return nil
		},
		"overlap": func(_ context.Context, d *doc.Document) error {
			d.Tokens = []doc.Token{{Span: doc.Span{Start: 0, End: 5}}, {Span: doc.Span{Start: 3, End: 6}}}
			return nil
		},
		"process error": func(context.Context, *doc.Document) error { return errors.New("boom") },
	} {
		if _, err := EvalUD(context.Background(), gold, true, proc); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := EvalUD(ctx, gold, true, systemFrom(t, udGold)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestUDReportOutput(t *testing.T) {
	r := evalRaw(t, edit(t, "2-3\tdon't"))
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tokens_f1       88.9        12        13        14", "las            100.0        14        14        14"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"tokens_f1":88.9,"sentences_f1":100,"upos":100,"xpos":100,"lemmas":100,"uas":100,"las":100}`; string(js) != want {
		t.Errorf("json %s, want %s", js, want)
	}
}

// scriptWords builds words as the script's own unit tests do: "abc a b c"
// is a multiword token "abc" of words a, b, c; characters count from 0.
func scriptWords(tokens []string) []udWord {
	var out []udWord
	at := 0
	for _, t := range tokens {
		parts := strings.Split(t, " ")
		sp := udSpan{at, at + len([]rune(parts[0]))}
		at = sp.end
		if len(parts) == 1 {
			out = append(out, udWord{span: sp, form: strings.ToLower(parts[0])})
			continue
		}
		for _, p := range parts[1:] {
			out = append(out, udWord{span: sp, mw: true, form: strings.ToLower(p)})
		}
	}
	return out
}

// The alignment cases of conll18_ud_eval.py's own tests.
func TestAlignWordsLikeScript(t *testing.T) {
	for _, tc := range []struct {
		gold, system []string
		aligned      int
	}{
		{[]string{"a"}, []string{"a"}, 1},
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}, 3},
		{[]string{"abc a b c"}, []string{"a", "b", "c"}, 3},
		{[]string{"a", "bc b c", "d"}, []string{"a", "b", "c", "d"}, 4},
		{[]string{"abcd a b c d"}, []string{"ab a b", "cd c d"}, 4},
		{[]string{"abc a b c", "de d e"}, []string{"a", "bcd b c d", "e"}, 5},
		{[]string{"abcd"}, []string{"a", "b", "c", "d"}, 0},
		{[]string{"abc", "d"}, []string{"a", "b", "c", "d"}, 1},
		{[]string{"a", "bc", "d"}, []string{"a", "b", "c", "d"}, 2},
		{[]string{"a", "bc b c", "d"}, []string{"a", "b", "cd"}, 2},
		{[]string{"abc a BX c", "def d EX f"}, []string{"ab a b", "cd c d", "ef e f"}, 4},
		{[]string{"ab a b", "cd bc d"}, []string{"a", "bc", "d"}, 2},
		{[]string{"a", "bc b c", "d"}, []string{"ab AX BX", "cd CX a"}, 1},
	} {
		toGold := alignWords(scriptWords(tc.gold), scriptWords(tc.system))
		n := 0
		for _, g := range toGold {
			if g >= 0 {
				n++
			}
		}
		if n != tc.aligned {
			t.Errorf("gold %q system %q: %d aligned, want %d", tc.gold, tc.system, n, tc.aligned)
		}
	}
}

// udTreebank returns a treebank file under ../shared/data/ud, or skips.
func udTreebank(t testing.TB, rel string) string { return shared.Dir(t, "data", "ud", rel) }

func TestEvalUDTreebankIdentity(t *testing.T) {
	path := udTreebank(t, "UD_English-EWT/en_ewt-ud-dev.conllu")
	gold, err := conllu.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		gold = gold[:300]
	}
	r, err := EvalUD(context.Background(), gold, true, systemFromSentences(t, gold))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, r, all(100, 100, 100))
	if r.Counts.GoldWords != r.Counts.AlignedWords || r.Counts.GoldSentences != len(gold) {
		t.Errorf("counts %+v", r.Counts)
	}
	r, err = EvalUD(context.Background(), gold, false, goldCopy(t, gold, nil))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, r, all(100, 100, 100))
}

// systemFromSentences is systemFrom on parsed sentences; forms with
// spaces are laid on the body with the spaces of the text.
func systemFromSentences(t testing.TB, gold []*conllu.Sentence) func(context.Context, *doc.Document) error {
	var b bytes.Buffer
	if err := conllu.Write(&b, gold); err != nil {
		t.Fatal(err)
	}
	for _, s := range gold {
		for _, w := range s.Words {
			if strings.Contains(w.Form, " ") {
				t.Skip("treebank has forms with spaces; systemFrom cannot lay them")
			}
		}
	}
	return systemFrom(t, b.String())
}
