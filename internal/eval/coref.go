package eval

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
)

// CorefReport scores how the pipeline resolves third-person singular
// personal pronouns (he, she, him, her, his, hers, himself, herself)
// against a treebank's coreference chains, such as GUM's Entity=
// annotations. A pronoun counts when its gold chain has a mention that is
// not a pronoun before it; it is right when the entity the pipeline links
// it to has a named or nominal mention whose smallest enclosing gold
// mention belongs to that chain.
type CorefReport struct {
	Documents int `json:"documents"`
	// Pronouns is how many gold pronouns have an antecedent to find.
	Pronouns int `json:"pronouns"`
	// Resolved is how many of them the pipeline linked to an entity.
	Resolved int `json:"resolved"`
	// Correct is how many it linked to the right one.
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Genres breaks the figures down by the document id's second part
	// (GUM_news_x: news).
	Genres map[string]CorefCounts `json:"genres,omitempty"`
	// Misses lists wrong or missing resolutions, for --verbose.
	Misses []CorefMiss `json:"-"`
}

// CorefCounts are one genre's figures.
type CorefCounts struct {
	Pronouns int `json:"pronouns"`
	Resolved int `json:"resolved"`
	Correct  int `json:"correct"`
}

// CorefMiss is one pronoun resolved wrongly or not at all.
type CorefMiss struct {
	Doc      string
	Pronoun  string
	Context  string // the text around it
	Want     string // the chain's first non-pronoun mention
	Got      string // the entity linked ("" when none)
	Resolved bool
}

var corefPronouns = map[string]bool{
	"he": true, "she": true, "him": true, "her": true, "his": true, "hers": true, "himself": true, "herself": true,
}

// goldMention is one mention of a coreference chain, as a byte span of
// the document text.
type goldMention struct {
	chain   string
	span    doc.Span
	pronoun bool // a single word that is a personal pronoun
}

// EvalCoref runs process over each document of a CoNLL-U file carrying
// coreference (Entity= in MISC, CorefUD bracket notation) and scores the
// pronouns it resolves.
func EvalCoref(ctx context.Context, path string, process func(context.Context, *doc.Document) error, progress func(done, total int)) (CorefReport, error) {
	sents, err := conllu.ReadFile(path)
	if err != nil {
		return CorefReport{}, err
	}
	docs := splitDocs(sents)
	rep := CorefReport{Genres: map[string]CorefCounts{}}
	for n, ds := range docs {
		id := ds.id
		text, gold, err := corefGold(ds.sents)
		if err != nil {
			return rep, fmt.Errorf("coref %s: document %s: %w", path, id, err)
		}
		if len(gold) == 0 {
			continue // no coreference marked
		}
		// The text stage finds the paragraphs at the blank lines
		// RawText puts between them.
		d := doc.NewDocument(doc.Article{ID: id, Body: text})
		if err := process(ctx, d); err != nil {
			return rep, fmt.Errorf("coref %s: document %s: %w", path, id, err)
		}
		rep.Documents++
		g := rep.Genres[genreOf(id)]
		scoreCoref(&rep, &g, id, text, gold, d)
		rep.Genres[genreOf(id)] = g
		if progress != nil {
			progress(n+1, len(docs))
		}
	}
	rep.Precision = ratio(rep.Correct, rep.Resolved)
	rep.Recall = ratio(rep.Correct, rep.Pronouns)
	rep.F1 = f1(rep.Correct, rep.Resolved, rep.Pronouns)
	return rep, nil
}

func genreOf(id string) string {
	parts := strings.Split(id, "_")
	if len(parts) >= 3 {
		return parts[1]
	}
	return id
}

