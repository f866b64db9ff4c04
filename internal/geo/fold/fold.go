// Package fold normalises place names for lookup: the generator of the
// embedded gazetteer and the geocoder must fold names the same way.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that do not decompose into a base letter and a mark.
var special = map[rune]string{
	'ı': "i", 'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'ß': "ss", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ħ': "h", 'Ħ': "h", 'ŀ': "l", 'Ŀ': "l", 'ŧ': "t", 'Ŧ': "t", 'ſ': "s",
	'’': "'", '‘': "'", 'ʼ': "'", '`': "'", '´': "'", 'ʻ': "'", 'ʿ': "'", 'ʾ': "'",
	'‐': " ", '‑': " ", '–': " ", '—': " ",
}

// Fold returns the lookup key of a name: lower case, without diacritics,
// with hyphens as spaces, dots and apostrophes removed, a leading "the"
// dropped and spaces collapsed. "Nagorno-Karabakh" and "nagorno karabakh"
// fold alike, as do "Çamlıhemşin" and "Camlihemsin", "U.S." and "US".
func Fold(s string) string {
	if k, ok := asciiFast(s); ok {
		return k
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if t, ok := special[r]; ok {
			for _, c := range t {
				space = put(&b, c, space)
			}
			continue
		}
		space = put(&b, unicode.ToLower(r), space)
	}
	return finish(b.String())
}

func put(b *strings.Builder, r rune, space bool) bool {
	switch {
	case r == '-' || r == '_' || r == ',' || unicode.IsSpace(r):
		if !space {
			b.WriteByte(' ')
		}
		return true
	case r == '.' || r == '\'' || r == '"':
		return space
	}
	b.WriteRune(r)
	return false
}

func finish(k string) string {
	k = strings.TrimSuffix(k, " ")
	if strings.HasPrefix(k, "the ") {
		k = k[4:]
	}
	return k
}

// asciiFast folds an ASCII name that needs no change other than case and
// separators without going through normalisation.
func asciiFast(s string) (string, bool) {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		if 'A' <= c && c <= 'Z' || c == '-' || c == '.' || c == '\'' || c == '"' || c == ',' || c == '_' || c == '\t' || c == '\n' ||
			c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			clean = false
		}
	}
	if clean && !strings.HasPrefix(s, "the ") {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := rune(s[i])
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		space = put(&b, c, space)
	}
	return finish(b.String()), true
}
