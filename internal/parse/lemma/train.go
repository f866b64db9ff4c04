package lemma

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/conllu"
)

// Suffix rule induction settings. A suffix rule is kept when it gets at
// least minGain more training types right than the shorter suffix it
// refines; suffixes are at most maxSuffixLen bytes.
const (
	maxSuffixLen = 7
	minGain      = 2
)

// Model is what Train learns: the three data files in memory.
type Model struct {
	proper     []string
	lexicon    []lexEntry
	exceptions []excEntry
	suffixes   []suffixRule
	// sources names the training inputs, for the file headers.
	sources []string
}

type lexEntry struct{ form, xpos, lemma string }

type excEntry struct {
	class       wnClass
	form, lemma string
}

type suffixRule struct {
	class   ruleClass
	suffix  string
	edit    edit
	support int // training types the rule gets right
}

// WordNet is what the lemmatiser takes from WordNet 3.0: the exception
// lists of irregular forms (noun.exc, verb.exc, adj.exc, adv.exc) and the
// single-word lemmas of the index files, whose regular inflections are
// generated.
type WordNet struct {
	// exc[class] maps an inflected form to its lemmas, in file order.
	exc [5]map[string][]string
	// excForms[class] lists the forms in file order.
	excForms [5][]string
	// lemmas[class] are the index's single-word lemmas, in file order;
	// tagCount[class] their tagged-sense counts.
	lemmas   [5][]string
	tagCount [5]map[string]int
	// proper are the adjectives WordNet writes with a capital and never
	// without ("Dutch", "Islamic"), sorted.
	proper []string
}

