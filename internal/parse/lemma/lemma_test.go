package lemma

import (
	"bytes"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad/internal/conllu"
)

var loadOnce = sync.OnceValues(Load)

func load(t testing.TB) *Lemmatizer {
	t.Helper()
	l, err := loadOnce()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

type lemmaCase struct{ form, upos, xpos, want string }

func checkLemmas(t *testing.T, cases []lemmaCase) {
	t.Helper()
	l := load(t)
	for _, c := range cases {
		if got := l.Lemma(c.form, c.upos, c.xpos); got != c.want {
			t.Errorf("Lemma(%q, %s, %s) = %q, want %q", c.form, c.upos, c.xpos, got, c.want)
		}
	}
}

func TestIrregular(t *testing.T) {
	checkLemmas(t, []lemmaCase{
		{"went", "VERB", "VBD", "go"},
		{"gone", "VERB", "VBN", "go"},
		{"written", "VERB", "VBN", "write"},
		{"fled", "VERB", "VBD", "flee"},
		{"struck", "VERB", "VBD", "strike"},
		{"sought", "VERB", "VBD", "seek"},
		{"geese", "NOUN", "NNS", "goose"},
		{"children", "NOUN", "NNS", "child"},
		{"mice", "NOUN", "NNS", "mouse"},
		{"wolves", "NOUN", "NNS", "wolf"},
		{"analyses", "NOUN", "NNS", "analysis"},
		{"criteria", "NOUN", "NNS", "criterion"},
		{"better", "ADJ", "JJR", "good"},
		{"best", "ADJ", "JJS", "good"},
		{"worse", "ADJ", "JJR", "bad"},
		{"better", "ADV", "RBR", "well"},
	})
}

func TestRegular(t *testing.T) {
	checkLemmas(t, []lemmaCase{
		// Plurals.
		{"cats", "NOUN", "NNS", "cat"},
		{"cities", "NOUN", "NNS", "city"},
		{"boxes", "NOUN", "NNS", "box"},
		{"churches", "NOUN", "NNS", "church"},
		{"houses", "NOUN", "NNS", "house"},
		{"heroes", "NOUN", "NNS", "hero"},
		{"photos", "NOUN", "NNS", "photo"},
		{"militias", "NOUN", "NNS", "militia"},
		{"airstrikes", "NOUN", "NNS", "airstrike"},
		{"hostages", "NOUN", "NNS", "hostage"},
		// Verbs: -ed with e-restoration and doubling, -ing, -s.
		{"walked", "VERB", "VBD", "walk"},
		{"hoped", "VERB", "VBD", "hope"},
		{"hopped", "VERB", "VBD", "hop"},
		{"tried", "VERB", "VBD", "try"},
		{"lied", "VERB", "VBD", "lie"},
		{"panicked", "VERB", "VBD", "panic"},
		{"admitted", "VERB", "VBN", "admit"},
		{"visited", "VERB", "VBD", "visit"},
		{"preferred", "VERB", "VBD", "prefer"},
		{"travelled", "VERB", "VBD", "travel"},
		{"traveled", "VERB", "VBD", "travel"},
		{"negotiated", "VERB", "VBN", "negotiate"},
		{"condemned", "VERB", "VBD", "condemn"},
		{"stopping", "VERB", "VBG", "stop"},
		{"making", "VERB", "VBG", "make"},
		{"dying", "VERB", "VBG", "die"},
		{"threatening", "VERB", "VBG", "threaten"},
		{"studies", "VERB", "VBZ", "study"},
		{"plays", "VERB", "VBZ", "play"},
		{"accuses", "VERB", "VBZ", "accuse"},
		{"goes", "VERB", "VBZ", "go"},
		// Comparatives and superlatives.
		{"bigger", "ADJ", "JJR", "big"},
		{"larger", "ADJ", "JJR", "large"},
		{"happiest", "ADJ", "JJS", "happy"},
		{"wildest", "ADJ", "JJS", "wild"},
		// Words neither the treebank nor WordNet knows: suffix rules.
		{"glorped", "VERB", "VBD", "glorp"},
		{"tweeted", "VERB", "VBD", "tweet"},
		{"unfriended", "VERB", "VBD", "unfriend"},
		{"blogs", "NOUN", "NNS", "blog"},
		// Uninflected tags are lower-cased.
		{"Hospital", "NOUN", "NN", "hospital"},
		{"Said", "VERB", "VB", "said"},
	})
}

func TestConventions(t *testing.T) {
	checkLemmas(t, []lemmaCase{
		// Pronouns: the nominative, "I" in capitals.
		{"I", "PRON", "PRP", "I"},
		{"i", "PRON", "PRP", "I"},
		{"me", "PRON", "PRP", "I"},
		{"Me", "PRON", "PRP", "I"},
		{"them", "PRON", "PRP", "they"},
		{"us", "PRON", "PRP", "we"},
		{"mine", "PRON", "PRP", "my"},
		{"myself", "PRON", "PRP", "myself"},
		{"my", "PRON", "PRP$", "my"},
		{"her", "PRON", "PRP$", "her"},
		{"her", "PRON", "PRP", "she"},
		// Contractions, with either apostrophe.
		{"n't", "PART", "RB", "not"},
		{"n’t", "PART", "RB", "not"},
		{"'s", "AUX", "VBZ", "be"},
		{"’s", "AUX", "VBZ", "be"},
		{"'s", "PART", "POS", "'s"},
		{"’s", "PART", "POS", "'s"},
		{"'", "PART", "POS", "'s"},
		{"'s", "PRON", "PRP", "we"},
		{"'m", "AUX", "VBP", "be"},
		{"’re", "AUX", "VBP", "be"},
		{"'ve", "AUX", "VBP", "have"},
		{"'d", "AUX", "MD", "would"},
		{"'ll", "AUX", "MD", "will"},
		{"wo", "AUX", "MD", "will"},
		{"ca", "AUX", "MD", "can"},
		{"Ca", "AUX", "MD", "can"},
		{"gon", "VERB", "VBG", "go"},
		{"na", "PART", "TO", "to"},
		// Auxiliaries.
		{"is", "AUX", "VBZ", "be"},
		{"Was", "AUX", "VBD", "be"},
		{"were", "AUX", "VBD", "be"},
		{"been", "AUX", "VBN", "be"},
		{"has", "AUX", "VBZ", "have"},
		{"did", "AUX", "VBD", "do"},
		// Determiners.
		{"The", "DET", "DT", "the"},
		{"an", "DET", "DT", "a"},
		{"An", "DET", "DT", "a"},
		{"these", "DET", "DT", "this"},
		{"Those", "DET", "DT", "that"},
		// Proper nouns keep their form; plural ones keep their case.
		{"Iran", "PROPN", "NNP", "Iran"},
		{"IRGC", "PROPN", "NNP", "IRGC"},
		{"Americans", "PROPN", "NNPS", "American"},
		{"Houthis", "PROPN", "NNPS", "Houthi"},
		{"States", "PROPN", "NNPS", "State"},
		// Proper adjectives keep their capital, even when written without.
		{"Dutch", "ADJ", "JJ", "Dutch"},
		{"german", "ADJ", "JJ", "German"},
		{"pro-Beijing", "ADJ", "JJ", "pro-Beijing"},
		// Acronyms with digits or of two letters keep their capitals.
		{"TV", "NOUN", "NN", "TV"},
		{"Q1", "NOUN", "NN", "Q1"},
		// Numbers and punctuation.
		{"40,000", "NUM", "CD", "40000"},
		{"3,202.61", "NUM", "CD", "3202.61"},
		{"3.5", "NUM", "CD", "3.5"},
		{"1,2,3", "NUM", "CD", "1,2,3"},
		{"Two", "NUM", "CD", "two"},
		{"II", "NUM", "CD", "II"},
		{",", "PUNCT", ",", ","},
		{"(", "PUNCT", "-LRB-", "("},
		{"“", "PUNCT", "``", `"`},
		{"”", "PUNCT", "''", `"`},
		{"...", "PUNCT", ":", "…"},
		{"–", "PUNCT", ":", "-"},
		{"$", "SYM", "$", "$"},
		{"john@example.com", "X", "ADD", "john@example.com"},
		{"", "X", "", ""},
	})
}

// Without an XPOS the tag is guessed from the UPOS and the form.
func TestWithoutXPOS(t *testing.T) {
	checkLemmas(t, []lemmaCase{
		{"Paris", "PROPN", "", "Paris"},
		{"went", "VERB", "", "go"},
		{"is", "AUX", "", "be"},
		{"walked", "VERB", "", "walk"},
		{"houses", "NOUN", "", "house"},
		{"geese", "NOUN", "", "goose"},
		{"The", "DET", "", "the"},
	})
}

// The data files hold every entry, suffix rule and exception only where
// it is needed, and the closed-class table wins over them all.
func TestDataShape(t *testing.T) {
	l := load(t)
	if len(l.lex) == 0 || len(l.exc) == 0 || len(l.suf) == 0 || len(l.proper) == 0 {
		t.Fatalf("empty tables: %d lexicon, %d exceptions, %d suffixes, %d proper adjectives", len(l.lex), len(l.exc), len(l.suf), len(l.proper))
	}
	for _, c := range []ruleClass{rulePlural, rulePast, ruleIng, rule3sg, ruleComparative, ruleSuperlative} {
		if _, ok := l.suf[sufKey{c, ""}]; !ok {
			t.Errorf("no default rule for class %s", c)
		}
	}
	total := 0
	entries, err := dataFS.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		total += int(info.Size())
	}
	if total > 2<<20 {
		t.Errorf("data is %d bytes, want < 2 MB", total)
	}
}

