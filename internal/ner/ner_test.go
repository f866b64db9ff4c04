package ner

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

func TestSpans(t *testing.T) {
	tests := []struct {
		name   string
		labels string
		want   []Span
	}{
		{"empty", "", nil},
		{"all O", "O O O", nil},
		{"one", "O B-PER I-PER O", []Span{{1, 3, "PER"}}},
		{"adjacent same type", "B-LOC B-LOC I-LOC", []Span{{0, 1, "LOC"}, {1, 3, "LOC"}}},
		{"type change", "B-ORG I-PER", []Span{{0, 1, "ORG"}, {1, 2, "PER"}}},
		{"stray I starts a span", "O I-LOC I-LOC O", []Span{{1, 3, "LOC"}}},
		{"at end", "O B-ORG", []Span{{1, 2, "ORG"}}},
		{"other types are O", "B-MISC I-MISC B-PER", []Span{{2, 3, "PER"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Spans(strings.Fields(tt.labels))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Spans(%q) = %v, want %v", tt.labels, got, tt.want)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"I-PER I-PER O I-LOC", "B-PER I-PER O B-LOC"},        // IOB1
		{"B-OTH I-OTH B-O I-O", "O O O O"},                    // UNER extras
		{"I-MISC I-PER B-PER", "O B-PER B-PER"},               // MISC is O
		{"B-ORG I-ORG I-LOC", "B-ORG I-ORG B-LOC"},            // type change
		{"B-Person I-Person B-Location", "B-PER I-PER B-LOC"}, // re3d
	}
	for _, tt := range tests {
		got := strings.Join(normalise(strings.Fields(tt.in), func(s string) string {
			if r := Re3dType(s); r != "" {
				return r
			}
			return unerType(s)
		}), " ")
		if got != tt.want {
			t.Errorf("normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	per := func(a, b int) Span { return Span{a, b, "PER"} }
	loc := func(a, b int) Span { return Span{a, b, "LOC"} }
	tests := []struct {
		name       string
		gold, pred [][]Span
		p, r, f    float64
		perF       float64
	}{
		{"perfect", [][]Span{{per(0, 2)}, {loc(1, 2)}}, [][]Span{{per(0, 2)}, {loc(1, 2)}}, 1, 1, 1, 1},
		{"nothing predicted", [][]Span{{per(0, 2)}}, [][]Span{nil}, 0, 0, 0, 0},
		{"wrong boundary", [][]Span{{per(0, 2)}}, [][]Span{{per(0, 1)}}, 0, 0, 0, 0},
		{"wrong type", [][]Span{{per(0, 2)}}, [][]Span{{loc(0, 2)}}, 0, 0, 0, 0},
		// 2 gold, 4 predicted, 1 correct: P 1/4, R 1/2, F1 1/3.
		{"half", [][]Span{{per(0, 1), loc(3, 4)}}, [][]Span{{per(0, 1), per(1, 2), loc(2, 3), loc(3, 5)}}, 0.25, 0.5, 1.0 / 3, 2.0 / 3},
		{"sentence matters", [][]Span{{per(0, 1)}, nil}, [][]Span{nil, {per(0, 1)}}, 0, 0, 0, 0},
	}
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Score(tt.gold, tt.pred)
			if !near(sc.Precision, tt.p) || !near(sc.Recall, tt.r) || !near(sc.F1, tt.f) {
				t.Errorf("got P %v R %v F1 %v, want %v %v %v", sc.Precision, sc.Recall, sc.F1, tt.p, tt.r, tt.f)
			}
			if !near(sc.Types["PER"].F1, tt.perF) {
				t.Errorf("PER F1 %v, want %v", sc.Types["PER"].F1, tt.perF)
			}
		})
	}
}

// tiny is a toy corpus in which capitalised words after "met" are people
// and after "in" are places.
func tiny() []Sentence {
	var out []Sentence
	people := []string{"Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid"}
	places := []string{"Paris", "Lagos", "Quito", "Oslo", "Hanoi", "Lima"}
	for i := range 30 {
		p, l := people[i%len(people)], places[(i*5)%len(places)]
		out = append(out, Sentence{
			Words:  []string{"We", "met", p, "Smith", "in", l, "."},
			Labels: []string{"O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"},
		})
	}
	return out
}

func TestTrainDeterministicAndRoundTrip(t *testing.T) {
	opt := Options{Epochs: 3, Seed: 7, WordDropout: 0.1}
	m1, err := Train(tiny(), opt)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Train(tiny(), opt)
	if err != nil {
		t.Fatal(err)
	}
	d1, d2 := t.TempDir(), t.TempDir()
	if err := m1.WriteTo(d1); err != nil {
		t.Fatal(err)
	}
	if err := m2.WriteTo(d2); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{metaFile, weightsFile} {
		b1, err1 := os.ReadFile(filepath.Join(d1, f))
		b2, err2 := os.ReadFile(filepath.Join(d2, f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(b1, b2) {
			t.Errorf("%s differs between two identical training runs", f)
		}
	}
	// Round trip: the loaded model gives the same labels and writes the
	// same bytes.
	m3, err := LoadDir(d1, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	d3 := t.TempDir()
	if err := m3.WriteTo(d3); err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(filepath.Join(d1, weightsFile))
	b3, _ := os.ReadFile(filepath.Join(d3, weightsFile))
	if !bytes.Equal(b1, b3) {
		t.Error("weights change on a write-read-write round trip")
	}
	words := []string{"We", "met", "Gustav", "Smith", "in", "Oslo", "."}
	want := []Span{{2, 4, "PER"}, {5, 6, "LOC"}}
	for name, m := range map[string]*Model{"trained": m1, "loaded": m3} {
		if got := m.Recognise(words, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s model: Recognise = %v, want %v", name, got, want)
		}
	}
	// A different seed gives different weights.
	m4, err := Train(tiny(), Options{Epochs: 3, Seed: 8, WordDropout: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	d4 := t.TempDir()
	if err := m4.WriteTo(d4); err != nil {
		t.Fatal(err)
	}
	b4, _ := os.ReadFile(filepath.Join(d4, weightsFile))
	if bytes.Equal(b1, b4) {
		t.Error("seed has no effect on training")
	}
}

func TestLoadDirErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadDir(dir, Deps{}); err == nil {
		t.Error("LoadDir of an empty directory succeeded")
	}
	os.WriteFile(filepath.Join(dir, metaFile), []byte("features\tother-1\n"), 0o644)
	if _, err := LoadDir(dir, Deps{}); err == nil || !strings.Contains(err.Error(), "feature set") {
		t.Errorf("LoadDir with a foreign feature set: err = %v", err)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, Options{}); err == nil {
		t.Error("Train with no data succeeded")
	}
	if _, err := Train([]Sentence{{Words: []string{"a"}, Labels: nil}}, Options{}); err == nil {
		t.Error("Train with missing labels succeeded")
	}
}

func TestReaders(t *testing.T) {
	dir := t.TempDir()
	iob2 := "# sent_id = a\n# text = Ann went to New York\n1\tAnn\tB-PER\t-\tx\n2\twent\tO\t-\t-\n3\tto\tO\n4\tNew\tB-LOC\t-\tx\n5\tYork\tI-LOC\t-\tx\n\n1\tHi\tB-OTH\t-\t-\n2\t#\tO\t-\t-\n"
	p := filepath.Join(dir, "a.iob2")
	os.WriteFile(p, []byte(iob2), 0o644)
	got, err := ReadIOB2(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Words: []string{"Ann", "went", "to", "New", "York"}, Labels: []string{"B-PER", "O", "O", "B-LOC", "I-LOC"}},
		{Words: []string{"Hi", "#"}, Labels: []string{"O", "O"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadIOB2 = %v, want %v", got, want)
	}
	conll := "-DOCSTART- O\n\nThe I-ORG\nBand I-ORG\nplayed O\nin O\nJapan I-LOC\n. O\n"
	p = filepath.Join(dir, "w.conll")
	os.WriteFile(p, []byte(conll), 0o644)
	got, err = ReadCoNLL(p, WikigoldType)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || strings.Join(got[0].Labels, " ") != "B-ORG I-ORG O O B-LOC O" {
		t.Errorf("ReadCoNLL = %v", got)
	}
}

func TestGUMSentence(t *testing.T) {
	const src = `# newdoc id = GUM_news_x
# sent_id = x-1
1	The	the	DET	DT	_	3	det	_	Entity=(1-organization-new-xx-cf1-3-coref
2	big	big	ADJ	JJ	_	3	amod	_	_
3	Acme	Acme	PROPN	NNP	_	6	nsubj	_	_
4	Corporation	Corporation	PROPN	NNP	_	3	flat	_	Entity=1)
5	in	in	ADP	IN	_	7	case	_	_
6	hired	hire	VERB	VBD	_	0	root	_	_
7	Ann	Ann	PROPN	NNP	_	6	obj	_	Entity=(2-person-new-xx-cf1-1-coref-Ann_X)
8	from	from	ADP	IN	_	9	case	_	_
9	Paris	Paris	PROPN	NNP	_	6	obl	_	Entity=(3-place-new-xx-cf1-1-coref-Paris)
10	and	and	CCONJ	CC	_	11	cc	_	_
11	the	the	DET	DT	_	12	det	_	Entity=(4-organization-new-xx-cf1-2-coref
12	company	company	NOUN	NN	_	6	conj	_	Entity=4)
13	.	.	PUNCT	.	_	6	punct	_	_

`
	p := filepath.Join(t.TempDir(), "g.conllu")
	os.WriteFile(p, []byte(src), 0o644)
	got, err := ReadGUM(p, GUMCommercial)
	if err != nil {
		t.Fatal(err)
	}
	want := "O O B-ORG I-ORG O O B-PER O B-LOC O O O O"
	if len(got) != 1 || strings.Join(got[0].Labels, " ") != want {
		t.Errorf("ReadGUM labels = %v, want %s", got, want)
	}
	if got, _ := ReadGUM(p, func(string) bool { return false }); len(got) != 0 {
		t.Errorf("ReadGUM kept a rejected document")
	}
	if GUMCommercial("GUM_fiction_x") || !GUMCommercial("GUM_news_x") {
		t.Error("GUMCommercial")
	}
}

func TestNames(t *testing.T) {
	data := gz(t, "new york\tloc\nnew york city\tloc\njohn\tpfirst\njohn smith\tper\n")
	nm, err := readNames(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"John", "Smith", "flew", "to", "New", "York", "City"}
	ws := make([]wordInfo, len(words))
	nm.mark(words, ws, nil)
	want := [][]uint64{{nm.sh[5], nm.bh[0]}, {nm.ih[0]}, nil, nil, {nm.bh[1]}, {nm.ih[1]}, {nm.ih[1]}}
	for i := range words {
		if !slices.Equal(ws[i].gaz, want[i]) {
			t.Errorf("word %d %s: classes %x, want %x", i, words[i], ws[i].gaz, want[i])
		}
	}
}

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fakeGaz marks the words of a fixed list as "B-place".
type fakeGaz struct {
	name   string
	places map[string]bool
}

func (g fakeGaz) Name() string { return g.name }

func (g fakeGaz) Classes(words []string, out [][]string) {
	for i, w := range words {
		if g.places[w] {
			out[i] = append(out[i], "B-place")
		}
	}
}

func TestGazetteerDeps(t *testing.T) {
	g := fakeGaz{"places-1", map[string]bool{"Paris": true, "Lagos": true, "Quito": true, "Oslo": true, "Hanoi": true, "Lima": true}}
	m, err := Train(tiny(), Options{Epochs: 3, Seed: 1, Gazetteer: g})
	if err != nil {
		t.Fatal(err)
	}
	if m.Gazetteer() != "places-1" {
		t.Errorf("Gazetteer() = %q", m.Gazetteer())
	}
	dir := t.TempDir()
	if err := m.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir, Deps{}); err == nil || !strings.Contains(err.Error(), `"places-1"`) {
		t.Errorf("LoadDir without the gazetteer: err = %v, want one naming places-1", err)
	}
	if _, err := LoadDir(dir, Deps{Gazetteer: fakeGaz{name: "places-2"}}); err == nil || !strings.Contains(err.Error(), `"places-2"`) {
		t.Errorf("LoadDir with another gazetteer: err = %v", err)
	}
	m2, err := LoadDir(dir, Deps{Gazetteer: g})
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"We", "met", "Anna", "Smith", "in", "Oslo", "."}
	if a, b := m.Labels(words, nil), m2.Labels(words, nil); !slices.Equal(a, b) {
		t.Errorf("trained %v, loaded %v", a, b)
	}
	// A model without a gazetteer ignores one in Deps.
	m3, err := Train(tiny(), Options{Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	d3 := t.TempDir()
	if err := m3.WriteTo(d3); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(d3, Deps{Gazetteer: g}); err != nil {
		t.Errorf("LoadDir of a model without gazetteer, given one: %v", err)
	}
}

// TestTags checks that tags reach the features: a model trained on
// given tags, where only the tag tells a name, finds names by their tag.
func TestTags(t *testing.T) {
	var sents []Sentence
	for i := range 40 {
		w := []string{"x", "y", "z"}[i%3]
		tag, lab := "NN", "O"
		if i%2 == 0 {
			tag, lab = "NNP", "B-PER"
		}
		sents = append(sents, Sentence{Words: []string{"a", w, "b"}, Labels: []string{"O", lab, "O"}, XPOS: []string{"DT", tag, "NN"}})
	}
	m, err := Train(sents, Options{Epochs: 5, POS: true})
	if err != nil {
		t.Fatal(err)
	}
	if !m.UsesTags() {
		t.Fatal("UsesTags is false for a model trained with POS")
	}
	words := []string{"a", "q", "b"}
	if got := m.Recognise(words, []string{"DT", "NNP", "NN"}); !reflect.DeepEqual(got, []Span{{1, 2, "PER"}}) {
		t.Errorf("with NNP: %v", got)
	}
	if got := m.Recognise(words, []string{"DT", "NN", "NN"}); got != nil {
		t.Errorf("with NN: %v", got)
	}
}

func TestTagged(t *testing.T) {
	in := []Sentence{
		{Words: []string{"Ann", "sleeps", "."}},
		{Words: []string{"kept"}, XPOS: []string{"XX"}},
	}
	out, err := Tagged(in)
	if err != nil {
		t.Fatal(err)
	}
	if in[0].XPOS != nil {
		t.Error("Tagged changed its input")
	}
	if want := []string{"NNP", "VBZ", "."}; !slices.Equal(out[0].XPOS, want) {
		t.Errorf("tags %v, want %v", out[0].XPOS, want)
	}
	if !slices.Equal(out[1].XPOS, []string{"XX"}) {
		t.Errorf("Tagged replaced given tags: %v", out[1].XPOS)
	}
}

func TestMarkRuns(t *testing.T) {
	cases := []struct {
		words     string
		i         int
		wantFirst string
		wantLast  string
		wantPos   uint64
	}{
		{"a degree from Georgetown University today", 3, "georgetown", "university", perceptron.Fold(runBegin, runLen[1])},
		{"the Bank of England said", 1, "bank", "england", perceptron.Fold(runBegin, runLen[2])},
		{"the Bank of England said", 2, "bank", "england", perceptron.Fold(runInside, runLen[2])},
		{"the Bank of England said", 3, "bank", "england", perceptron.Fold(runEnd, runLen[2])},
		{"she met Obama in Paris", 2, "obama", "obama", runSingle},
		// "of" joins only when a capitalised word follows it.
		{"the University of chicago fans", 1, "university", "university", runSingle},
		{"nothing here at all", 1, "", "", noRun},
	}
	for _, c := range cases {
		words := strings.Fields(c.words)
		s := &scratch{buf: make([]byte, 0, 64)}
		prepare(s, words, nil, nil, false, nil)
		w := s.ws[c.i]
		first, last := noRun, noRun
		if c.wantFirst != "" {
			first, last = perceptron.HashString(c.wantFirst), perceptron.HashString(c.wantLast)
		}
		if w.runFirst != first || w.runLast != last || w.runPos != c.wantPos {
			t.Errorf("%q word %d: run features differ from first %q, last %q", c.words, c.i, c.wantFirst, c.wantLast)
		}
	}
}

func TestTrainMembersAndDomains(t *testing.T) {
	train := tiny()
	// A second corpus, larger, with other conventions: it calls the
	// person ORG. Without domain features the model learns ORG.
	for range 40 {
		train = append(train, Sentence{
			Words:  []string{"We", "met", "Anna", "Smith", "in", "Lima", "."},
			Labels: []string{"O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"},
			Domain: "other",
		})
	}
	opt := Options{Epochs: 3, Seed: 7, DomainFeatures: true}
	m, err := TrainMembers(train, opt, 2)
	if err != nil {
		t.Fatal(err)
	}
	d := t.TempDir()
	if err := m.WriteTo(d); err != nil {
		t.Fatal(err)
	}
	meta, _ := os.ReadFile(filepath.Join(d, metaFile))
	if !strings.Contains(string(meta), "domains\tfolded") || !strings.Contains(string(meta), "members\t2") {
		t.Errorf("meta.txt does not record domains and members:\n%s", meta)
	}
	loaded, err := LoadDir(d, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	// The target domain's convention wins: the other corpus's ORG labels
	// live in its own copies of the features.
	want := []Span{{2, 4, "PER"}, {5, 6, "LOC"}}
	for name, mm := range map[string]*Model{"trained": m, "loaded": loaded} {
		if got := mm.Recognise([]string{"We", "met", "Anna", "Smith", "in", "Lima", "."}, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Recognise = %v, want %v", name, got, want)
		}
	}
}