// ReadWordNet reads the exception lists and index files from a WordNet
// 3.0 dictionary directory (Debian's wordnet-base installs it at
// /usr/share/wordnet).
func ReadWordNet(dir string) (*WordNet, error) {
	wn := &WordNet{}
	if err := wn.readProperAdjectives(dir); err != nil {
		return nil, err
	}
	for c := wnNoun; c <= wnAdv; c++ {
		if err := wn.readIndex(dir, c); err != nil {
			return nil, err
		}
		wn.exc[c] = map[string][]string{}
		f, err := os.Open(filepath.Join(dir, c.String()+".exc"))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 2 {
				continue
			}
			form := fields[0]
			if strings.ContainsRune(form, '_') {
				continue // multiword expressions
			}
			var lemmas []string
			for _, l := range fields[1:] {
				if !strings.ContainsRune(l, '_') {
					lemmas = append(lemmas, l)
				}
			}
			if len(lemmas) == 0 {
				continue
			}
			if _, seen := wn.exc[c][form]; !seen {
				wn.excForms[c] = append(wn.excForms[c], form)
			}
			wn.exc[c][form] = append(wn.exc[c][form], lemmas...)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return wn, nil
}

// Train builds the lemmatiser's data from treebank sentences (gold
// lemmas and Penn Treebank tags) and, when wn is not nil, WordNet's
// exception lists. sources name the inputs for the data files' headers.
//
// WordNet's single-word lemmas are inflected by the regular spelling
// rules (plural, 3rd person, past, -ing, comparative and superlative;
// consonant doubling is taken as certain for monosyllables and as a
// doubtful variant otherwise). Suffix rules are induced per inflection
// class from the distinct (form, lemma) pairs of the treebank and of
// these inflections: every suffix of up to maxSuffixLen bytes votes for
// the edit that turns its forms into their lemmas, and a suffix is kept
// when its edit gets at least minGain more pairs right than its nearest
// kept shorter suffix. WordNet's exceptions and generated forms are then
// kept where the rules get them wrong, and the treebank lexicon, (form,
// XPOS) → most frequent lemma, where everything before it (the
// closed-class table, the exceptions and the rules) gets fewer of the
// form's tokens right than the lexicon would, unless it looks like an
// annotation slip.
func Train(sents []*conllu.Sentence, wn *WordNet, sources ...string) *Model {
	m := &Model{sources: sources}
	toks := treebankTokens(sents)
	if wn != nil {
		m.proper = wn.proper
	}

	// Lemma frequencies per WordNet class, to choose among an exception's
	// lemmas.
	lemmaFreq := map[excKey]int{}
	for _, t := range toks {
		if _, wc := classes(t.xpos); wc != wnNone {
			lemmaFreq[excKey{wc, lowerKey(t.lemma)}]++
		}
	}

	// Regular inflections of WordNet's lemmas: form → candidate lemmas.
	type cand struct {
		lemma   string
		class   ruleClass
		primary bool
	}
	var generated [5]map[string][]cand
	var genForms [5][]string
	if wn != nil {
		for c := wnNoun; c <= wnAdv; c++ {
			generated[c] = map[string][]cand{}
			for _, lemma := range wn.lemmas[c] {
				for _, inf := range inflect(c, lemma) {
					if _, irregular := wn.exc[c][inf.form]; irregular {
						continue
					}
					if generated[c][inf.form] == nil {
						genForms[c] = append(genForms[c], inf.form)
					}
					generated[c][inf.form] = append(generated[c][inf.form], cand{lemma, inf.class, inf.primary})
				}
			}
			slices.Sort(genForms[c])
		}
	}
	// better reports whether lemma a is to be preferred to b for a form of
	// class c: more frequent in the treebank, then in WordNet's tagged
	// senses, then the shorter, then the first alphabetically.
	better := func(c wnClass, a, b string) bool {
		fa, fb := lemmaFreq[excKey{c, a}], lemmaFreq[excKey{c, b}]
		if fa != fb {
			return fa > fb
		}
		if wn != nil {
			ta, tb := wn.tagCount[c][a], wn.tagCount[c][b]
			if ta != tb {
				return ta > tb
			}
		}
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	}

	// 1. Suffix rules, from the treebank's pairs and the primary
	// generated ones.
	pairs := map[ruleClass]map[[2]string]bool{}
	addPair := func(rc ruleClass, form, lemma string) {
		if !wordLike(form) || !wordLike(lemma) {
			return
		}
		if pairs[rc] == nil {
			pairs[rc] = map[[2]string]bool{}
		}
		pairs[rc][[2]string{form, lemma}] = true
	}
	for _, t := range toks {
		if rc, _ := classes(t.xpos); rc != ruleNone {
			addPair(rc, lowerKey(t.form), lowerKey(t.lemma))
		}
	}
	for c := wnNoun; c <= wnAdv; c++ {
		for _, form := range genForms[c] {
			for _, x := range generated[c][form] {
				if x.primary {
					addPair(x.class, form, x.lemma)
				}
			}
		}
	}
	l := newLemmatizer()
	for _, p := range m.proper {
		l.proper[lowerKey(p)] = p
	}
	for rc := rulePlural; rc < numRuleClasses; rc++ {
		for _, r := range induceSuffixes(rc, pairs[rc]) {
			m.suffixes = append(m.suffixes, r)
			l.addSuffix(r.class, r.suffix, r.edit)
		}
	}

	// 2. WordNet's exceptions and generated forms the rules get wrong.
	if wn != nil {
		for c := wnNoun; c <= wnAdv; c++ {
			for _, form := range wn.excForms[c] {
				lemmas := wn.exc[c][form]
				rc := naturalClass(c, form)
				if slices.Contains(lemmas, l.suffixEdit(rc, form).apply(form)) {
					continue
				}
				best := lemmas[0]
				for _, x := range lemmas[1:] {
					if lemmaFreq[excKey{c, x}] > lemmaFreq[excKey{c, best}] {
						best = x
					}
				}
				m.exceptions = append(m.exceptions, excEntry{c, form, best})
			}
			for _, form := range genForms[c] {
				cs := generated[c][form]
				anyPrimary := slices.ContainsFunc(cs, func(x cand) bool { return x.primary })
				best, ruleRight := "", false
				for _, x := range cs {
					if anyPrimary && !x.primary {
						continue
					}
					if l.suffixEdit(x.class, form).apply(form) == x.lemma {
						ruleRight = true
					}
					if best == "" || better(c, x.lemma, best) {
						best = x.lemma
					}
				}
				if !ruleRight {
					m.exceptions = append(m.exceptions, excEntry{c, form, best})
				}
			}
		}
		for _, e := range m.exceptions {
			l.exc[excKey{e.class, e.form}] = e.lemma
		}
	}

	// 3. The treebank lexicon, where it beats everything before it.
	type variant struct{ form, lemma string }
	byKey := map[lexKey]map[variant]int{}
	for _, t := range toks {
		key := lowerKey(t.form)
		if t.xpos == "NNP" || t.xpos == "NNPS" {
			key = t.form
		}
		k := lexKey{key, t.xpos}
		if byKey[k] == nil {
			byKey[k] = map[variant]int{}
		}
		byKey[k][variant{t.form, t.lemma}]++
	}
	// Words attested as base forms: in WordNet's index or with a base tag
	// in the treebank.
	baseTag := map[string]wnClass{"NN": wnNoun, "NNP": wnNoun, "VB": wnVerb, "VBP": wnVerb, "JJ": wnAdj, "RB": wnAdv}
	attested := map[excKey]bool{}
	for _, t := range toks {
		if c, ok := baseTag[t.xpos]; ok {
			attested[excKey{c, lowerKey(t.form)}] = true
		}
	}
	asLemma := map[string]int{}
	for _, t := range toks {
		asLemma[lowerKey(t.lemma)]++
	}
	known := func(c wnClass, lemma string) bool {
		k := excKey{c, lowerKey(lemma)}
		if attested[k] {
			return true
		}
		if wn == nil {
			return false
		}
		_, ok := wn.tagCount[c][k.form]
		return ok
	}
	for k, vs := range byKey {
		if _, ok := closedClass[lexKey{lowerKey(k.form), k.xpos}]; ok {
			continue
		}
		perLemma := map[string]int{}
		ruleRight := 0
		for v, n := range vs {
			perLemma[v.lemma] += n
			if l.rules(v.form, lowerKey(v.form), k.xpos) == v.lemma {
				ruleRight += n
			}
		}
		best, bestN := "", -1
		for lemma, n := range perLemma {
			if n > bestN || n == bestN && lemma < best {
				best, bestN = lemma, n
			}
		}
		if bestN <= ruleRight {
			continue
		}
		// A word read once as a typo for another ("his" as DT for "this",
		// "a" as MD for "can") would turn every tagging slip on a common
		// word into a wrong lemma: such entries need two witnesses.
		if bestN < 2 && asLemma[lowerKey(k.form)] >= 3 && !strings.EqualFold(best, k.form) {
			continue
		}
		// An inflected form whose lemma is no known word (nor the form
		// itself, as "regards" is), where the rules give a known one, is
		// an annotation slip ("fled" → "flead"): leave it to the rules.
		if _, c := classes(k.xpos); c != wnNone && !strings.EqualFold(best, k.form) && !known(c, best) &&
			known(c, l.rules(k.form, lowerKey(k.form), k.xpos)) {
			continue
		}
		m.lexicon = append(m.lexicon, lexEntry{k.form, k.xpos, best})
	}
	m.sort()
	return m
}

type token struct{ form, xpos, lemma string }

// treebankTokens returns the words usable for training: with a lemma and
// a tag, and nothing that would break a TSV line.
func treebankTokens(sents []*conllu.Sentence) []token {
	n := 0
	for _, s := range sents {
		n += len(s.Words)
	}
	out := make([]token, 0, n)
	for _, s := range sents {
		for _, w := range s.Words {
			if w.Lemma == "" || w.Lemma == "_" || w.XPOS == "" || w.XPOS == "_" || w.Form == "" {
				continue
			}
			if strings.ContainsAny(w.Form+w.Lemma+w.XPOS, "\t\n\r") {
				continue
			}
			out = append(out, token{w.Form, w.XPOS, w.Lemma})
		}
	}
	return out
}

// wordLike reports whether s is a word suffix rules may learn from:
// letters, with hyphens, apostrophes or periods inside.
func wordLike(s string) bool {
	if s == "" {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'' || r == '.':
		default:
			return false
		}
	}
	return letters > 0
}