func TestLoadFSErrors(t *testing.T) {
	dir := t.TempDir()
	m := Train(readTreebank(t, miniTreebank), nil)
	if err := m.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFS(os.DirFS(dir)); err != nil {
		t.Fatalf("written data does not load: %v", err)
	}
	for name, content := range map[string]string{
		LexiconFile:    "cats\tNNS\n",
		ExceptionsFile: "pronoun\tthem\tthey\n",
		SuffixesFile:   "plural\ts\t1\t\t3\n",
	} {
		bad := t.TempDir()
		for _, f := range []string{LexiconFile, ExceptionsFile, SuffixesFile, ProperAdjFile} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if f == name {
				b = append(b, content...)
			}
			if err := os.WriteFile(filepath.Join(bad, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := LoadFS(os.DirFS(bad)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad %s: error %v", name, err)
		}
	}
}

// miniTreebank exercises Train without the shared data.
const miniTreebank = `# text = The dogs ran.
1	The	the	DET	DT	_	2	det	_	_
2	dogs	dog	NOUN	NNS	_	3	nsubj	_	_
3	ran	run	VERB	VBD	_	0	root	_	SpaceAfter=No
4	.	.	PUNCT	.	_	3	punct	_	_

# text = Cats chased mice.
1	Cats	cat	NOUN	NNS	_	2	nsubj	_	_
2	chased	chase	VERB	VBD	_	0	root	_	_
3	mice	mouse	NOUN	NNS	_	2	obj	_	SpaceAfter=No
4	.	.	PUNCT	.	_	2	punct	_	_

# text = Birds sang and hens laid eggs.
1	Birds	bird	NOUN	NNS	_	2	nsubj	_	_
2	sang	sing	VERB	VBD	_	0	root	_	_
3	and	and	CCONJ	CC	_	5	cc	_	_
4	hens	hen	NOUN	NNS	_	5	nsubj	_	_
5	laid	lay	VERB	VBD	_	2	conj	_	_
6	eggs	egg	NOUN	NNS	_	5	obj	_	SpaceAfter=No
7	.	.	PUNCT	.	_	2	punct	_	_

# text = Mice ran.
1	Mice	mouse	NOUN	NNS	_	2	nsubj	_	_
2	ran	run	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

`

func readTreebank(t testing.TB, s string) []*conllu.Sentence {
	t.Helper()
	r := conllu.NewReader(strings.NewReader(s), "test")
	var out []*conllu.Sentence
	for {
		s, err := r.Next()
		if err != nil {
			if err.Error() == "EOF" {
				return out
			}
			t.Fatal(err)
		}
		out = append(out, s)
	}
}

// Train without WordNet: suffix rules from the treebank alone, the
// lexicon only for what they get wrong, and written files that load to
// the same lemmatiser, byte for byte the same each time.
func TestTrainMini(t *testing.T) {
	sents := readTreebank(t, miniTreebank)
	m := Train(sents, nil, "mini")
	l := m.Lemmatizer()
	for _, c := range []lemmaCase{
		{"dogs", "NOUN", "NNS", "dog"},
		{"frogs", "NOUN", "NNS", "frog"}, // the "-s" rule
		{"mice", "NOUN", "NNS", "mouse"}, // lexicon
		{"ran", "VERB", "VBD", "run"},    // lexicon
		{"The", "DET", "DT", "the"},      // closed class
		{"Cats", "NOUN", "NNS", "cat"},
	} {
		if got := l.Lemma(c.form, c.upos, c.xpos); got != c.want {
			t.Errorf("Lemma(%q, %s) = %q, want %q", c.form, c.xpos, got, c.want)
		}
	}
	lex, exc, _, _ := m.Sizes()
	if exc != 0 {
		t.Errorf("%d exceptions without WordNet", exc)
	}
	// dogs, cats, birds, hens, eggs are regular: only mice and the
	// irregular pasts need entries.
	for _, e := range m.lexicon {
		if e.form == "dogs" || e.form == "cats" || e.form == "the" {
			t.Errorf("needless lexicon entry %+v", e)
		}
	}
	if lex != 4 { // mice, ran, sang, laid
		t.Errorf("%d lexicon entries, want 4: %+v", lex, m.lexicon)
	}

	dir1, dir2 := t.TempDir(), t.TempDir()
	if err := m.WriteTo(dir1); err != nil {
		t.Fatal(err)
	}
	if err := Train(sents, nil, "mini").WriteTo(dir2); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{LexiconFile, ExceptionsFile, SuffixesFile, ProperAdjFile} {
		a, err1 := os.ReadFile(filepath.Join(dir1, f))
		b, err2 := os.ReadFile(filepath.Join(dir2, f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (%v, %v)", f, err1, err2)
		}
	}
	loaded, err := LoadFS(os.DirFS(dir1))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sents {
		for _, w := range s.Words {
			if a, b := l.Lemma(w.Form, w.UPOS, w.XPOS), loaded.Lemma(w.Form, w.UPOS, w.XPOS); a != b {
				t.Errorf("%q: %q in memory, %q loaded", w.Form, a, b)
			}
		}
	}
}

func TestInflect(t *testing.T) {
	for _, c := range []struct {
		class wnClass
		lemma string
		want  []string // primary forms; "~" marks secondary ones
	}{
		{wnNoun, "box", []string{"boxes"}},
		{wnNoun, "city", []string{"cities"}},
		{wnNoun, "day", []string{"days"}},
		{wnNoun, "hero", []string{"heros", "heroes"}},
		{wnVerb, "hope", []string{"hopes", "hoping", "hoped"}},
		{wnVerb, "hop", []string{"hops", "hopping", "hopped", "~hoping", "~hoped"}},
		{wnVerb, "visit", []string{"visits", "visiting", "visited", "~visitting", "~visitted"}},
		{wnVerb, "travel", []string{"travels", "traveling", "traveled", "~travelling", "~travelled"}},
		{wnVerb, "die", []string{"dies", "dying", "died"}},
		{wnVerb, "see", []string{"sees", "seeing", "seed"}},
		{wnVerb, "cry", []string{"cries", "crying", "cried"}},
		{wnVerb, "panic", []string{"panics", "panicking", "panicked"}},
		{wnVerb, "go", []string{"goes", "~gos", "going", "goed"}},
		{wnAdj, "big", []string{"bigger", "biggest", "~biger", "~bigest"}},
		{wnAdj, "happy", []string{"happier", "happiest"}},
		{wnAdj, "large", []string{"larger", "largest"}},
		{wnAdj, "beautiful", nil},
	} {
		var got []string
		for _, inf := range inflect(c.class, c.lemma) {
			f := inf.form
			if !inf.primary {
				f = "~" + f
			}
			got = append(got, f)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("inflect(%s, %q) = %q, want %q", c.class, c.lemma, got, c.want)
		}
	}
}

// sharedFile returns a file under ../shared/data/ud, or skips.
func sharedFile(t testing.TB, rel string) string { return shared.Dir(t, "data", "ud", rel) }

func readShared(t testing.TB, rel string) []*conllu.Sentence {
	t.Helper()
	sents, err := conllu.ReadFile(sharedFile(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

// Accuracy with gold tags on the development sets (EWT dev: 98.93% when
// the data was generated; GUM dev: 99.40%).
func TestDevAccuracy(t *testing.T) {
	l := load(t)
	for _, c := range []struct {
		file string
		min  float64
	}{
		{"UD_English-EWT/en_ewt-ud-dev.conllu", 98.5},
		{"UD_English-GUM/en_gum-ud-dev.conllu", 99.0},
	} {
		correct, total := Score(l, readShared(t, c.file))
		acc := 100 * float64(correct) / float64(total)
		t.Logf("%s: %.2f%% (%d/%d)", filepath.Base(c.file), acc, correct, total)
		if acc < c.min {
			t.Errorf("%s: lemma accuracy %.2f%%, want >= %.1f%%", c.file, acc, c.min)
		}
	}
}

// The embedded data is what the generator makes of the shared treebanks
// and WordNet (skipped when either is missing).
func TestDataUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates the data")
	}
	ewtFile := sharedFile(t, "UD_English-EWT/en_ewt-ud-train.conllu")
	gumFile := sharedFile(t, "UD_English-GUM/en_gum-ud-train.conllu")
	const wordnetDir = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(wordnetDir, "verb.exc")); err != nil {
		t.Skip("WordNet not installed (apt-get install wordnet-base): " + err.Error())
	}
	ewt, err := conllu.ReadFile(ewtFile)
	if err != nil {
		t.Fatal(err)
	}
	gum, err := conllu.ReadFile(gumFile)
	if err != nil {
		t.Fatal(err)
	}
	gum = conllu.KeepDocs(gum, func(id string) bool {
		for _, g := range []string{"essay", "fiction", "letter", "podcast", "whow"} {
			if strings.HasPrefix(id, "GUM_"+g+"_") {
				return false
			}
		}
		return true
	})
	wn, err := ReadWordNet(wordnetDir)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	m := Train(append(ewt, gum...), wn, "en_ewt-ud-train.conllu", "en_gum-ud-train.conllu (commercial-use genres only)")
	if err := m.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{LexiconFile, ExceptionsFile, SuffixesFile, ProperAdjFile} {
		want, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := dataFS.ReadFile("data/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/%s is stale: run go run ./internal/parse/lemma/gen (see gen's doc)", f)
		}
	}
}

// benchWords are the words of EWT dev, or a fixed sample without it.
func benchWords(b *testing.B) [][3]string {
	var words [][3]string
	wd, _ := os.Getwd()
	p := filepath.Join(wd, "..", "..", "..", "..", "shared", "data", "ud", "UD_English-EWT", "en_ewt-ud-dev.conllu")
	if sents, err := conllu.ReadFile(p); err == nil {
		for _, s := range sents {
			for _, w := range s.Words {
				words = append(words, [3]string{w.Form, w.UPOS, w.XPOS})
			}
		}
		return words
	}
	for _, s := range []string{"The/DET/DT", "Iranian/ADJ/JJ", "forces/NOUN/NNS", "shelled/VERB/VBD", "villages/NOUN/NNS",
		"near/ADP/IN", "the/DET/DT", "border/NOUN/NN", ",/PUNCT/,", "officials/NOUN/NNS", "said/VERB/VBD", "on/ADP/IN",
		"Sunday/PROPN/NNP", "./PUNCT/.", "They/PRON/PRP", "'re/AUX/VBP", "negotiating/VERB/VBG", "ceasefires/NOUN/NNS"} {
		f := strings.Split(s, "/")
		words = append(words, [3]string{f[0], f[1], f[2]})
	}
	return words
}

// BenchmarkLemma reports words per second; the target is 2 million.
func BenchmarkLemma(b *testing.B) {
	l, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	words := benchWords(b)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		w := words[i%len(words)]
		if l.Lemma(w[0], w[1], w[2]) != "" {
			n++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
