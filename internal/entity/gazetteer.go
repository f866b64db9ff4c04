package entity

import "github.com/dyad-events/dyad/internal/ner"

// GazetteerName names the features Gazetteer gives; a recogniser trained
// with them records it, and loads only with a gazetteer of that name.
// Change it when Classes changes what it gives.
const GazetteerName = "actors-1"

// gazClass are the class names of the kinds, indexed by Kind.
var gazClass = [...]string{
	KindCountry:   "country",
	KindAdjective: "adjective",
	KindSeat:      "seat",
	KindOrg:       "org",
	KindPerson:    "person",
	KindRole:      "role",
}

// Gazetteer gives the named-entity recogniser (ner.Gazetteer) the kinds
// of the actor dictionary's phrases as features. It is safe for
// concurrent use.
type Gazetteer struct {
	d *Dictionary
}

var _ ner.Gazetteer = (*Gazetteer)(nil)

// NewGazetteer returns a gazetteer over d, which must have been loaded
// with the segmenter's tokenisation (the words the recogniser sees).
func NewGazetteer(d *Dictionary) *Gazetteer { return &Gazetteer{d: d} }

// Name is GazetteerName.
func (g *Gazetteer) Name() string { return GazetteerName }

// Classes marks the dictionary phrases of words, scanning left to right
// and taking the longest phrase that starts at each word: the first word
// of a phrase gets "B-k" and the others "I-k" for each kind k among the
// phrase's entries (country, adjective, seat, org, person, role, in that
// order). Entries of every date count.
func (g *Gazetteer) Classes(words []string, out [][]string) {
	for i := 0; i < len(words); {
		n, es := g.d.Match(words, i)
		if n == 0 {
			i++
			continue
		}
		var kinds uint32
		for _, e := range es {
			kinds |= 1 << g.d.entries[e].Kind
		}
		for k := KindCountry; k <= KindRole; k++ {
			if kinds&(1<<k) == 0 {
				continue
			}
			out[i] = append(out[i], "B-"+gazClass[k])
			for j := i + 1; j < i+n; j++ {
				out[j] = append(out[j], "I-"+gazClass[k])
			}
		}
		i += n
	}
}