// naturalClass is the rule class an exception of WordNet class c is an
// inflection of, judged by its ending.
func naturalClass(c wnClass, form string) ruleClass {
	switch c {
	case wnNoun:
		return rulePlural
	case wnVerb:
		switch {
		case strings.HasSuffix(form, "ing"):
			return ruleIng
		case strings.HasSuffix(form, "s"):
			return rule3sg
		}
		return rulePast
	}
	if strings.HasSuffix(form, "st") {
		return ruleSuperlative
	}
	return ruleComparative
}

// editOf returns the edit that turns form into lemma, cut at a rune
// boundary.
func editOf(form, lemma string) edit {
	n := 0
	for n < len(form) && n < len(lemma) && form[n] == lemma[n] {
		n++
	}
	for n > 0 && (n < len(form) && !utf8.RuneStart(form[n]) || n < len(lemma) && !utf8.RuneStart(lemma[n])) {
		n--
	}
	return edit{len(form) - n, lemma[n:]}
}

func editLess(a, b edit) bool {
	if a.strip != b.strip {
		return a.strip < b.strip
	}
	return a.append < b.append
}

// induceSuffixes learns the suffix rules of one class from distinct
// (form, lemma) pairs.
func induceSuffixes(rc ruleClass, pairs map[[2]string]bool) []suffixRule {
	// votes[suffix][edit] counts the pairs ending in suffix that the edit
	// gets right.
	votes := map[string]map[edit]int{}
	for p := range pairs {
		form := p[0]
		e := editOf(form, p[1])
		for n := 0; n <= min(len(form), maxSuffixLen); n++ {
			if n > 0 && !utf8.RuneStart(form[len(form)-n]) {
				continue
			}
			s := form[len(form)-n:]
			if votes[s] == nil {
				votes[s] = map[edit]int{}
			}
			votes[s][e]++
		}
	}
	suffixes := make([]string, 0, len(votes))
	for s := range votes {
		suffixes = append(suffixes, s)
	}
	// Shorter suffixes first, so a suffix's ancestors are settled before
	// it.
	slices.SortFunc(suffixes, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	})
	kept := map[string]edit{}
	var rules []suffixRule
	for _, s := range suffixes {
		v := votes[s]
		best, bestN := edit{}, -1
		for e, n := range v {
			if n > bestN || n == bestN && editLess(e, best) {
				best, bestN = e, n
			}
		}
		if s == "" {
			kept[s] = best
			rules = append(rules, suffixRule{rc, s, best, bestN})
			continue
		}
		// The rule this suffix would otherwise get: its longest kept
		// proper suffix's.
		inherited := kept[""]
		for k := 1; k < len(s); k++ {
			if e, ok := kept[s[k:]]; ok {
				inherited = e
				break
			}
		}
		if best != inherited && bestN-v[inherited] >= minGain {
			kept[s] = best
			rules = append(rules, suffixRule{rc, s, best, bestN})
		}
	}
	return rules
}

