package eval

import (
	"math"
	"slices"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
)

func sp(start, end int) doc.Span { return doc.Span{Start: start, End: end} }

func TestOccurrences(t *testing.T) {
	tests := []struct {
		body, needle string
		want         []doc.Span
	}{
		// "Iran’s" contains Iran (’ is not a letter); "Iranian" does not.
		{"Iran’s Iranian Iran.", "Iran", []doc.Span{sp(0, 4), sp(17, 21)}},
		// ' in gold finds ’ (3 bytes) in the body, and the other way round.
		{"Iran’s state TV", "Iran's state TV", []doc.Span{sp(0, 17)}},
		{"Iran's state TV", "Iran’s state TV", []doc.Span{sp(0, 15)}},
		// Case-sensitive, and "he" is not found inside "the".
		{"the He he.", "he", []doc.Span{sp(7, 9)}},
		{"the He he.", "He", []doc.Span{sp(4, 6)}},
		// White space runs fold to one space.
		{"coast\n  guard", "coast guard", []doc.Span{sp(0, 13)}},
		// Curly quotes in the body, straight ones in gold.
		{"would “be hit hard” if", `"be hit hard"`, []doc.Span{sp(6, 23)}},
		// A digit touching the end is not a boundary.
		{"x1Iran Iran2 Iran", "Iran", []doc.Span{sp(13, 17)}},
		// A needle that ends in punctuation needs no boundary there.
		{"Khamenei “emphasised", "Khamenei “", []doc.Span{sp(0, 12)}},
		{"Icelandic Iceland", "Iceland", []doc.Span{sp(10, 17)}},
		{"anything", "", nil},
		{"", "Iran", nil},
	}
	for _, tt := range tests {
		got := occurrences(tt.body, fold(tt.body), tt.needle)
		if !slices.Equal(got, tt.want) {
			t.Errorf("occurrences(%q, %q) = %v, want %v", tt.body, tt.needle, got, tt.want)
		}
		for _, sp := range got {
			if !sp.Valid(len(tt.body)) {
				t.Errorf("occurrences(%q, %q): invalid span %v", tt.body, tt.needle, sp)
			}
		}
	}
}

func TestSpanOverlap(t *testing.T) {
	// The brief's example: "Ayatollah Ali Khamenei" is 22 of the 44
	// characters of the mention (46 bytes: ’ is three).
	body := "Iran’s supreme leader Ayatollah Ali Khamenei has met"
	mention := doc.Span{Start: 0, End: len("Iran’s supreme leader Ayatollah Ali Khamenei")}
	name := doc.Span{Start: len("Iran’s supreme leader "), End: mention.End}
	i, u := spanOverlap(body, mention, name)
	if i != 22 || u != 44 || !atLeast(i, u, 1, 2) {
		t.Errorf("Khamenei: %d/%d", i, u)
	}
	i, u = spanOverlap(body, mention, doc.Span{Start: 0, End: 4})
	if i != 4 || u != 44 || atLeast(i, u, 1, 2) {
		t.Errorf("Iran: %d/%d", i, u)
	}
	if i, u = spanOverlap(body, doc.Span{Start: 0, End: 4}, doc.Span{Start: 10, End: 12}); i != 0 || u != 6 {
		t.Errorf("disjoint: %d/%d", i, u)
	}
}

func TestQuoteMatch(t *testing.T) {
	tests := []struct {
		a, b string
		ok   bool
	}{
		{"“Be assured,” he said.", "be assured he said", true},
		{"a b c d e f g h i j", "a b c d e f", true}, // 6/10 = 0.6
		{"a b c d e f g h i j", "a b c d e", false},  // 5/10
		{"a b c", "a b c d e", true},                 // 3/5
		{"a b c x", "a b c d e", false},              // 3/6
		{"Tehran’s policy", "tehran s policy", true}, // ’ splits like '
		{"", "", false},                  // nothing to match
		{"Ünal said", "ünal SAID", true}, // Unicode lower case
		{"stop attacks in Gaza", "stop-attacks, in Gaza!", true},
	}
	for _, tt := range tests {
		if ok, _ := quoteMatch(tokens(tt.a), tokens(tt.b)); ok != tt.ok {
			t.Errorf("quoteMatch(%q, %q) = %v, want %v", tt.a, tt.b, ok, tt.ok)
		}
	}
}

