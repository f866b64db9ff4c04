package petrarch

import (
	"fmt"
	"os"
	"path/filepath"
)

// Files names dictionary files; empty names are not loaded. Several
// actors, agents, discards or issues files make one dictionary each, the
// first file winning where two name the same phrase.
type Files struct {
	Actors   []string
	Agents   []string
	Discards []string
	Verbs    string
	Issues   []string
	PICO     string
}

// Load reads the dictionaries files names. The problems are the entries
// that were skipped; the error is a file that could not be read at all.
func Load(f Files) (Dictionaries, []Problem, error) {
	var d Dictionaries
	var probs []Problem
	read := func(name string, fn func(*os.File) ([]Problem, error)) error {
		if name == "" {
			return nil
		}
		fh, err := os.Open(name)
		if err != nil {
			return err
		}
		defer fh.Close()
		p, err := fn(fh)
		probs = append(probs, p...)
		return err
	}
	for _, name := range f.Actors {
		if err := read(name, func(fh *os.File) ([]Problem, error) {
			a, p, err := ReadActors(fh, name)
			d.Actors = append(d.Actors, a)
			return p, err
		}); err != nil {
			return d, probs, err
		}
	}
	for _, name := range f.Agents {
		if err := read(name, func(fh *os.File) ([]Problem, error) {
			if d.Agents == nil {
				d.Agents = newAgents()
			}
			return d.Agents.Read(fh, name)
		}); err != nil {
			return d, probs, err
		}
	}
	for _, name := range f.Discards {
		if err := read(name, func(fh *os.File) ([]Problem, error) {
			if d.Discards == nil {
				d.Discards = newDiscards()
			}
			return d.Discards.Read(fh, name)
		}); err != nil {
			return d, probs, err
		}
	}
	for _, name := range f.Issues {
		if err := read(name, func(fh *os.File) ([]Problem, error) {
			if d.Issues == nil {
				d.Issues = newIssues()
			}
			return d.Issues.Read(fh, name)
		}); err != nil {
			return d, probs, err
		}
	}
	steps := []struct {
		name string
		fn   func(*os.File) ([]Problem, error)
	}{
		{f.Verbs, func(fh *os.File) (p []Problem, err error) { d.Verbs, p, err = ReadVerbs(fh, f.Verbs); return }},
		{f.PICO, func(fh *os.File) (p []Problem, err error) { d.PICO, p, err = ReadPICO(fh, f.PICO); return }},
	}
	for _, s := range steps {
		if err := read(s.name, s.fn); err != nil {
			return d, probs, err
		}
	}
	if d.Verbs == nil {
		return d, probs, fmt.Errorf("no verb dictionary")
	}
	return d, probs, nil
}

// SuiteFiles are the dictionaries a suite's <Environment> names, relative
// to the suite's own directory.
func (s *Suite) Files(path string) Files {
	dir := filepath.Dir(path)
	at := func(n string) string {
		if n == "" {
			return ""
		}
		return filepath.Join(dir, n)
	}
	list := func(n string) []string {
		if n == "" {
			return nil
		}
		return []string{at(n)}
	}
	return Files{Actors: list(s.Actors), Agents: list(s.Agents), Discards: list(s.Discards), Verbs: at(s.Verbs), PICO: at(s.PICO)}
}

// Included reports whether the suite's <Include> list takes the record
// into the evaluation (all records when the list is empty).
func (s *Suite) Included(r Record) bool {
	if !r.Evaluate {
		return false
	}
	if len(s.Include) == 0 {
		return true
	}
	for _, c := range s.Include {
		if c == r.Category {
			return true
		}
	}
	return false
}
