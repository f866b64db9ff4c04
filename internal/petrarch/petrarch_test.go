package petrarch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const testActors = `# actors for the tests
ARNOR_ [ARN]
GONDOR [GON]
+MINAS_TIRITH
SAM_GAMGEE_   # the default first, then the restrictions
	[HOBREB]
	[HOB <19950601]
	[HOBGOV 19950601-19990815]
ROSIE_COTTON_ [HOB >950601]
BAD_DATES_ [XXX 9999-1]
OSGILIATH [OSG]
NOCODE_ACTOR
`

const testAgents = `!PERSON! = MAN, MEN
PRESIDENT [~GOV]
CONGRESS!PERSON! [~LEG]
OBSERVERS_IN [IGO~]
BROKEN [GOV]
`

const testVerbs = `&TIES
+TIES
+RELATIONS

--- MEET [040] ---
MEET {MET MEETS MEETING}
- * (WITH) [040]
--- RESTORE [050] ---
RESTORE
- * {DIPLOMATIC &TIES} [051]
- * BROKEN
--- CRITICIZE [111] ---
CRITICIZE {CRITICIZED}
--- VISIT [042:043] ---
VISIT {VISITED}
--- PRAISE [051] ---
PRAISE
- * &NOSUCHSET [052]
`

const testDiscards = `BASEBALL
+TYPHOON
`

func testDicts(t *testing.T) (Dictionaries, []Problem) {
	t.Helper()
	var d Dictionaries
	var all []Problem
	a, p, err := ReadActors(strings.NewReader(testActors), "actors.txt")
	if err != nil {
		t.Fatal(err)
	}
	d.Actors, all = []*Actors{a}, append(all, p...)
	if d.Agents, p, err = ReadAgents(strings.NewReader(testAgents), "agents.txt"); err != nil {
		t.Fatal(err)
	}
	all = append(all, p...)
	if d.Verbs, p, err = ReadVerbs(strings.NewReader(testVerbs), "verbs.txt"); err != nil {
		t.Fatal(err)
	}
	all = append(all, p...)
	if d.Discards, p, err = ReadDiscards(strings.NewReader(testDiscards), "discards.txt"); err != nil {
		t.Fatal(err)
	}
	return d, append(all, p...)
}

