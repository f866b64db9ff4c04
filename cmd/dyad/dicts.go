package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/dyad-events/dyad/internal/event"
	"github.com/dyad-events/dyad/internal/petrarch"
	"github.com/dyad-events/dyad/internal/pipeline"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// dictFlags name a team's own TABARI/PETRARCH dictionaries for the event
// stage.
type dictFlags struct {
	actors, agents, discards, verbs, issues listFlag
	pico                                    string
	only, noRequireDyad                     bool
}

func (f *dictFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.actors, "actors", "a TABARI/PETRARCH actors dictionary to code with (repeatable; the first to name a phrase wins)")
	fs.Var(&f.agents, "agents", "a PETRARCH agents dictionary (repeatable)")
	fs.Var(&f.discards, "discards", "a PETRARCH discards dictionary (repeatable)")
	fs.Var(&f.verbs, "verbs", "a PETRARCH-2 verb dictionary (CAMEO.2.0 syntax) whose patterns code events beside dyad's own")
	fs.Var(&f.issues, "issues", "a PETRARCH issues dictionary (repeatable)")
	fs.StringVar(&f.pico, "pico", "", "PETRARCH-2's internal coding ontology, to recode negated verbs and join a verb of intent or appeal to the verb it takes")
	fs.BoolVar(&f.only, "dict-only", false, "code with the given dictionaries alone, not dyad's own verbs and actors")
	fs.BoolVar(&f.noRequireDyad, "no-require-dyad", false, "with --verbs: keep events with only a source or only a target")
}

// pipeline returns the whole pipeline, its event stage also coding with
// the dictionaries named, if any.
func (f *dictFlags) pipeline(e *env) (*pipeline.Pipeline, error) {
	if len(f.verbs)+len(f.actors)+len(f.agents)+len(f.discards)+len(f.issues) == 0 && f.pico == "" {
		if f.only {
			return nil, fmt.Errorf("%w: --dict-only needs --verbs", errUsage)
		}
		return newPipeline(), nil
	}
	if len(f.verbs) != 1 {
		return nil, fmt.Errorf("%w: give one --verbs dictionary to code with (got %d)", errUsage, len(f.verbs))
	}
	files := petrarch.Files{Actors: f.actors, Agents: f.agents, Discards: f.discards, Verbs: f.verbs[0], Issues: f.issues, PICO: f.pico}
	d, probs, err := petrarch.Load(files)
	if err != nil {
		return nil, fmt.Errorf("dictionaries: %w", err)
	}
	for _, p := range probs {
		e.log.Warn("dictionary entry skipped", "at", fmt.Sprintf("%s:%d", p.File, p.Line), "problem", p.Msg)
	}
	users := &event.Users{
		Coder: &petrarch.Coder{D: d, Opt: petrarch.Options{RequireDyad: !f.noRequireDyad}},
		Only:  f.only,
		Name:  filepath.Base(f.verbs[0]),
	}
	all := stages()
	for i, st := range all {
		if ev, ok := st.(*event.Stage); ok {
			all[i] = ev.WithUsers(users)
		}
	}
	return pipeline.New(all...), nil
}
