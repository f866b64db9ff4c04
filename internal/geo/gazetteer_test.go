package geo

import (
	"testing"
)

func TestLookup(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, wantID, wantFeature, wantCountry string
	}{
		{"Turkiye", "country:TUR", Country, "TUR"},
		{"Türkiye", "country:TUR", Country, "TUR"},
		{"Tehran", "geonames:112931", City, "IRN"},
		{"Rize", "geonames:740483", City, "TUR"},
		{"Rize Province", "adm1:TR.53", ADM1, "TUR"},
		{"Texas", "adm1:US.TX", ADM1, "USA"},
		{"Gaza Strip", "dyad:gaza-strip", Region, "PSE"},
		{"the Black Sea", "dyad:black-sea", Sea, ""},
		{"Çamlıhemşin", "", "", "TUR"},
		{"Camlihemsin", "", "", "TUR"},
		{"Romania", "country:ROU", Country, "ROU"},
	} {
		ms := g.Lookup(c.name)
		found := false
		for _, m := range ms {
			if (c.wantID == "" || m.ID == c.wantID) && (c.wantFeature == "" || m.Feature == c.wantFeature) && m.Country == c.wantCountry {
				found = true
			}
		}
		if !found {
			var ids []string
			for _, m := range ms {
				ids = append(ids, m.ID+"/"+m.Feature+"/"+m.Country)
			}
			t.Errorf("Lookup(%q) = %v, want %s %s %s", c.name, ids, c.wantID, c.wantFeature, c.wantCountry)
		}
	}
	if ms := g.Lookup("Xyzzyville Qqq"); len(ms) != 0 {
		t.Errorf("nonsense name found: %v", ms)
	}
	for _, c := range []struct{ cameo, want string }{{"TURGOV", "TUR"}, {"ROM", "ROU"}, {"TMPMIL", "TLS"}, {"MTN", "MNE"}, {"GZS", "PSE"}, {"IGOUNO", ""}, {"MEA", ""}} {
		if got := g.ISO3(c.cameo); got != c.want {
			t.Errorf("ISO3(%q) = %q, want %q", c.cameo, got, c.want)
		}
	}
}

// TestEmbeddedParses checks the embedded file is whole; its load time is
// measured by BenchmarkLoad, not asserted.
func TestEmbeddedParses(t *testing.T) {
	g, err := Parse(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() < 200000 {
		t.Errorf("%d entries, want the ~229,000 of cities500 and its admin divisions", g.Len())
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
