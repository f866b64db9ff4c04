package conllu

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sample = `# newdoc id = d1
# sent_id = 1
# text = I don't know.
2-3	don't	_	_	_	_	_	_	_	_
1	I	I	PRON	PRP	_	3	nsubj	_	_
2	do	do	AUX	VBP	_	3	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = 2
# text = Fine.
1	Fine	fine	ADJ	JJ	_	0	root	_	SpaceAfter=No
2	.	.	PUNCT	.	_	1	punct	_	_

`

func TestReadWriteRoundTrip(t *testing.T) {
	sents, err := readString(sample)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || len(sents[0].Words) != 5 || len(sents[0].Multiwords) != 1 {
		t.Fatalf("read %d sentences, %+v", len(sents), sents[0])
	}
	toks := sents[0].Tokens()
	var forms []string
	for _, tk := range toks {
		forms = append(forms, tk.Form)
	}
	if got := strings.Join(forms, "|"); got != "I|don't|know|." {
		t.Errorf("tokens = %s", got)
	}
	var buf bytes.Buffer
	if err := Write(&buf, sents); err != nil {
		t.Fatal(err)
	}
	again, err := readString(buf.String())
	if err != nil {
		t.Fatal(err)
	}
	for i := range sents {
		sents[i].Line, again[i].Line = 0, 0
	}
	if !reflect.DeepEqual(sents, again) {
		t.Errorf("round trip differs:\n%s", buf.String())
	}
	text, starts := RawText(sents)
	if text != "I don't know.\n\nFine." && text != "I don't know. Fine." {
		t.Errorf("raw text %q", text)
	}
	if text[starts[1]:] != "Fine." {
		t.Errorf("second sentence starts at %d in %q", starts[1], text)
	}
}

func TestReadErrors(t *testing.T) {
	for _, in := range []string{
		"1\tI\tI\tPRON\n",
		"2\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n",
		"1\tI\tI\tPRON\tPRP\t_\tx\troot\t_\t_\n",
	} {
		if _, err := readString(in); err == nil || !strings.Contains(err.Error(), "test:1:") {
			t.Errorf("%q: err = %v, want one naming test:1", in, err)
		}
	}
}

func readString(s string) ([]*Sentence, error) {
	r := NewReader(strings.NewReader(s), "test")
	var out []*Sentence
	for {
		sent, err := r.Next()
		if err != nil {
			if err.Error() == "EOF" {
				return out, nil
			}
			return nil, err
		}
		out = append(out, sent)
	}
}

func TestTreebankCounts(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "ud", "UD_English-EWT", "en_ewt-ud-test.conllu")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("../shared/data/ud not found (%v): skipping the treebank check", err)
	}
	sents, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	words, tokens := 0, 0
	for _, s := range sents {
		words += len(s.Words)
		tokens += len(s.Tokens())
	}
	// Figures from ../shared/data/README.md.
	if len(sents) != 2077 || words != 25094 || tokens != 24740 {
		t.Errorf("got %d sentences, %d words, %d tokens; want 2077, 25094, 24740", len(sents), words, tokens)
	}
}

func TestKeepDocs(t *testing.T) {
	in := "# newdoc id = GUM_news_a\n1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n\n1\tB\tb\tX\tX\t_\t0\troot\t_\t_\n\n" +
		"# newdoc id = GUM_fiction_b\n1\tC\tc\tX\tX\t_\t0\troot\t_\t_\n\n"
	sents, err := readString(in)
	if err != nil {
		t.Fatal(err)
	}
	kept := KeepDocs(sents, func(id string) bool { return !strings.HasPrefix(id, "GUM_fiction_") })
	if len(kept) != 2 || kept[1].Words[0].Form != "B" {
		t.Errorf("kept %d sentences", len(kept))
	}
}

func TestMiscValue(t *testing.T) {
	for _, c := range []struct{ misc, key, want string }{
		{"Entity=(1-person-new|SpaceAfter=No", "Entity", "(1-person-new"},
		{"SpaceAfter=No|Entity=1)2)", "Entity", "1)2)"},
		{"SpaceAfter=No", "Entity", ""},
		{"_", "Entity", ""},
		{"XEntity=3", "Entity", ""},
	} {
		if got := MiscValue(c.misc, c.key); got != c.want {
			t.Errorf("MiscValue(%q, %q) = %q, want %q", c.misc, c.key, got, c.want)
		}
	}
}