func (m *Model) sort() {
	slices.SortFunc(m.lexicon, func(a, b lexEntry) int {
		return cmp.Or(strings.Compare(a.form, b.form), strings.Compare(a.xpos, b.xpos))
	})
	slices.SortFunc(m.exceptions, func(a, b excEntry) int {
		return cmp.Or(cmp.Compare(a.class, b.class), strings.Compare(a.form, b.form))
	})
	slices.SortFunc(m.suffixes, func(a, b suffixRule) int {
		return cmp.Or(cmp.Compare(a.class, b.class), strings.Compare(reverse(a.suffix), reverse(b.suffix)))
	})
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// Lemmatizer returns a lemmatiser that uses the model as it is, without
// writing it out.
func (m *Model) Lemmatizer() *Lemmatizer {
	l := newLemmatizer()
	for _, p := range m.proper {
		l.proper[lowerKey(p)] = p
	}
	for _, e := range m.lexicon {
		l.lex[lexKey{e.form, e.xpos}] = e.lemma
	}
	for _, e := range m.exceptions {
		l.exc[excKey{e.class, e.form}] = e.lemma
	}
	for _, r := range m.suffixes {
		l.addSuffix(r.class, r.suffix, r.edit)
	}
	return l
}

// Sizes reports the number of lexicon entries, exceptions, suffix rules
// and proper adjectives.
func (m *Model) Sizes() (lexicon, exceptions, suffixes, proper int) {
	return len(m.lexicon), len(m.exceptions), len(m.suffixes), len(m.proper)
}

// WriteTo writes the data files into dir as sorted TSV, so the same
// inputs give the same bytes.
func (m *Model) WriteTo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	from := "treebank training data"
	if len(m.sources) > 0 {
		from = strings.Join(m.sources, ", ")
	}
	var b strings.Builder
	b.WriteString("# dyad lemmatiser lexicon, generated by internal/parse/lemma/gen: do not edit.\n")
	fmt.Fprintf(&b, "# From: %s.\n", from)
	b.WriteString("# Only entries the closed-class table, the exceptions and the suffix rules get wrong.\n")
	b.WriteString("# form (lower case, apostrophes as ', proper nouns as written)\tPenn tag\tlemma\n")
	for _, e := range m.lexicon {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", e.form, e.xpos, e.lemma)
	}
	if err := os.WriteFile(filepath.Join(dir, LexiconFile), []byte(b.String()), 0o644); err != nil {
		return err
	}

	b.Reset()
	b.WriteString("# dyad lemmatiser exceptions, generated by internal/parse/lemma/gen: do not edit.\n")
	b.WriteString("# From WordNet 3.0 (see WORDNET-LICENSE): its exception lists of irregular forms, and the regular\n")
	b.WriteString("# inflections of its lemmas. Where a form has several lemmas, the one most frequent in the treebank,\n")
	b.WriteString("# then in WordNet's tagged senses. Only entries the suffix rules get wrong.\n")
	b.WriteString("# class (noun: NNS NNPS; verb: VBD VBN VBG VBZ; adj: JJR JJS; adv: RBR RBS)\tform\tlemma\n")
	for _, e := range m.exceptions {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", e.class, e.form, e.lemma)
	}
	if err := os.WriteFile(filepath.Join(dir, ExceptionsFile), []byte(b.String()), 0o644); err != nil {
		return err
	}

	b.Reset()
	b.WriteString("# dyad lemmatiser proper adjectives, generated by internal/parse/lemma/gen: do not edit.\n")
	b.WriteString("# Adjectives WordNet 3.0 (see WORDNET-LICENSE) writes only with a capital; a JJ whose\n")
	b.WriteString("# lower-cased form is one of them has this spelling as its lemma (german -> German).\n")
	for _, p := range m.proper {
		b.WriteString(p + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, ProperAdjFile), []byte(b.String()), 0o644); err != nil {
		return err
	}

	b.Reset()
	b.WriteString("# dyad lemmatiser suffix rules, generated by internal/parse/lemma/gen: do not edit.\n")
	fmt.Fprintf(&b, "# Induced from %s and the regular inflections of WordNet 3.0's lemmas.\n", from)
	b.WriteString("# The longest suffix of the lower-cased form that has a rule in the tag's class applies:\n")
	b.WriteString("# strip that many bytes, then append. Support: training types the rule gets right.\n")
	b.WriteString("# class (plural: NNS NNPS; past: VBD VBN; ing: VBG; 3sg: VBZ; comparative: JJR RBR; superlative: JJS RBS)\t*suffix\tstrip\tappend\tsupport\n")
	for _, r := range m.suffixes {
		fmt.Fprintf(&b, "%s\t*%s\t%d\t%s\t%s\n", r.class, r.suffix, r.edit.strip, r.edit.append, strconv.Itoa(r.support))
	}
	return os.WriteFile(filepath.Join(dir, SuffixesFile), []byte(b.String()), 0o644)
}
