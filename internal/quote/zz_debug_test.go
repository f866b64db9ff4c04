package quote

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"github.com/dyad-events/dyad/internal/text"
)

func TestZZDebug(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	dir := shared.Dir(t, "acceptance", "seed")
	body, _ := os.ReadFile(dir + "/article.txt")
	if f := os.Getenv("ZZFILE"); f != "" {
		body, _ = os.ReadFile(f)
	}
	seg := text.New()
	st := entity.New(sync.OnceValues(func() (*entity.Resources, error) { return entity.LoadResources(seg.Words) }))
	d := testkit.Analyse(t, string(body), time.Date(2023, 11, 5, 12, 0, 0, 0, time.UTC), st, New())
	for _, q := range d.Quotes {
		sp := ""
		if q.SpeakerMention >= 0 {
			sp = d.Mentions[q.SpeakerMention].Text
		}
		ent := ""
		if q.Speaker >= 0 {
			ent = d.Entities[q.Speaker].Canonical + "/" + d.Entities[q.Speaker].Actor
		}
		cl := ""
		for _, c := range q.Clause {
			cl += d.Text(c) + " | "
		}
		fmt.Printf("Q %s %q cue=%q speaker=%q ent=%q via=%v clause=%q\n", q.Kind, q.Text, d.Text(q.Cue), sp, ent, q.Via, cl)
	}
	if os.Getenv("ZZ") == "q" {
		return
	}
	for i, m := range d.Mentions {
		fmt.Printf("M%d s%d %q %s %s ent=%d %s\n", i, m.Sentence, m.Text, m.Type, m.Kind, m.Entity, m.Actor)
	}
	for i, e := range d.Entities {
		fmt.Printf("E%d %q %s %s %v\n", i, e.Canonical, e.Type, e.Actor, e.Mentions)
	}
	for _, s := range d.Sentences {
		if os.Getenv("ZZFILE") != "" {
			for k := s.FirstToken; k < s.EndToken; k++ {
				tk := d.Tokens[k]
				h := "ROOT"
				if tk.Head >= 0 {
					h = d.Text(d.Tokens[tk.Head].Span)
				}
				fmt.Printf("  %d %s %s %s <- %s\n", k, d.Text(tk.Span), tk.UPOS, tk.Deprel, h)
			}
		}
	}
}
