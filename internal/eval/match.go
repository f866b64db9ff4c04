package eval

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/doc"
)

// foldRune maps typographic apostrophes and quote marks to their ASCII
// forms, so a gold file typed with "'" finds a body that has "’" and the
// other way round.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201B', '\u02BC', '\u2032':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
		return '"'
	}
	return r
}

// isWord reports whether r is part of a word for boundaries and tokens.
// Apostrophes are not: "Iran’s" contains the word "Iran".
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// folded is a text with foldRune applied and whitespace runs collapsed to
// one space, with a map from each folded byte back to the original bytes
// it came from, so a match in the folded text is a span of the original.
type folded struct {
	text       string
	start, end []int // original [start[i], end[i]) of folded byte i
}

func fold(s string) *folded {
	var b strings.Builder
	f := &folded{start: make([]int, 0, len(s)), end: make([]int, 0, len(s))}
	var buf [utf8.UTFMax]byte
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			if n := b.Len(); n > 0 && b.String()[n-1] == ' ' && f.end[n-1] == i {
				f.end[n-1] = i + size // extend the run
				continue
			}
			r = ' '
		}
		n := utf8.EncodeRune(buf[:], foldRune(r))
		b.Write(buf[:n])
		for range n {
			f.start = append(f.start, i)
			f.end = append(f.end, i+size)
		}
	}
	f.text = b.String()
	return f
}

// foldString is the folded form of a gold string, trimmed.
func foldString(s string) string { return fold(strings.TrimSpace(s)).text }

// occurrences returns the spans of body where needle occurs: case-
// sensitively, with apostrophes, quote marks and whitespace folded, and on
// word boundaries (a letter or digit must not touch a word character at
// either end of the needle).
func occurrences(body string, fb *folded, needle string) []doc.Span {
	n := foldString(needle)
	if n == "" {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(n)
	last, _ := utf8.DecodeLastRuneInString(n)
	var out []doc.Span
	for off := 0; off < len(fb.text); {
		k := strings.Index(fb.text[off:], n)
		if k < 0 {
			break
		}
		fs := off + k
		sp := doc.Span{Start: fb.start[fs], End: fb.end[fs+len(n)-1]}
		off = fs + 1
		if isWord(first) {
			if r, _ := utf8.DecodeLastRuneInString(body[:sp.Start]); sp.Start > 0 && isWord(r) {
				continue
			}
		}
		if isWord(last) {
			if r, _ := utf8.DecodeRuneInString(body[sp.End:]); sp.End < len(body) && isWord(r) {
				continue
			}
		}
		out = append(out, sp)
	}
	return out
}

// sameName reports whether a produced name equals a gold string, ignoring
// case and folding apostrophes, quote marks and whitespace.
func sameName(produced, gold string) bool {
	p := foldString(produced)
	return p != "" && strings.EqualFold(p, foldString(gold))
}

// spanOverlap returns the rune counts of a∩b and a∪b in body; both spans
// must be valid. Runes, not bytes: "’" is one character of a mention, and
// counting its three bytes would make the 0.5 threshold depend on
// typography.
func spanOverlap(body string, a, b doc.Span) (inter, union int) {
	lo, hi := max(a.Start, b.Start), min(a.End, b.End)
	if lo < hi {
		inter = utf8.RuneCountInString(body[lo:hi])
	}
	union = utf8.RuneCountInString(body[a.Start:a.End]) + utf8.RuneCountInString(body[b.Start:b.End]) - inter
	return inter, union
}

// atLeast reports whether n/d >= num/den, in integers so that a ratio
// exactly on the threshold passes whatever its floating-point rounding.
func atLeast(n, d, num, den int) bool { return d > 0 && n*den >= num*d }

// ratio is n/d, or 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// tokens is the set of lower-cased runs of letters and digits of s: quote
// marks and punctuation do not count.
func tokens(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWord(r) }) {
		set[strings.ToLower(w)] = true
	}
	return set
}