// corefGold rebuilds a document's text and reads its gold mentions.
func corefGold(sents []*conllu.Sentence) (string, []goldMention, error) {
	text, starts := conllu.RawText(sents)
	var out []goldMention
	for si, s := range sents {
		// Each word's byte span: a word inside a multiword token takes
		// the token's span.
		spans := make(map[int]doc.Span, len(s.Words))
		cur := starts[si]
		for _, tok := range s.Tokens() {
			at := strings.Index(text[cur:], tok.Form)
			if at < 0 {
				return "", nil, fmt.Errorf("sentence at line %d: token %q not found in its text", s.Line, tok.Form)
			}
			sp := doc.Span{Start: cur + at, End: cur + at + len(tok.Form)}
			cur = sp.End
			for w := tok.First; w <= tok.Last; w++ {
				spans[w] = sp
			}
		}
		open := map[string][]int{} // chain -> word ids of open mentions
		for _, w := range s.Words {
			val := conllu.MiscValue(w.Misc, "Entity")
			if val == "" {
				continue
			}
			add := func(chain string, first int) {
				pron := first == w.ID && corefPronouns[strings.ToLower(w.Form)]
				out = append(out, goldMention{chain: chain, span: doc.Span{Start: spans[first].Start, End: spans[w.ID].End}, pronoun: pron})
			}
			for i := 0; i < len(val); {
				switch val[i] {
				case '(':
					j := i + 1
					for j < len(val) && val[j] != '(' && val[j] != ')' {
						j++
					}
					chain := chainID(val[i+1 : j])
					if j < len(val) && val[j] == ')' {
						add(chain, w.ID)
						i = j + 1
					} else {
						open[chain] = append(open[chain], w.ID)
						i = j
					}
				default:
					j := i
					for j < len(val) && val[j] != ')' && val[j] != '(' {
						j++
					}
					chain := chainID(val[i:j])
					if st := open[chain]; len(st) > 0 {
						add(chain, st[len(st)-1])
						open[chain] = st[:len(st)-1]
					} else if j < len(val) && val[j] == ')' {
						return "", nil, fmt.Errorf("sentence at line %d, word %d (%s): closes entity %q that is not open", s.Line, w.ID, w.Form, chain)
					}
					i = j
					if i < len(val) && val[i] == ')' {
						i++
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].span.Start < out[j].span.Start })
	return text, out, nil
}

// chainID is the entity id at the head of a bracket's content:
// "12-person-giv:act-1-coref" and "12[1/2]-..." are both chain "12".
func chainID(s string) string {
	if i := strings.IndexAny(s, "-["); i >= 0 {
		return s[:i]
	}
	return s
}

func scoreCoref(rep *CorefReport, g *CorefCounts, id, text string, gold []goldMention, d *doc.Document) {
	// The smallest gold mention enclosing a span names its chain.
	chainOf := func(sp doc.Span) string {
		best, bestLen := "", -1
		for _, m := range gold {
			if m.span.Start <= sp.Start && sp.End <= m.span.End {
				if l := m.span.End - m.span.Start; bestLen < 0 || l < bestLen {
					best, bestLen = m.chain, l
				}
			}
		}
		return best
	}
	for gi, p := range gold {
		if !p.pronoun {
			continue
		}
		want := ""
		for _, m := range gold[:gi] {
			if m.chain == p.chain && !m.pronoun {
				want = text[m.span.Start:m.span.End]
				break
			}
		}
		if want == "" {
			continue // no antecedent to find (cataphora, or a chain of pronouns)
		}
		rep.Pronouns++
		g.Pronouns++
		ent := -1
		for _, m := range d.Mentions {
			if m.Kind == "pronoun" && m.Span.Start < p.span.End && p.span.Start < m.Span.End {
				ent = m.Entity
				break
			}
		}
		miss := CorefMiss{Doc: id, Pronoun: text[p.span.Start:p.span.End], Want: want,
			Context: text[max(0, p.span.Start-80):min(len(text), p.span.End+40)]}
		if ent < 0 || ent >= len(d.Entities) {
			rep.Misses = append(rep.Misses, miss)
			continue
		}
		rep.Resolved++
		g.Resolved++
		right := false
		for _, mi := range d.Entities[ent].Mentions {
			if mi < 0 || mi >= len(d.Mentions) || d.Mentions[mi].Kind == "pronoun" {
				continue
			}
			if chainOf(d.Mentions[mi].Span) == p.chain {
				right = true
				break
			}
		}
		if right {
			rep.Correct++
			g.Correct++
			continue
		}
		miss.Resolved, miss.Got = true, d.Entities[ent].Canonical
		rep.Misses = append(rep.Misses, miss)
	}
}

// WriteTable prints the report as a table.
func (r CorefReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "precision\t%.3f\t%d of %d resolved\n", r.Precision, r.Correct, r.Resolved)
	fmt.Fprintf(tw, "recall\t%.3f\t%d of %d pronouns\n", r.Recall, r.Correct, r.Pronouns)
	fmt.Fprintf(tw, "f1\t%.3f\t\n", r.F1)
	fmt.Fprintf(tw, "documents\t%d\t\n", r.Documents)
	fmt.Fprintf(tw, "\ngenre\tpronouns\tresolved\tcorrect\n")
	genres := make([]string, 0, len(r.Genres))
	for g := range r.Genres {
		genres = append(genres, g)
	}
	sort.Strings(genres)
	for _, g := range genres {
		c := r.Genres[g]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", g, c.Pronouns, c.Resolved, c.Correct)
	}
	return tw.Flush()
}
