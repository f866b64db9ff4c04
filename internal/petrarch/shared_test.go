package petrarch

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/testkit"
)

// operational names the PETRARCH-2 operational dictionaries in ../shared.
func operational(tb testing.TB) Files {
	dir := testkit.Shared(tb, "peers/petrarch2")
	at := func(n string) string { return filepath.Join(dir, n) }
	return Files{
		Actors:   []string{at("Phoenix.Countries.actors.txt"), at("Phoenix.International.actors.txt"), at("Phoenix.MilNonState.actors.txt")},
		Agents:   []string{at("Phoenix.agents.txt")},
		Discards: []string{at("Phoenix.discards.txt")},
		Verbs:    at("CAMEO.2.0.txt"),
		Issues:   []string{at("Phoenix.IssueCoding.txt")},
	}
}

// TestOperationalDictionaries: the Phoenix/CAMEO.2.0 set loads whole, as
// its README counts it, and the few entries it cannot read are named by
// file and line.
func TestOperationalDictionaries(t *testing.T) {
	d, probs, err := Load(operational(t))
	if err != nil {
		t.Fatal(err)
	}
	v := d.Verbs
	if len(v.Synsets) != 40 || len(v.Blocks) != 397 || v.Len() != 4668 || len(v.Transformations) != 8 {
		t.Errorf("CAMEO.2.0: %d synsets, %d blocks, %d patterns, %d transformations; want 40, 397, 4668, 8",
			len(v.Synsets), len(v.Blocks), v.Len(), len(v.Transformations))
	}
	n := 0
	for _, a := range d.Actors {
		n += a.Len()
	}
	if n < 27000 || d.Agents.Len() != 2243 || d.Discards.Len() != 506 || d.Issues.Len() != 2976 {
		t.Errorf("%d actors (want 27,000 or more), %d agents (2,243), %d discards (506), %d issues (2,976)",
			n, d.Agents.Len(), d.Discards.Len(), d.Issues.Len())
	}
	if len(probs) > 50 {
		t.Errorf("%d problems; want the few malformed entries only", len(probs))
	}
	for _, p := range probs {
		if p.File == "" || p.Line <= 0 || p.Msg == "" {
			t.Errorf("problem without a place: %+v", p)
		}
	}
}

// TestGigaWordSample codes the 76 sentences of GigaWord.sample.PETR.xml
// with the operational dictionaries over dyad's own parses and checks a
// handful of events read off the sentences by hand.
func TestGigaWordSample(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 76 sentences")
	}
	d, _, err := Load(operational(t))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(testkit.Shared(t, "peers/petrarch2"), "GigaWord.sample.PETR.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadSuite(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 76 {
		t.Fatalf("%d sentences, want 76", len(s.Records))
	}
	c := &Coder{D: d, Opt: Options{RequireDyad: true}}
	got := map[string][]string{} // id -> "SRC>TGT:CODE"
	coded := 0
	for _, r := range s.Records {
		for _, toks := range parseText(t, r.Text) {
			res := c.Code(Sentence{Tokens: toks, Date: r.Date})
			if res.Err != nil {
				t.Errorf("%s: %v", r.ID, res.Err)
			}
			for _, e := range res.Events {
				got[r.ID] = append(got[r.ID], e.Source+">"+e.Target+":"+e.Code)
				coded++
			}
		}
	}
	// Read off the sentences by hand: who does what to whom, in CAMEO.
	for id, want := range map[string]string{
		// "Israel on Wednesday released the mayor of ... Nablus": return,
		// release person(s).
		"AFP0808020857_1": "ISR>PSEGOV:084",
		// "Ukrainian lawmakers Tuesday endorsed an association agreement
		// with the European Union": praise or endorse.
		"GOLD_3": "UKRLEG>IGOEUREEC:051",
		// "The US claimed that ISIL had attacked Iraq ...": the US
		// accuses ISIL, by CAMEO.2.0's transformation
		// "a (b . ATTACK) CLAIM = a b 112".
		"NEST_2.75": "USA>IMGMUSISI:112",
		// "Obama wants to attack Switzerland": a threat of force, by
		// "a (_ b ATTACK) WANT = a b 138".
		"APPEALS_1": "USAGOV>CHE:138",
		// "Obama wants Putin to attack Switzerland": an appeal to Putin,
		// by "a (b . ATTACK) WANT = a b 021".
		"APPEALS_0": "USAGOV>RUSGOV:021",
		// "Obama ordered an investigation against Iran".
		"SYNSET_0": "USAGOV>IRN:091",
		// "The United States will supply arms to Israel": military aid.
		"VERB_8": "USA>ISR:072",
		// "Russia is conducting military exercises in Alaska": a show of
		// military force, Alaska being the United States.
		"OVERLAP_0": "RUS>USA:150",
	} {
		if !slices.Contains(got[id], want) {
			t.Errorf("%s: %v, want %s among them", id, got[id], want)
		}
	}
	// Empty texts and sentences without an actor code nothing.
	for _, id := range []string{"TEST_1", "TEST_9", "PASSIVE_2", "VERB_4"} {
		if len(got[id]) > 0 {
			t.Errorf("%s: %v, want no event", id, got[id])
		}
	}
	if coded < 40 {
		t.Errorf("%d events in 76 sentences; 50 when this test was written", coded)
	}
}

// parseText parses text with dyad's language stages into sentences.
func parseText(tb testing.TB, text string) [][]Token {
	d := testkit.Analyse(tb, text, time.Time{})
	return DocSentences(d)
}

// BenchmarkLoadOperational loads the Phoenix/CAMEO.2.0 dictionaries
// (PETRARCH-2: 1.2 to 1.45 s and 300 MB) and reports the heap they keep.
func BenchmarkLoadOperational(b *testing.B) {
	files := operational(b)
	var d Dictionaries
	for b.Loop() {
		var err error
		if d, _, err = Load(files); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MB")
	if rss, ok := peakRSS(); ok {
		b.ReportMetric(rss, "peak-RSS-MB") // of the whole test process
	}
	runtime.KeepAlive(d)
}

// peakRSS reads the process's peak resident set from /proc (Linux).
func peakRSS() (float64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024, err == nil
		}
	}
	return 0, false
}

// BenchmarkCode codes the GigaWord sample's sentences, parsed once by
// dyad, with the operational dictionaries, on one goroutine: coding only,
// after parsing (PETRARCH-2: about 3,000 sentences a second).
func BenchmarkCode(b *testing.B) {
	d, _, err := Load(operational(b))
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(testkit.Shared(b, "peers/petrarch2"), "GigaWord.sample.PETR.xml"))
	if err != nil {
		b.Fatal(err)
	}
	s, err := ReadSuite(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	var sents []Sentence
	for _, r := range s.Records {
		for _, toks := range parseText(b, r.Text) {
			sents = append(sents, Sentence{Tokens: toks, Date: r.Date})
		}
	}
	c := &Coder{D: d, Opt: Options{RequireDyad: true}}
	n := 0
	for b.Loop() {
		for _, s := range sents {
			c.Code(s)
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}