func TestPrincipalMatch(t *testing.T) {
	tests := []struct {
		produced, gold string
		want           bool
	}{
		{"IRNGOV", "IRN", true},
		{"IRN", "IRNGOV", true},
		{"IRNMIL", "IRNGOV", true},
		{"irngov ", "IRNGOV", true},
		{"ISRGOV", "IRNGOV", false},
		{"IR", "IRN", false},
		{"", "IRN", false},
		{"IGOWTO", "IGOUNO", false}, // IGO: six letters
		{"IGOUNO", "IGOUNO", true},
		{"IGOUNOKID", "IGOUNO", true},
		{"IGO", "IGOUNO", false},
		{"IGOUNO", "IGO", true}, // a short gold code is a prefix
		{"NGOAMN", "NGOHRW", false},
		{"MNCUSA", "MNCUSA", true},
	}
	for _, tt := range tests {
		if got := principalMatch(tt.produced, tt.gold); got != tt.want {
			t.Errorf("principalMatch(%q, %q) = %v", tt.produced, tt.gold, got)
		}
	}
}

func TestPrefixMatch(t *testing.T) {
	tests := []struct {
		produced, gold string
		want           bool
	}{
		{"IRNGOV", "IRN", true},
		{"IRNMIL", "IRN", true},
		{"USA", "USAGOV", false},
		{"", "IRN", false},
		{"", "*", true},
		{"ISRGOV", "*", true},
		{"IGOUNO", "IGO", true},
		{"IGOWTO", "IGOUNO", false},
	}
	for _, tt := range tests {
		if got := prefixMatch(tt.produced, tt.gold); got != tt.want {
			t.Errorf("prefixMatch(%q, %q) = %v", tt.produced, tt.gold, got)
		}
	}
}

func TestNormName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Tasnim News Agency", "tasnim news agency"},
		{"a Turkish diplomatic source", "turkish diplomatic source"},
		{"an official", "official"},
		{"  Mohammad-Reza   Ashtiani ", "mohammad reza ashtiani"},
		{"Iran’s state TV", "iran s state tv"},
		{"Iran's state TV", "iran s state tv"},
		{"Theresa May", "theresa may"}, // only a whole leading word is an article
		{"the", "the"},
	}
	for _, tt := range tests {
		if got := normName(tt.in); got != tt.want {
			t.Errorf("normName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, p := range []string{"he", "He", "THEY", "its", "I"} {
		if !isPronoun(p) {
			t.Errorf("isPronoun(%q) = false", p)
		}
	}
	for _, p := range []string{"Erdogan", "the envoy", "hers"} {
		if isPronoun(p) {
			t.Errorf("isPronoun(%q) = true", p)
		}
	}
}

func TestDistanceKM(t *testing.T) {
	tests := []struct {
		lat1, lon1, lat2, lon2, want, tol float64
	}{
		{0, 0, 0, 0, 0, 1e-9},
		{0, 0, 1, 0, 111.195, 0.01},                 // one degree of latitude
		{0, 0, 0, 180, 20015.1, 0.1},                // half the equator
		{90, 0, -90, 0, 20015.1, 0.1},               // pole to pole
		{35.69, 51.39, 39.93, 32.86, 1691.17, 0.01}, // Tehran to Ankara
	}
	for _, tt := range tests {
		if got := distanceKM(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > tt.tol {
			t.Errorf("distanceKM(%g,%g, %g,%g) = %.3f, want %.3f", tt.lat1, tt.lon1, tt.lat2, tt.lon2, got, tt.want)
		}
	}
}

func TestRadius(t *testing.T) {
	tests := []struct {
		p    GoldPlace
		want float64
	}{
		{GoldPlace{Name: "Tehran"}, 50},
		{GoldPlace{Name: "Gaza Strip"}, 150},
		{GoldPlace{Name: "West Bank"}, 150},
		{GoldPlace{Name: "Turkiye"}, 150},
		{GoldPlace{Name: "Qatar"}, 150},
		{GoldPlace{Name: "Black Sea"}, 150},
		{GoldPlace{Name: "Norway", Feature: "country"}, 150},
		{GoldPlace{Name: "Bavaria", Feature: "ADM1"}, 150},
		{GoldPlace{Name: "Baltic", Feature: "sea"}, 150},
		{GoldPlace{Name: "Kurdistan", Feature: "region"}, 150},
		{GoldPlace{Name: "Gaza", Feature: "territory"}, 150},
		{GoldPlace{Name: "Rize", Feature: "city"}, 50},
		{GoldPlace{Name: "Gaza Strip", RadiusKM: 25}, 25},
		{GoldPlace{Name: "Sahara", RadiusKM: 800}, 800},
	}
	for _, tt := range tests {
		if got := tt.p.radius(); got != tt.want {
			t.Errorf("radius(%+v) = %g, want %g", tt.p, got, tt.want)
		}
	}
}
