package lemma

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// readIndex reads the single-word lemmas of a WordNet index file
// (index.noun, ...) with their tagged-sense counts, a frequency measure
// from the semantic concordance.
func (wn *WordNet) readIndex(dir string, c wnClass) error {
	f, err := os.Open(filepath.Join(dir, "index."+c.String()))
	if err != nil {
		return err
	}
	defer f.Close()
	wn.tagCount[c] = map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue // licence header
		}
		fields := strings.Fields(line)
		if len(fields) < 6 || !plainWord(fields[0]) {
			continue
		}
		p, err := strconv.Atoi(fields[3])
		if err != nil || len(fields) < 6+p {
			continue
		}
		tags, err := strconv.Atoi(fields[5+p])
		if err != nil {
			continue
		}
		wn.lemmas[c] = append(wn.lemmas[c], fields[0])
		wn.tagCount[c][fields[0]] = tags
	}
	return sc.Err()
}

// plainWord reports whether s is lower-case letters, with single hyphens
// inside: the lemmas inflections are generated for.
func plainWord(s string) bool {
	if len(s) < 2 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' {
			if s[i-1] == '-' {
				return false
			}
			continue
		}
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// inflection is a generated inflected form of a lemma. A primary form is
// what the spelling rules give; a secondary one is a doubtful variant
// (consonant doubling that depends on stress), used only when no lemma
// gives the form as primary.
type inflection struct {
	form    string
	class   ruleClass
	primary bool
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// syllables estimates the syllables of a lower-case word: vowel groups
// (y counts after a consonant), less a silent final e.
func syllables(w string) int {
	n := 0
	prevVowel := false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i]) || w[i] == 'y' && i > 0 && !isVowel(w[i-1])
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if n > 1 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && !strings.HasSuffix(w, "ee") {
		n--
	}
	return max(n, 1)
}

// cvc reports whether w ends consonant, single vowel, consonant (not w,
// x or y), the shape whose final consonant may double: "stop", "admit".
func cvc(w string) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	a, b, c := w[n-3], w[n-2], w[n-1]
	if isVowel(c) || strings.IndexByte("wxy", c) >= 0 || !isVowel(b) || isVowel(a) {
		return false
	}
	// "qu" is a consonant: "quit" doubles.
	return true
}

// sibilant reports whether w takes -es: ends in s, x, z, ch or sh.
func sibilant(w string) bool {
	return strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh")
}

func consonantY(w string) bool {
	n := len(w)
	return n >= 2 && w[n-1] == 'y' && !isVowel(w[n-2])
}

// doubling returns the primary and secondary stems for a suffix starting
// with a vowel (-ed, -ing, -er, -est): monosyllables of shape CVC double
// their final consonant, longer words usually do not, but may ("visited",
// but "preferred", and British "travelled").
func doubling(w string) (primary, secondary string) {
	if !cvc(w) {
		return w, ""
	}
	doubled := w + w[len(w)-1:]
	if syllables(w) == 1 {
		return doubled, w
	}
	return w, doubled
}

// inflect generates the regular inflections of a WordNet lemma.
func inflect(c wnClass, w string) []inflection {
	var out []inflection
	add := func(form string, rc ruleClass, primary bool) {
		if form != "" && form != w {
			out = append(out, inflection{form, rc, primary})
		}
	}
	switch c {
	case wnNoun:
		switch {
		case sibilant(w):
			add(w+"es", rulePlural, true)
		case consonantY(w):
			add(w[:len(w)-1]+"ies", rulePlural, true)
		case strings.HasSuffix(w, "o"):
			add(w+"s", rulePlural, true)
			add(w+"es", rulePlural, true)
		default:
			add(w+"s", rulePlural, true)
		}
	case wnVerb:
		switch {
		case sibilant(w):
			add(w+"es", rule3sg, true)
		case consonantY(w):
			add(w[:len(w)-1]+"ies", rule3sg, true)
		case strings.HasSuffix(w, "o"):
			add(w+"es", rule3sg, true)
			add(w+"s", rule3sg, false)
		default:
			add(w+"s", rule3sg, true)
		}
		switch {
		case strings.HasSuffix(w, "ie"):
			add(w[:len(w)-2]+"ying", ruleIng, true)
			add(w+"d", rulePast, true)
		case strings.HasSuffix(w, "ee") || strings.HasSuffix(w, "ye") || strings.HasSuffix(w, "oe"):
			add(w+"ing", ruleIng, true)
			add(w+"d", rulePast, true)
		case strings.HasSuffix(w, "e"):
			add(w[:len(w)-1]+"ing", ruleIng, true)
			add(w+"d", rulePast, true)
		case consonantY(w):
			add(w+"ing", ruleIng, true)
			add(w[:len(w)-1]+"ied", rulePast, true)
		case strings.HasSuffix(w, "ic"):
			add(w+"king", ruleIng, true)
			add(w+"ked", rulePast, true)
		default:
			p, s := doubling(w)
			add(p+"ing", ruleIng, true)
			add(p+"ed", rulePast, true)
			if s != "" {
				add(s+"ing", ruleIng, false)
				add(s+"ed", rulePast, false)
			}
		}
	case wnAdj:
		if syllables(w) > 2 || strings.ContainsRune(w, '-') {
			return nil
		}
		switch {
		case strings.HasSuffix(w, "e"):
			add(w+"r", ruleComparative, true)
			add(w+"st", ruleSuperlative, true)
		case consonantY(w):
			add(w[:len(w)-1]+"ier", ruleComparative, true)
			add(w[:len(w)-1]+"iest", ruleSuperlative, true)
		default:
			p, s := doubling(w)
			add(p+"er", ruleComparative, true)
			add(p+"est", ruleSuperlative, true)
			if s != "" {
				add(s+"er", ruleComparative, false)
				add(s+"est", ruleSuperlative, false)
			}
		}
	}
	return out
}

// readProperAdjectives reads from data.adj the single-word adjectives
// written with a capital whose lower-case spelling is no adjective of its
// own ("Dutch", but not "Catholic", as "catholic" is one too).
func (wn *WordNet) readProperAdjectives(dir string) error {
	f, err := os.Open(filepath.Join(dir, "data.adj"))
	if err != nil {
		return err
	}
	defer f.Close()
	capital := map[string]bool{}
	lower := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 {
			continue
		}
		n, err := strconv.ParseInt(fields[3], 16, 32)
		if err != nil {
			continue
		}
		for i := 0; i < int(n) && 4+2*i < len(fields); i++ {
			w := fields[4+2*i]
			if j := strings.IndexByte(w, '('); j >= 0 {
				w = w[:j] // syntactic marker: "(a)", "(p)", "(ip)"
			}
			if strings.ContainsRune(w, '_') || w == "" {
				continue
			}
			if 'A' <= w[0] && w[0] <= 'Z' {
				capital[w] = true
			} else {
				lower[w] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for w := range capital {
		if !lower[strings.ToLower(w)] && !strings.ContainsAny(w, "\t ") {
			wn.proper = append(wn.proper, w)
		}
	}
	slices.Sort(wn.proper)
	return nil
}
