// Package parse is the language stage after segmentation: it tags,
// lemmatises and parses every sentence of a document with dyad's own
// models (packages tagger, lemma and dep), embedded in the binary and
// loaded on first use.
package parse

import (
	"context"
	"fmt"
	"sync"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/parse/dep"
	"github.com/dyad-events/dyad/internal/parse/lemma"
	"github.com/dyad-events/dyad/internal/parse/tagger"
)

// Models are the three models the stage runs.
type Models struct {
	Tagger     *tagger.Tagger
	Lemmatizer *lemma.Lemmatizer
	Parser     *dep.Parser
}

// LoadEmbedded loads the models shipped in the binary.
func LoadEmbedded() (*Models, error) {
	var m Models
	var err error
	if m.Tagger, err = tagger.Load(); err != nil {
		return nil, fmt.Errorf("load tagger: %w", err)
	}
	if m.Lemmatizer, err = lemma.Load(); err != nil {
		return nil, fmt.Errorf("load lemmatizer: %w", err)
	}
	if m.Parser, err = dep.Load(); err != nil {
		return nil, fmt.Errorf("load parser: %w", err)
	}
	return &m, nil
}

// Stage tags, lemmatises and parses documents whose tokens the text stage
// has found.
type Stage struct {
	load func() (*Models, error)
}

// New returns a stage that loads the embedded models on first use, so
// commands that never parse (list, show) pay nothing for them.
func New() *Stage {
	return &Stage{load: sync.OnceValues(LoadEmbedded)}
}

// WithModels returns a stage that uses the given models.
func WithModels(m *Models) *Stage {
	return &Stage{load: func() (*Models, error) { return m, nil }}
}

// Name is the stage's name.
func (s *Stage) Name() string { return "parse" }

// Process fills UPOS, XPOS, Feats, Lemma, Head and Deprel of every token.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if len(d.Tokens) == 0 {
		return nil
	}
	m, err := s.load()
	if err != nil {
		return err
	}
	m.Tagger.TagDocument(d)
	for i := range d.Tokens {
		t := &d.Tokens[i]
		t.Lemma = m.Lemmatizer.Lemma(d.Text(t.Span), t.UPOS, t.XPOS)
	}
	m.Parser.ParseDocument(d)
	return nil
}
