package entity

import (
	"testing"

	"github.com/dyad-events/dyad/internal/text"
)

// segmenterTok splits phrases as the text stage splits running text.
func segmenterTok(p string) []string { return text.New().Words(p) }

func TestEmbeddedDictionary(t *testing.T) {
	d, err := LoadDictionary(segmenterTok)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries", d.Len())
	for _, c := range []struct {
		phrase string
		day    int
		kind   Kind
		code   string
	}{
		{"Türkiye", 20231105, KindCountry, "TUR"},
		{"Turkiye", 20231105, KindCountry, "TUR"},
		{"Iranian", 20231105, KindAdjective, "IRN"},
		{"Ismail Haniyeh", 20231105, KindPerson, "PSEREB"},
		{"Hakan Fidan", 20231105, KindPerson, "TURGOV"},
		{"Hamas", 20231105, KindOrg, "PSEREB"},
		{"Washington", 20231105, KindSeat, "USAGOV"},
		{"United Nations", 20231105, KindOrg, "IGOUNO"},
		{"foreign minister", 0, KindRole, "GOV"},
	} {
		words := segmenterTok(c.phrase)
		n, es := d.Match(words, 0)
		found := false
		for _, i := range es {
			if e := d.Entry(int(i)); e.Kind == c.kind && e.Code == c.code && e.Holds(c.day) {
				found = true
			}
		}
		if n != len(words) || !found {
			t.Errorf("%q: %d of %d words, no %s %s among %d entries", c.phrase, n, len(words), c.kind, c.code, len(es))
		}
	}
}
