package tagger

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/conllu"
)

// toySentences are tagged sentences written word|XPOS|UPOS[|Feats].
var toySentences = []string{
	"The|DT|DET cat|NN|NOUN|Number=Sing sat|VBD|VERB on|IN|ADP the|DT|DET mat|NN|NOUN|Number=Sing .|.|PUNCT",
	"A|DT|DET dog|NN|NOUN|Number=Sing runs|VBZ|VERB in|IN|ADP the|DT|DET park|NN|NOUN|Number=Sing .|.|PUNCT",
	"Dogs|NNS|NOUN|Number=Plur run|VBP|VERB .|.|PUNCT",
	"The|DT|DET run|NN|NOUN|Number=Sing was|VBD|AUX long|JJ|ADJ .|.|PUNCT",
	"She|PRP|PRON saw|VBD|VERB 3|CD|NUM|NumType=Card cats|NNS|NOUN|Number=Plur .|.|PUNCT",
}

func toyCorpus(t testing.TB, copies int) []*conllu.Sentence {
	t.Helper()
	var out []*conllu.Sentence
	for range copies {
		for _, line := range toySentences {
			s := &conllu.Sentence{}
			for i, tok := range strings.Fields(line) {
				f := strings.SplitN(tok, "|", 4)
				if len(f) < 3 {
					t.Fatalf("bad token %q", tok)
				}
				w := conllu.Word{ID: i + 1, Form: f[0], XPOS: f[1], UPOS: f[2], Feats: "_"}
				if len(f) == 4 {
					w.Feats = f[3]
				}
				s.Words = append(s.Words, w)
			}
			out = append(out, s)
		}
	}
	return out
}

func TestTrainTagWriteLoad(t *testing.T) {
	train := toyCorpus(t, 25)
	m, err := Train(train, TrainOptions{Iterations: 3, Seed: 7, Dev: train[:5]})
	if err != nil {
		t.Fatal(err)
	}
	if m.Dev.Words == 0 || m.Dev.UPOS != m.Dev.Words || m.Dev.XPOS != m.Dev.Words || m.Dev.All != m.Dev.Words {
		t.Errorf("training data not learnt: %s", m.Dev)
	}
	dir := t.TempDir()
	if err := m.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	tg, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("Dogs run in the park .")
	out := make([]Tag, len(words))
	tg.Tag(words, out)
	want := []Tag{{"NOUN", "NNS", "Number=Plur"}, {"VERB", "VBP", ""}, {"ADP", "IN", ""}, {"DET", "DT", ""}, {"NOUN", "NN", "Number=Sing"}, {"PUNCT", ".", ""}}
	for i := range want {
		if out[i] != want[i] {
			t.Errorf("%s: got %+v, want %+v", words[i], out[i], want[i])
		}
	}
}

// Training twice with the same seed gives the same bytes; another seed
// may not change them, so it is not tested.
func TestTrainDeterministic(t *testing.T) {
	train := toyCorpus(t, 6)
	var files [2]map[string][]byte
	for k := range files {
		m, err := Train(train, TrainOptions{Iterations: 2, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := m.WriteTo(dir); err != nil {
			t.Fatal(err)
		}
		files[k] = map[string][]byte{}
		for _, name := range []string{metaFile, lexiconFile, weightsFile} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			files[k][name] = b
		}
	}
	for name, b := range files[0] {
		if !bytes.Equal(b, files[1][name]) {
			t.Errorf("%s differs between two trainings with the same seed", name)
		}
	}
}

func TestOldFeatureVersionRefused(t *testing.T) {
	m, err := Train(toyCorpus(t, 3), TrainOptions{Iterations: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := m.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir); err != nil {
		t.Fatalf("fresh model refused: %v", err)
	}
	p := filepath.Join(dir, metaFile)
	meta, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(meta), "features "+featureVersion, "features tagger-2", 1)
	if old == string(meta) {
		t.Fatalf("meta.txt does not name the feature set:\n%s", meta)
	}
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "feature set") {
		t.Errorf("model of another feature set loaded (err %v)", err)
	}
}

// Words seen fewer than ambMin times are unknown: the perceptron sees
// only their spelling, not the form.
func TestRareWordsUnknown(t *testing.T) {
	train := toyCorpus(t, 1)
	lex, err := buildLexicon(train)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := prepare(train, lex)
	ws := data[0].ws // "The cat sat on the mat ."
	if ws[0].amb == unknownAmb || ws[0].low == unknownAmb {
		t.Errorf("the (twice in the data) is unknown")
	}
	if ws[1].amb != unknownAmb || ws[1].low != unknownAmb || ws[1].raw != unknownAmb || ws[1].dict != -1 {
		t.Errorf("cat (once in the data) is known: %+v", ws[1])
	}
	if ws[1].suf[0] == unknownAmb || ws[1].lowKey == unknownAmb {
		t.Errorf("unknown word lost its spelling")
	}
}

func TestSentenceCase(t *testing.T) {
	for _, c := range []struct {
		words string
		want  uint64
	}{
		{"the cat sat .", caseLower},
		{"THE CAT SAT .", caseUpper},
		{"Police Say Man Bites Dog", caseTitle},
		{"The cat sat on Tuesday .", caseNormal},
	} {
		var ws []wordInfo
		for _, w := range strings.Fields(c.words) {
			wi, _ := describe(w, nil)
			ws = append(ws, wi)
		}
		setCase(ws)
		if ws[0].scase != c.want || ws[len(ws)-1].scase != c.want {
			t.Errorf("%q: case %#x, want %#x", c.words, ws[0].scase, c.want)
		}
	}
}

func TestEmbeddedModel(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("The children were running to the bigger house .")
	out := make([]Tag, len(words))
	tg.Tag(words, out)
	want := []string{"DET", "NOUN", "AUX", "VERB", "ADP", "DET", "ADJ", "NOUN", "PUNCT"}
	for i, u := range want {
		if out[i].UPOS != u {
			t.Errorf("%s: UPOS %s, want %s", words[i], out[i].UPOS, u)
		}
	}
	if out[1].XPOS != "NNS" || out[1].Feats != "Number=Plur" {
		t.Errorf("children: %+v", out[1])
	}
}

func TestTagSentencesCopies(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	gold := &conllu.Sentence{Words: []conllu.Word{
		{ID: 1, Form: "She", UPOS: "X", XPOS: "X"},
		{ID: 2, Form: "met", UPOS: "X", XPOS: "X"},
		{ID: 3, Form: "them", UPOS: "X", XPOS: "X"},
	}}
	got := tg.TagSentences([]*conllu.Sentence{gold})
	if gold.Words[1].UPOS != "X" {
		t.Fatal("TagSentences changed its input")
	}
	if u := []string{got[0].Words[0].UPOS, got[0].Words[1].UPOS, got[0].Words[2].UPOS}; u[0] != "PRON" || u[1] != "VERB" || u[2] != "PRON" {
		t.Errorf("UPOS %v, want PRON VERB PRON", u)
	}
	if got[0].Words[1].XPOS != "VBD" || got[0].Words[1].Form != "met" {
		t.Errorf("met: %+v", got[0].Words[1])
	}
}
