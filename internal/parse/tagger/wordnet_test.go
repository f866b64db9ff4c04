package tagger

import "testing"

func TestWordnetClass(t *testing.T) {
	wn, err := loadWordnet()
	if err != nil {
		t.Fatal(err)
	}
	if len(wn) < 80000 {
		t.Fatalf("%d WordNet words, want the whole of WordNet 3.0", len(wn))
	}
	for _, c := range []struct {
		word string
		has  uint64
		not  uint64
	}{
		{"cat", wnNoun | wnVerb, wnAdj | wnAdv},
		{"children", wnNounX, wnNoun | wnPlural},
		{"went", wnVerbX, wnNoun},
		{"cats", wnPlural | wnVerbS, wnVerbEd},
		{"churches", wnPlural, 0},
		{"policemen", wnPlural, 0},
		{"reorganized", wnVerbEd, wnVerbIng | wnPlural},
		{"used", wnVerbEd, 0},
		{"carried", wnVerbEd, 0},
		{"stopped", wnVerbEd, 0},
		{"running", wnVerbIng, 0},
		{"making", wnVerbIng, 0},
		{"bigger", wnAdjEr | wnAdjX, 0},
		{"happiest", wnAdjEr, 0},
		{"larger", wnAdjEr, wnVerbEd},
		{"quickly", wnAdv, wnNoun},
		{"glass", wnNoun, wnPlural | wnVerbS},
		{"xqzv", 0, ^uint64(0)},
	} {
		got := wn.class([]byte(c.word))
		if got&c.has != c.has || got&c.not != 0 {
			t.Errorf("%s: class %#b, want bits %#b and not %#b", c.word, got, c.has, c.not)
		}
	}
}
