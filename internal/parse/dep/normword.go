package dep

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normWord is the form used by lexical features: lower case, digits as
// 0, typographic quotes and dashes as their ASCII forms, so that news text
// ("Iran’s", "2023") meets the treebanks' spelling ("Iran's", "0000").
func normWord(s string) string {
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			r = '0'
		case r == '’' || r == '‘' || r == '`' || r == '´':
			r = '\''
		case r == '“' || r == '”' || r == '„' || r == '«' || r == '»':
			r = '"'
		case r == '–' || r == '—' || r == '−':
			r = '-'
		case r == '…':
			b.WriteString("...")
			continue
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