// TestReadersReportAndSkip: every bad entry is named by file and line and
// skipped; the good ones around it load.
func TestReadersReportAndSkip(t *testing.T) {
	d, probs := testDicts(t)
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	want := []string{
		`actors.txt:10: code "XXX 9999-1": bad date "9999" (want YYMMDD or YYYYMMDD)`,
		`actors.txt:12: actor "NOCODE_ACTOR" has no code`,
		`agents.txt:5: agent code "GOV" must start or end with ~`,
		`verbs.txt:11: pattern "* BROKEN" has no [code]`,
		`verbs.txt:18: unknown synset &NOSUCHSET`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := d.Actors[0].Len(); n != 5 {
		t.Errorf("%d actors, want 5 (ARNOR, GONDOR, SAM_GAMGEE, ROSIE_COTTON, OSGILIATH)", n)
	}
	if n := d.Agents.Len(); n != 3 {
		t.Errorf("%d agents, want 3", n)
	}
	if n := d.Verbs.Len(); n != 3 {
		t.Errorf("%d patterns, want 3", n)
	}
	// Substitution markers and synonyms are found.
	for _, tc := range []struct {
		words string
		code  string
	}{{"CONGRESSMEN", "LEG"}, {"OBSERVERS IN", "IGO"}, {"PRESIDENTS", "GOV"}} {
		ws := strings.Fields(tc.words)
		if ag, n := d.Agents.Find(ws, 0); n != len(ws) || ag.Code != tc.code {
			t.Errorf("agent %q: %v %d, want %s", tc.words, ag, n, tc.code)
		}
	}
	if a, n := d.Actors[0].Find([]string{"MINAS", "TIRITH"}, 0); n != 2 || a.CodeOn(0) != "GON" {
		t.Errorf("synonym MINAS_TIRITH: %v %d", a, n)
	}
}

// TestDateRestrictionBeatsDefault: a code whose period holds the date
// wins over the default, wherever the default is listed (PETRARCH-2 let
// the default win).
func TestDateRestrictionBeatsDefault(t *testing.T) {
	d, _ := testDicts(t)
	for _, tc := range []struct {
		phrase string
		date   int
		want   string
	}{
		{"SAM GAMGEE", 19940101, "HOB"},
		{"SAM GAMGEE", 19970101, "HOBGOV"},
		{"SAM GAMGEE", 20050101, "HOBREB"},
		{"SAM GAMGEE", 0, "HOBREB"},
		{"ROSIE COTTON", 19950601, ""}, // "after", not "on or after"
		{"ROSIE COTTON", 19950602, "HOB"},
	} {
		a, n := d.Actors[0].Find(strings.Fields(tc.phrase), 0)
		if n == 0 {
			t.Fatalf("%s not found", tc.phrase)
		}
		if got := a.CodeOn(tc.date); got != tc.want {
			t.Errorf("%s on %d: %q, want %q", tc.phrase, tc.date, got, tc.want)
		}
	}
}

// sent builds a parsed sentence from "word/UPOS/head/deprel" items, heads
// counted from 1 (0 for the root), lemma the word in lower case.
func sent(t *testing.T, spec string) []Token {
	t.Helper()
	var toks []Token
	for _, item := range strings.Fields(spec) {
		f := strings.Split(item, "/")
		if len(f) != 4 {
			t.Fatalf("bad token spec %q", item)
		}
		h, err := strconv.Atoi(f[2])
		if err != nil {
			t.Fatal(err)
		}
		w := strings.ReplaceAll(f[0], "_", " ")
		toks = append(toks, Token{Text: w, Lemma: strings.ToLower(w), UPOS: f[1], Head: h - 1, Deprel: f[3]})
	}
	return toks
}

func triples(r Result) string {
	var out []string
	for _, e := range r.Events {
		out = append(out, fmt.Sprintf("%s>%s:%s", e.Source, e.Target, e.Code))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func TestCode(t *testing.T) {
	d, _ := testDicts(t)
	tests := []struct {
		name, spec  string
		date        int
		requireDyad bool
		want        string
	}{
		{"pattern with a synset in a noun phrase", "Arnor/PROPN/2/nsubj restored/VERB/0/root diplomatic/ADJ/4/amod ties/NOUN/2/obj with/ADP/6/case Gondor/PROPN/4/nmod ./PUNCT/2/punct",
			0, true, "ARN>GON:051"},
		{"block default, target from an oblique", "Arnor/PROPN/2/nsubj met/VERB/0/root with/ADP/4/case Gondor/PROPN/2/obl",
			0, true, "ARN>GON:040"},
		{"a:b is an event each way", "Sam/PROPN/3/nsubj Gamgee/PROPN/1/flat visited/VERB/0/root Gondor/PROPN/3/obj",
			19970101, true, "GON>HOBGOV:043 HOBGOV>GON:042"},
		{"agent adds its role", "the/DET/3/det Gondor/PROPN/3/compound president/NOUN/4/nsubj criticized/VERB/0/root Arnor/PROPN/4/obj",
			0, true, "GONGOV>ARN:111"},
		{"require_dyad drops a one-sided event", "Arnor/PROPN/2/nsubj criticized/VERB/0/root the/DET/4/det plan/NOUN/2/obj",
			0, true, ""},
		{"require_dyad off keeps it", "Arnor/PROPN/2/nsubj criticized/VERB/0/root the/DET/4/det plan/NOUN/2/obj",
			0, false, "ARN>---:111"},
		{"coordinated sources without a target act on each other", "Arnor/PROPN/4/nsubj and/CCONJ/3/cc Gondor/PROPN/1/conj met/VERB/0/root",
			0, true, "ARN>GON:040 GON>ARN:040"},
		{"one triple once, however many verbs state it", "Arnor/PROPN/2/nsubj met/VERB/0/root Gondor/PROPN/2/obj and/CCONJ/5/cc met/VERB/2/conj Gondor/PROPN/5/obj again/ADV/5/advmod",
			0, true, "ARN>GON:040"},
		{"a verb not in the dictionary codes nothing", "Arnor/PROPN/2/nsubj ate/VERB/0/root Gondor/PROPN/2/obj",
			0, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Coder{D: d, Opt: Options{RequireDyad: tc.requireDyad}}
			r := c.Code(Sentence{Tokens: sent(t, tc.spec), Date: tc.date})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if got := triples(r); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDiscards(t *testing.T) {
	d, _ := testDicts(t)
	c := &Coder{D: d, Opt: Options{RequireDyad: true}}
	for _, tc := range []struct {
		spec  string
		story bool
	}{
		{"Arnor/PROPN/2/nsubj met/VERB/0/root Gondor/PROPN/2/obj at/ADP/5/case baseball/NOUN/2/obl", false},
		{"the/DET/2/det typhoon/NOUN/3/nsubj met/VERB/0/root Gondor/PROPN/3/obj", true},
	} {
		r := c.Code(Sentence{Tokens: sent(t, tc.spec)})
		if r.Discard == nil || r.Discard.Story != tc.story || len(r.Events) > 0 {
			t.Errorf("%s: discard %+v, events %v; want a discard (story %v) and no event", tc.spec, r.Discard, r.Events, tc.story)
		}
	}
}

// TestMalformedSentenceIsReported: a parse that is not a tree is an error
// for that sentence, not a panic or an endless walk (internal/eval's
// TestPETRARCHSuiteGoesOn checks that a suite goes on past it).
func TestMalformedSentenceIsReported(t *testing.T) {
	d, _ := testDicts(t)
	cycle := sent(t, "Arnor/PROPN/2/nsubj met/VERB/3/root Gondor/PROPN/2/obj")
	outside := sent(t, "Arnor/PROPN/9/nsubj met/VERB/0/root")
	c := &Coder{D: d, Opt: Options{RequireDyad: true}}
	for _, bad := range [][]Token{cycle, outside, nil} {
		if r := c.Code(Sentence{Tokens: bad}); r.Err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestReadSuiteTolerates(t *testing.T) {
	xml := `<?xml version='1.0' encoding='utf-8'?>
<Validation>
<!-- header <!-- nested --> still header -->
<Environment><Verbfile>v.txt</Verbfile><Include>DEMO</Include></Environment>
<Sentences>
<Sentence category="DEMO" date="19950101" id="D-1" evaluate="true">
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<PLEvent {"event": "050", "source": [{"code": "ARN"}]}>
<Text>Arnor met
Gondor.</Text>
<Parse>
1	Arnor	Arnor	PROPN	NNP	_	2	nsubj	_	_
2	met	meet	VERB	VBD	_	0	root	_	_
3	Gondor	Gondor	PROPN	NNP	_	2	dobj	_	_
</Parse></Sentence>
<Config option="require_dyad" value="false" />
<Sentence category="OTHER" date="19950102" id="D-2" evaluate="false">
<EventCoding noevents="True" />
<Text>Nothing.</Text>
</Sentence>
</Sentences>
</Validation>`
	s, err := ReadSuite(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	if s.Verbs != "v.txt" || len(s.Records) != 2 {
		t.Fatalf("suite %+v", s)
	}
	r0, r1 := s.Records[0], s.Records[1]
	if r0.Text != "Arnor met Gondor." || len(r0.Parse) != 3 || r0.Parse[2].Head != 1 || !r0.Options.RequireDyad ||
		len(r0.Expected) != 1 || r0.Expected[0] != (Triple{"ARN", "GON", "050"}) || r0.Date != 19950101 {
		t.Errorf("record 0: %+v", r0)
	}
	if r1.Options.RequireDyad || !r1.NoEvents || r1.Evaluate || s.Included(r1) || !s.Included(r0) {
		t.Errorf("record 1: %+v", r1)
	}
}

// TestSeveralFiles: a second agents file adds its phrases; where both
// name one, the first file's entry wins.
func TestSeveralFiles(t *testing.T) {
	a, _, err := ReadAgents(strings.NewReader("PRESIDENT [~GOV]\n"), "first.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Read(strings.NewReader("PRESIDENT [~ELI]\nGENERAL [~MIL]\n"), "second.txt"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ word, code, file string }{{"PRESIDENT", "GOV", "first.txt"}, {"GENERAL", "MIL", "second.txt"}} {
		if ag, n := a.Find([]string{tc.word}, 0); n != 1 || ag.Code != tc.code || ag.File != tc.file {
			t.Errorf("%s: %+v, want %s from %s", tc.word, ag, tc.code, tc.file)
		}
	}
}

// TestTransformationsAndCombination: a verb's clause is recoded by the
// dictionary's transformations, and a verb of pure intent joins the
// verb it takes through the ontology.
func TestTransformationsAndCombination(t *testing.T) {
	verbs := `--- ATTACK [190] ---
ATTACK
--- WANT [---] ---
WANT
--- CLAIM [---] ---
CLAIM
--- PLEDGE [030] ---
PLEDGE
--- HELP [070] ---
HELP
~ a (_ b ATTACK) WANT = a b 138
~ a (b . ATTACK) WANT = a b 021
~ a (b . ATTACK) CLAIM = a b 112
~ a (x y
`
	v, probs, err := ReadVerbs(strings.NewReader(verbs), "verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Transformations) != 3 || len(probs) != 1 || probs[0].Line != 14 {
		t.Fatalf("%d transformations, problems %v; want 3 and the malformed one at line 14", len(v.Transformations), probs)
	}
	d, _ := testDicts(t)
	d.Verbs = v
	pico, _, err := ReadPICO(strings.NewReader("030:0x3000#Intend\n033:0x3040\n070:0x0040\n"), "pico.txt")
	if err != nil {
		t.Fatal(err)
	}
	d.PICO = pico
	c := &Coder{D: d, Opt: Options{RequireDyad: true}}
	for _, tc := range []struct{ name, spec, want string }{
		{"wants to attack: a threat", "Arnor/PROPN/2/nsubj wants/VERB/0/root to/PART/4/mark attack/VERB/2/xcomp Gondor/PROPN/4/obj", "ARN>GON:138"},
		{"wants another to attack: an appeal", "Arnor/PROPN/2/nsubj wants/VERB/0/root Osgiliath/PROPN/2/obj to/PART/5/mark attack/VERB/2/xcomp Gondor/PROPN/5/obj", "ARN>OSG:021"},
		{"claims another attacked: an accusation", "Arnor/PROPN/2/nsubj claims/VERB/0/root Osgiliath/PROPN/4/nsubj attacked/VERB/2/ccomp Gondor/PROPN/4/obj", "ARN>OSG:112"},
		{"pledged to help: intent plus aid", "Arnor/PROPN/2/nsubj pledged/VERB/0/root to/PART/4/mark help/VERB/2/xcomp Gondor/PROPN/4/obj", "ARN>GON:033"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := triples(c.Code(Sentence{Tokens: sent(t, tc.spec)})); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