// tokenOverlap returns |a∩b| and |a∪b|.
func tokenOverlap(a, b map[string]bool) (inter, union int) {
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return inter, len(a) + len(b) - inter
}

// quoteMatch is the quote threshold: token Jaccard >= 0.6.
func quoteMatch(a, b map[string]bool) (bool, float64) {
	i, u := tokenOverlap(a, b)
	return atLeast(i, u, 3, 5), ratio(i, u)
}

// normCode is an actor code as compared: trimmed and upper-case.
func normCode(c string) string { return strings.ToUpper(strings.TrimSpace(c)) }

// principalMatch reports whether produced has the principal part of gold:
// its first three characters, or first six when gold is an
// intergovernmental, non-governmental or multinational code (IGO, NGO,
// MNC), where the first three say nothing about who the actor is. A gold
// code shorter than the principal part ("IGO") is a prefix.
func principalMatch(produced, gold string) bool {
	p, g := normCode(produced), normCode(gold)
	if p == "" || g == "" {
		return false
	}
	n := 3
	if strings.HasPrefix(g, "IGO") || strings.HasPrefix(g, "NGO") || strings.HasPrefix(g, "MNC") {
		n = 6
	}
	n = min(n, len(g))
	return len(p) >= n && p[:n] == g[:n]
}

// acceptsCode reports whether code is the entity's full actor code or one
// of its alternatives.
func (e *GoldEntity) acceptsCode(code string) bool {
	c := normCode(code)
	if c == "" {
		return false
	}
	if c == normCode(e.Actor) {
		return true
	}
	for _, a := range e.ActorAlternatives {
		if c == normCode(a) {
			return true
		}
	}
	return false
}

// prefixMatch is the event actor rule: gold "*" accepts anything, even no
// actor; otherwise the produced code must begin with the gold one.
func prefixMatch(produced, gold string) bool {
	if gold == "*" {
		return true
	}
	g := normCode(gold)
	return g != "" && strings.HasPrefix(normCode(produced), g)
}

// normName is a speaker name as compared: lower case, apostrophes folded,
// punctuation turned into spaces, spaces collapsed, and a leading article
// dropped ("The Tasnim news agency" = "Tasnim News Agency").
func normName(s string) string {
	s = strings.Map(func(r rune) rune {
		if isWord(r) {
			return unicode.ToLower(r)
		}
		return ' '
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	for _, art := range []string{"a ", "an ", "the "} {
		if strings.HasPrefix(s, art) {
			return s[len(art):]
		}
	}
	return s
}

var pronouns = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true,
	"him": true, "her": true, "them": true, "his": true, "its": true,
	"their": true, "you": true,
}

// isPronoun reports whether s is only a pronoun, which never names a
// speaker.
func isPronoun(s string) bool { return pronouns[normName(s)] }

// distanceKM is the great-circle (haversine) distance between two points
// in kilometres, on a sphere of the Earth's mean radius.
func distanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKM = 6371.0088
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKM * math.Asin(math.Min(1, math.Sqrt(a)))
}

// Radii of a geocode's tolerance, in kilometres.
const (
	DefaultRadiusKM   = 50
	LargeAreaRadiusKM = 150
)

// largeAreas are the places the seed README scores at LargeAreaRadiusKM.
var largeAreas = map[string]bool{
	"gaza strip": true, "west bank": true, "turkiye": true, "qatar": true, "black sea": true,
}

// largeFeatures are the GoldPlace.Feature kinds scored at LargeAreaRadiusKM.
var largeFeatures = map[string]bool{
	"country": true, "region": true, "sea": true, "territory": true, "adm1": true,
}

// radius is how far from the gold point a geocode of p may be.
func (p *GoldPlace) radius() float64 {
	switch {
	case p.RadiusKM > 0:
		return p.RadiusKM
	case largeAreas[normName(p.Name)], largeFeatures[strings.ToLower(strings.TrimSpace(p.Feature))]:
		return LargeAreaRadiusKM
	}
	return DefaultRadiusKM
}
