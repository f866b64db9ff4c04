package text

import (
	"fmt"
	"github.com/dyad-events/dyad/internal/testkit/shared"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/conllu"
	"github.com/dyad-events/dyad/internal/doc"
)

// sharedDir returns ../shared/sub... next to the module root, skipping the
// test when it is absent (the treebanks are not part of the repository).
func sharedDir(tb testing.TB, sub ...string) string { return shared.Dir(tb, sub...) }

// sharedPathIfPresent returns ../shared/sub... next to the module root, or
// "" when it is absent.
func sharedPathIfPresent(sub ...string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

func treebank(tb testing.TB, name string) string {
	tb.Helper()
	tbank := "UD_English-EWT"
	if strings.HasPrefix(name, "en_gum") {
		tbank = "UD_English-GUM"
	}
	return sharedDir(tb, "data", "ud", tbank, name+".conllu")
}

// rawScore is the outcome of segmenting a treebank's raw text.
type rawScore struct {
	tokF1, sentF1             float64
	goldToks, sysToks, okToks int
	goldSent, sysSent, okSent int
	// errors lists token and sentence mismatches with context, for
	// looking at.
	tokErrs, sentErrs []string
}

// scoreRaw rebuilds the raw text of a treebank as the CoNLL 2018 shared
// task does, segments it and scores surface tokens and sentences by
// exact span match, as conll18_ud_eval.py and dyad eval ud --raw do.
func scoreRaw(tb testing.TB, path string) (tokF1, sentF1 float64) {
	tb.Helper()
	r := scoreRawDetail(tb, path)
	return r.tokF1, r.sentF1
}

func scoreRawDetail(tb testing.TB, path string) rawScore {
	tb.Helper()
	sents, err := conllu.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	body, starts := conllu.RawText(sents)
	// Gold spans: each token's form found in order, white space skipped.
	var goldTok, goldSent []doc.Span
	for i, s := range sents {
		text := s.Text()
		pos := 0
		first := len(goldTok)
		for _, tk := range s.Tokens() {
			ts := -1
			for _, r := range tk.Form {
				if isSpace(r) {
					continue
				}
				for pos < len(text) {
					q, n := utf8.DecodeRuneInString(text[pos:])
					if !isSpace(q) {
						break
					}
					pos += n
				}
				q, n := utf8.DecodeRuneInString(text[pos:])
				if q != r {
					tb.Fatalf("%s:%d: token %q does not match the text %q", path, s.Line, tk.Form, text)
				}
				if ts < 0 {
					ts = pos
				}
				pos += n
			}
			goldTok = append(goldTok, doc.Span{Start: starts[i] + ts, End: starts[i] + pos})
		}
		goldSent = append(goldSent, doc.Span{Start: goldTok[first].Start, End: goldTok[len(goldTok)-1].End})
	}
	ss, ts := New().Segment(body, nil)
	var sysTok, sysSent []doc.Span
	for i := 0; i < len(ts); i++ {
		sp := ts[i].Span
		for ts[i].FusedWithNext && i+1 < len(ts) {
			i++
			sp.End = ts[i].Span.End
		}
		sysTok = append(sysTok, sp)
	}
	for _, s := range ss {
		sysSent = append(sysSent, s.Span)
	}
	r := rawScore{goldToks: len(goldTok), sysToks: len(sysTok), goldSent: len(goldSent), sysSent: len(sysSent)}
	r.okToks, r.tokErrs = matchSpans(body, goldTok, sysTok, 30)
	r.okSent, r.sentErrs = matchSpans(body, goldSent, sysSent, 60)
	r.tokF1 = f1(r.okToks, r.goldToks, r.sysToks)
	r.sentF1 = f1(r.okSent, r.goldSent, r.sysSent)
	return r
}

func f1(ok, gold, sys int) float64 {
	if gold+sys == 0 {
		return 0
	}
	return 100 * 2 * float64(ok) / float64(gold+sys)
}

// matchSpans counts spans equal in both ordered lists and describes the
// gold spans that were missed, with ctx bytes of context.
func matchSpans(body string, gold, sys []doc.Span, ctx int) (ok int, errs []string) {
	gi, si := 0, 0
	miss := func(g doc.Span) {
		// the system spans overlapping g
		var got []string
		for k := max(si-3, 0); k < len(sys) && sys[k].Start < g.End; k++ {
			if sys[k].End > g.Start {
				got = append(got, body[sys[k].Start:sys[k].End])
			}
		}
		a, b := max(g.Start-ctx, 0), min(g.End+ctx, len(body))
		for a > 0 && !utf8.RuneStart(body[a]) {
			a--
		}
		for b < len(body) && !utf8.RuneStart(body[b]) {
			b++
		}
		errs = append(errs, fmt.Sprintf("gold %q got %q   in …%s⟦%s⟧%s…", body[g.Start:g.End], got,
			oneLine(body[a:g.Start]), oneLine(body[g.Start:g.End]), oneLine(body[g.End:b])))
	}
	for gi < len(gold) && si < len(sys) {
		switch {
		case sys[si].Start < gold[gi].Start:
			si++
		case gold[gi].Start < sys[si].Start:
			miss(gold[gi])
			gi++
		default:
			if gold[gi].End == sys[si].End {
				ok++
			} else {
				miss(gold[gi])
			}
			gi++
			si++
		}
	}
	for ; gi < len(gold); gi++ {
		miss(gold[gi])
	}
	return ok, errs
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "¶") }

// TestScoreRawDev measures segmentation on the dev splits and guards the
// figures against regressions. DYAD_TEXT_ERRORS=dir writes the mismatches
// there for inspection.
func TestScoreRawDev(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, c := range []struct {
		name          string
		minTok, minSe float64
	}{
		{"en_ewt-ud-dev", 0, 0},
		{"en_gum-ud-dev", 0, 0},
		{"en_ewt-ud-train", 0, 0},
		{"en_gum-ud-train", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := scoreRawDetail(t, treebank(t, c.name))
			t.Logf("%s: tokens F1 %.2f (%d gold, %d system, %d correct), sentences F1 %.2f (%d gold, %d system, %d correct)",
				c.name, r.tokF1, r.goldToks, r.sysToks, r.okToks, r.sentF1, r.goldSent, r.sysSent, r.okSent)
			if dir := os.Getenv("DYAD_TEXT_ERRORS"); dir != "" {
				os.WriteFile(filepath.Join(dir, c.name+".tokens.txt"), []byte(strings.Join(r.tokErrs, "\n")+"\n"), 0o644)
				os.WriteFile(filepath.Join(dir, c.name+".sentences.txt"), []byte(strings.Join(r.sentErrs, "\n")+"\n"), 0o644)
			}
			if r.tokF1 < c.minTok || r.sentF1 < c.minSe {
				t.Errorf("%s: tokens F1 %.2f (want >= %.1f), sentences F1 %.2f (want >= %.1f)", c.name, r.tokF1, c.minTok, r.sentF1, c.minSe)
			}
		})
	}
}
