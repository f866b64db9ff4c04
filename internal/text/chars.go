package text

import (
	"unicode"
	"unicode/utf8"
)

// isSpace reports whether r separates tokens. It is the white space the
// UD scorer ignores (unicode.IsSpace and category Zs), so every byte the
// scorer counts as a character lands in some token.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r)
}

// decode returns the rune at s[i] and its size. An invalid byte decodes as
// utf8.RuneError of size 1, which is not space, so it becomes part of a
// token like any symbol.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// decodeLast returns the rune that ends at s[:i] and its size.
func decodeLast(s string, i int) (rune, int) {
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// isAlpha reports letters and combining marks (a mark belongs to the
// letter before it).
func isAlpha(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isAlnum(r rune) bool { return isAlpha(r) || isDigit(r) }

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

// isApostrophe reports the characters English text uses for an
// apostrophe: straight, right single quotation mark, backtick and the
// modifier letter apostrophe.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '`' || r == 'ʼ'
}

// isOpening reports characters that open something and so stand apart
// from the word they precede.
func isOpening(r rune) bool {
	switch r {
	case '(', '[', '{', '"', '“', '‘', '«', '„', '‚', '‹', '¿', '¡', '`', '<':
		return true
	}
	return false
}

// isClosing reports characters that close something and so stand apart
// from the word they follow.
func isClosing(r rune) bool {
	switch r {
	case ')', ']', '}', '"', '”', '’', '»', '›', '\'', '>':
		return true
	}
	return false
}

// isDash reports dashes that always stand alone (en, em, horizontal bar,
// minus sign), unlike the hyphen, which may join a compound.
func isDash(r rune) bool {
	switch r {
	case '–', '—', '―', '−', '‒':
		return true
	}
	return false
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// isTerminal reports sentence-final punctuation.
func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

// isCurrency reports currency signs, which UD splits from the amount.
func isCurrency(r rune) bool {
	return unicode.Is(unicode.Sc, r)
}
