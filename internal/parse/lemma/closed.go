package lemma

// closedClass holds the UD English conventions for closed-class words, as
// EWT lemmatises them, keyed by the lower-cased form with apostrophes
// written "'" and the Penn Treebank tag. They come before the learned
// lexicon, so they hold whatever the data files say.
var closedClass = map[lexKey]string{}

func init() {
	add := func(xpos, lemma string, forms ...string) {
		for _, f := range forms {
			closedClass[lexKey{f, xpos}] = lemma
		}
	}
	// Personal pronouns: the nominative is the lemma; "I" is upper case.
	add("PRP", "I", "i", "me")
	add("PRP", "we", "we", "us", "'s")
	add("PRP", "he", "he", "him")
	add("PRP", "she", "she", "her")
	add("PRP", "they", "they", "them", "'em", "em")
	add("PRP", "you", "you", "u", "ya")
	add("PRP", "it", "it")
	// Independent possessives lemmatise to the possessive determiner.
	add("PRP", "my", "mine")
	add("PRP", "your", "yours")
	add("PRP", "our", "ours")
	add("PRP", "their", "theirs")
	add("PRP", "her", "hers")
	// Reflexives keep their form.
	for _, f := range []string{"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves"} {
		add("PRP", f, f)
	}
	// Negation and contracted auxiliaries.
	add("RB", "not", "n't", "nt", "not")
	add("MD", "will", "wo", "'ll", "ll", "will")
	add("MD", "would", "'d", "would")
	add("MD", "can", "ca", "can")
	add("MD", "shall", "sha", "shall")
	add("VBZ", "be", "'s", "is", "s")
	add("VBZ", "have", "has")
	add("VBZ", "do", "does")
	add("VBP", "be", "'m", "am", "'re", "are", "m", "re")
	add("VBP", "have", "'ve", "have", "ve")
	add("VBD", "be", "was", "were")
	add("VBD", "have", "'d", "had")
	add("VBD", "do", "did")
	add("VB", "be", "be")
	add("VBG", "be", "being")
	add("VBN", "be", "been")
	// The possessive marker and the articles.
	add("POS", "'s", "'s", "'", "s")
	add("DT", "a", "a", "an")
	add("DT", "the", "the")
	add("DT", "this", "this", "these")
	add("DT", "that", "that", "those")
	// Reduced forms of gonna, wanna, gotta.
	add("TO", "to", "na", "ta", "to")
	add("VBG", "go", "gon")
	add("VB", "want", "wan")
	add("VBP", "want", "wan")
}
