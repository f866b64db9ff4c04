package dep

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dyad-events/dyad/internal/parse/perceptron"
)

// Model files in a model directory.
const (
	metaFile    = "meta.txt"
	labelsFile  = "deprels.txt"
	weightsFile = "weights.zst"
	lexiconFile = "lexicon.tsv"
)

//go:embed model/*
var embedded embed.FS

// Model is a trained parser model: the deprel inventory and the weights.
type Model struct {
	labels []string
	ls     labelSet
	lab    []uint64 // label hashes for features
	// weights is the weights file (a perceptron.Table file); t the
	// weights for scoring.
	weights []byte
	t       *perceptron.Table
	lex     *lexicon
}

func newModel(labels []string, weights []byte) (*Model, error) {
	m := &Model{labels: labels, weights: weights, ls: labelSet{n: len(labels), root: -1}}
	if len(labels) == 0 || len(labels) > 127 {
		return nil, fmt.Errorf("dep model: %d deprels (want 1 to 127)", len(labels))
	}
	for i, l := range labels {
		if l == "root" {
			m.ls.root = i
		}
		m.lab = append(m.lab, perceptron.HashString("\x00label:"+l))
	}
	if m.ls.root < 0 {
		return nil, errors.New(`dep model: no "root" deprel`)
	}
	if weights != nil {
		t, err := perceptron.ReadTable(bytes.NewReader(weights))
		if err != nil {
			return nil, fmt.Errorf("dep model: %w", err)
		}
		if t.Classes() != m.ls.classes() {
			return nil, fmt.Errorf("dep model: %d classes for %d deprels, want %d", t.Classes(), len(labels), m.ls.classes())
		}
		m.t = t
	}
	return m, nil
}

// setWeights replaces the model's weights.
func (m *Model) setWeights(w *perceptron.Model) error {
	t := w.Table()
	var b bytes.Buffer
	if _, err := t.WriteTo(&b); err != nil {
		return err
	}
	m.weights, m.t = b.Bytes(), t
	return nil
}

// Deprels returns the relations the model can assign.
func (m *Model) Deprels() []string { return append([]string(nil), m.labels...) }

// Weights is the number of weights the model stores.
func (m *Model) Weights() int { return m.t.Weights() }

// Size is the size of the model's weights file in bytes.
func (m *Model) Size() int { return len(m.weights) }

// WriteTo writes the model's files into dir, creating it if needed. The
// same model always gives the same bytes.
func (m *Model) WriteTo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var meta bytes.Buffer
	fmt.Fprintf(&meta, "dyad dependency parser\nfeatures %s\n", featureVersion)
	var labels bytes.Buffer
	if _, err := perceptron.NewLabels(m.labels...).WriteTo(&labels); err != nil {
		return err
	}
	for name, b := range map[string][]byte{metaFile: meta.Bytes(), labelsFile: labels.Bytes(), weightsFile: m.weights, lexiconFile: m.lex.write()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readModel(fsys fs.FS) (*Model, error) {
	meta, err := fs.ReadFile(fsys, metaFile)
	if err != nil {
		return nil, fmt.Errorf("dep model: %w", err)
	}
	want := "features " + featureVersion
	if !strings.Contains(string(meta), want+"\n") {
		return nil, fmt.Errorf("dep model: trained with another feature set (meta says %q, want %q)",
			strings.TrimSpace(string(meta)), want)
	}
	lf, err := fsys.Open(labelsFile)
	if err != nil {
		return nil, fmt.Errorf("dep model: %w", err)
	}
	labels, err := perceptron.ReadLabels(lf)
	lf.Close()
	if err != nil {
		return nil, fmt.Errorf("dep model: %w", err)
	}
	lx, err := fsys.Open(lexiconFile)
	if err != nil {
		return nil, fmt.Errorf("dep model: %w", err)
	}
	lex, err := readLexicon(lx)
	lx.Close()
	if err != nil {
		return nil, fmt.Errorf("dep model: %w", err)
	}
	w, err := fs.ReadFile(fsys, weightsFile)
	if err != nil {
		return nil, fmt.Errorf("dep model: %w", err)
	}
	m, err := newModel(labels.Names(), w)
	if err != nil {
		return nil, err
	}
	m.lex = lex
	return m, nil
}
