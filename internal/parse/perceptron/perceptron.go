// Package perceptron is the learning core of dyad's tagger and parser: a
// sparse, averaged multiclass perceptron over hashed features.
//
// Features are 64-bit hashes of a template number and the strings it
// combines (Hash2(7, word, tag)), so the feature extractors allocate
// nothing. A Trainer learns weights; Model() averages them (Collins 2002),
// drops the negligible ones and freezes them into a Model: an open-address
// hash table over flat arrays, so scoring costs one probe per feature and
// loading builds no per-feature objects. Model files are deterministic: the
// same training run gives the same bytes.
package perceptron

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// FNV-1a constants.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// mix folds s into h with FNV-1a, followed by a separator byte so that
// ("ab","c") and ("a","bc") differ.
func mix(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	h ^= 0xff
	h *= prime64
	return h
}

func start(template uint64) uint64 {
	h := uint64(offset64)
	for i := 0; i < 8; i++ {
		h ^= template & 0xff
		h *= prime64
		template >>= 8
	}
	return h
}

func finish(h uint64) uint64 {
	// Avalanche so that the low bits, which index the table, depend on
	// every input byte; 0 is reserved for empty slots.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	if h == 0 {
		h = 1
	}
	return h
}

// Hash1 is the feature of template t with one value.
func Hash1(t uint64, a string) uint64 { return finish(mix(start(t), a)) }

// Hash2 is the feature of template t with two values.
func Hash2(t uint64, a, b string) uint64 { return finish(mix(mix(start(t), a), b)) }

// Hash3 is the feature of template t with three values.
func Hash3(t uint64, a, b, c string) uint64 { return finish(mix(mix(mix(start(t), a), b), c)) }

// Hash4 is the feature of template t with four values.
func Hash4(t uint64, a, b, c, d string) uint64 {
	return finish(mix(mix(mix(mix(start(t), a), b), c), d))
}

// HashInts is the feature of template t with small integer values
// (distances, valencies), without formatting them as strings.
func HashInts(t uint64, vals ...int) uint64 {
	h := start(t)
	for _, v := range vals {
		for i := 0; i < 4; i++ {
			h ^= uint64(v) & 0xff
			h *= prime64
			v >>= 8
		}
	}
	return finish(h)
}

// HashMix combines an existing feature hash with one more value.
func HashMix(f uint64, a string) uint64 { return finish(mix(f, a)) }

// weights are one feature's weights: only the classes it ever touched.
type weights struct {
	class []int32
	w     []float32
	total []float64 // sum of w over all instances seen so far, up to last
	last  []int64   // instance at which total was brought up to date
}

func (ws *weights) find(c int32) int {
	for i, x := range ws.class {
		if x == c {
			return i
		}
	}
	return -1
}

// Trainer learns weights. It is not safe for concurrent use.
type Trainer struct {
	classes int
	feats   map[uint64]*weights
	// instance counts training instances: averaging weighs each weight by
	// how many instances it survived.
	instance int64
}

// NewTrainer returns a trainer for the given number of classes.
func NewTrainer(classes int) *Trainer {
	return &Trainer{classes: classes, feats: make(map[uint64]*weights, 1<<16)}
}

// Classes is the number of classes.
func (t *Trainer) Classes() int { return t.classes }

// Scores adds the current (not averaged) weights of feats to scores, which
// must have one entry per class.
func (t *Trainer) Scores(feats []uint64, scores []float32) {
	for _, f := range feats {
		ws := t.feats[f]
		if ws == nil {
			continue
		}
		for i, c := range ws.class {
			scores[c] += ws.w[i]
		}
	}
}

// Update moves the weights of feats towards class gold and away from class
// guess. It does nothing when they are equal.
func (t *Trainer) Update(feats []uint64, gold, guess int) {
	if gold == guess {
		return
	}
	t.Add(feats, gold, 1)
	t.Add(feats, guess, -1)
}

// Add adds delta to the weight of class c for each of feats.
func (t *Trainer) Add(feats []uint64, c int, delta float32) {
	if c < 0 || c >= t.classes {
		panic(fmt.Sprintf("perceptron: class %d out of range [0,%d)", c, t.classes))
	}
	for _, f := range feats {
		ws := t.feats[f]
		if ws == nil {
			ws = &weights{}
			t.feats[f] = ws
		}
		i := ws.find(int32(c))
		if i < 0 {
			ws.class = append(ws.class, int32(c))
			ws.w = append(ws.w, 0)
			ws.total = append(ws.total, 0)
			ws.last = append(ws.last, t.instance)
			i = len(ws.class) - 1
		}
		ws.total[i] += float64(t.instance-ws.last[i]) * float64(ws.w[i])
		ws.last[i] = t.instance
		ws.w[i] += delta
	}
}

// Tick marks the end of one training instance.
func (t *Trainer) Tick() { t.instance++ }

// Features is the number of distinct features seen.
func (t *Trainer) Features() int { return len(t.feats) }

// Model returns the averaged weights as a Model, dropping weights whose
// absolute value is below prune (0 keeps every non-zero weight). The
// trainer can go on learning afterwards.
func (t *Trainer) Model(prune float32) *Model {
	keys := make([]uint64, 0, len(t.feats))
	for k := range t.feats {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	n := float64(max(t.instance, 1))
	m := &Model{classes: t.classes}
	for _, k := range keys {
		ws := t.feats[k]
		type cw struct {
			c int32
			w float32
		}
		var kept []cw
		for i, c := range ws.class {
			total := ws.total[i] + float64(t.instance-ws.last[i])*float64(ws.w[i])
			avg := float32(total / n)
			if avg == 0 || float32(math.Abs(float64(avg))) < prune {
				continue
			}
			kept = append(kept, cw{c, avg})
		}
		if len(kept) == 0 {
			continue
		}
		slices.SortFunc(kept, func(a, b cw) int { return int(a.c - b.c) })
		m.sortedKeys = append(m.sortedKeys, k)
		m.offsets = append(m.offsets, uint32(len(m.class)))
		for _, x := range kept {
			m.class = append(m.class, uint16(x.c))
			m.w = append(m.w, x.w)
		}
	}
	m.finish()
	return m
}

// Model is a frozen set of weights for scoring. It is safe for concurrent
// use.
type Model struct {
	classes int
	// Per feature, in ascending key order: weights of sortedKeys[i] are
	// class/w[offsets[i]:offsets[i+1]].
	sortedKeys []uint64
	offsets    []uint32
	class      []uint16
	w          []float32
	// Open-address table: slot -> feature index + 1 (0 is empty).
	table []uint32
	mask  uint64
}

// Classes is the number of classes.
func (m *Model) Classes() int { return m.classes }

// Features is the number of features with weights.
func (m *Model) Features() int { return len(m.sortedKeys) }

// Weights is the number of stored weights.
func (m *Model) Weights() int { return len(m.w) }

func (m *Model) buildTable() {
	size := 1
	for size < 2*len(m.sortedKeys) {
		size <<= 1
	}
	m.table = make([]uint32, size)
	m.mask = uint64(size - 1)
	for i, k := range m.sortedKeys {
		slot := k & m.mask
		for m.table[slot] != 0 {
			slot = (slot + 1) & m.mask
		}
		m.table[slot] = uint32(i + 1)
	}
}

func (m *Model) lookup(f uint64) int {
	if len(m.table) == 0 {
		return -1
	}
	slot := f & m.mask
	for {
		e := m.table[slot]
		if e == 0 {
			return -1
		}
		if m.sortedKeys[e-1] == f {
			return int(e - 1)
		}
		slot = (slot + 1) & m.mask
	}
}

// Scores adds the weights of feats to scores, which must have one entry
// per class.
func (m *Model) Scores(feats []uint64, scores []float32) {
	for _, f := range feats {
		i := m.lookup(f)
		if i < 0 {
			continue
		}
		for j := m.offsets[i]; j < m.offsets[i+1]; j++ {
			scores[m.class[j]] += m.w[j]
		}
	}
}

// Best returns the index of the highest score among the allowed classes
// (all when allowed is nil), lowest index on ties; -1 if none is allowed.
func Best(scores []float32, allowed []bool) int {
	best := -1
	for c, s := range scores {
		if allowed != nil && !allowed[c] {
			continue
		}
		if best < 0 || s > scores[best] {
			best = c
		}
	}
	return best
}

// File format: gzip (no name, no time: deterministic) of
//
//	magic "DYADPM01", classes u32, features u32, weights u32, scale f32,
//	then per feature: key u64, count u16, count x (class u16),
//	then all weights as int16 multiples of scale, in feature order.
//
// Weights are quantised to 16 bits: a perceptron's decisions do not depend
// on the last digits, and it halves the file.
const magic = "DYADPM01"

// WriteTo writes the model in its file format.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	scale := quantStep(m.w)
	put := func(v any) {
		if err == nil {
			err = binary.Write(bw, binary.LittleEndian, v)
		}
	}
	bw.WriteString(magic)
	put(uint32(m.classes))
	put(uint32(len(m.sortedKeys)))
	put(uint32(len(m.w)))
	put(scale)
	for i, k := range m.sortedKeys {
		put(k)
		put(uint16(m.offsets[i+1] - m.offsets[i]))
		put(m.class[m.offsets[i]:m.offsets[i+1]])
	}
	q := make([]int16, len(m.w))
	for i, x := range m.w {
		q[i] = int16(math.Round(float64(x / scale)))
	}
	put(q)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = zw.Close()
	}
	return cw.n, err
}

// Read reads a model written by WriteTo.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("perceptron model: %w", err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("perceptron model: not a dyad perceptron model")
	}
	var hdr struct {
		Classes, Features, Weights uint32
		Scale                      float32
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("perceptron model header: %w", err)
	}
	if hdr.Classes > 1<<16 || hdr.Weights > 1<<30 || hdr.Features > hdr.Weights {
		return nil, fmt.Errorf("perceptron model header: implausible sizes %+v", hdr)
	}
	m := &Model{
		classes:    int(hdr.Classes),
		sortedKeys: make([]uint64, hdr.Features),
		offsets:    make([]uint32, hdr.Features+1),
		class:      make([]uint16, 0, hdr.Weights),
		w:          make([]float32, hdr.Weights),
	}
	var buf [10]byte
	for i := range m.sortedKeys {
		if _, err := io.ReadFull(br, buf[:]); err != nil {
			return nil, fmt.Errorf("perceptron model feature %d: %w", i, err)
		}
		m.sortedKeys[i] = binary.LittleEndian.Uint64(buf[:8])
		n := int(binary.LittleEndian.Uint16(buf[8:]))
		m.offsets[i] = uint32(len(m.class))
		if len(m.class)+n > int(hdr.Weights) {
			return nil, fmt.Errorf("perceptron model feature %d: more weights than the header says", i)
		}
		cls := m.class[len(m.class) : len(m.class)+n]
		if err := binary.Read(br, binary.LittleEndian, cls); err != nil {
			return nil, fmt.Errorf("perceptron model feature %d: %w", i, err)
		}
		for _, cl := range cls {
			if int(cl) >= m.classes {
				return nil, fmt.Errorf("perceptron model feature %d: class %d out of range", i, cl)
			}
		}
		m.class = m.class[:len(m.class)+n]
	}
	m.offsets[hdr.Features] = uint32(len(m.class))
	if len(m.class) != int(hdr.Weights) {
		return nil, fmt.Errorf("perceptron model: %d weights, header says %d", len(m.class), hdr.Weights)
	}
	q := make([]int16, hdr.Weights)
	if err := binary.Read(br, binary.LittleEndian, q); err != nil {
		return nil, fmt.Errorf("perceptron model weights: %w", err)
	}
	for i, x := range q {
		m.w[i] = float32(x) * hdr.Scale
	}
	m.buildTable()
	return m, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Prune returns a copy of m without the weights whose magnitude is below
// min, and without the features left with none. Averaging members brings
// back weights that each member pruned on its own (half of one member's
// weight where the other has none); most of them never change a decision,
// and a smaller table is scored faster because more of it stays in cache.
func (m *Model) Prune(min float32) *Model {
	out := &Model{classes: m.classes}
	for i, k := range m.sortedKeys {
		start := len(out.class)
		for j := m.offsets[i]; j < m.offsets[i+1]; j++ {
			if w := m.w[j]; w >= min || -w >= min {
				out.class = append(out.class, m.class[j])
				out.w = append(out.w, w)
			}
		}
		out.endFeature(k, start)
	}
	out.finish()
	return out
}

// endFeature makes the weights appended since start the weights of
// feature k, which comes after every feature already in m; a feature
// with none is left out.
func (m *Model) endFeature(k uint64, start int) {
	if len(m.class) > start {
		m.sortedKeys = append(m.sortedKeys, k)
		m.offsets = append(m.offsets, uint32(start))
	}
}

// finish closes the offsets of a model built feature by feature and
// builds its lookup table.
func (m *Model) finish() {
	m.offsets = append(m.offsets, uint32(len(m.class)))
	m.buildTable()
}

// summer adds up, class by class, the weights of several features that
// become one: the members' copies of a feature (Average), a feature and
// its copy (FoldCopies).
type summer struct {
	sum  []float32
	used []bool
}

func newSummer(classes int) *summer {
	return &summer{sum: make([]float32, classes), used: make([]bool, classes)}
}

// add adds the weights of feature i of m.
func (s *summer) add(m *Model, i int) {
	for j := m.offsets[i]; j < m.offsets[i+1]; j++ {
		s.sum[m.class[j]] += m.w[j]
		s.used[m.class[j]] = true
	}
}

// flush appends the non-zero sums, divided by div, to out as the weights
// of feature k, and clears them.
func (s *summer) flush(out *Model, k uint64, div float32) {
	start := len(out.class)
	for c := range s.sum {
		if s.used[c] && s.sum[c] != 0 {
			out.class = append(out.class, uint16(c))
			out.w = append(out.w, s.sum[c]/div)
		}
		s.sum[c], s.used[c] = 0, false
	}
	out.endFeature(k, start)
}

// FoldCopies returns the model for features that always come with a
// copy of themselves: for each feature key k, copies(k) gives the key of
// the copy that comes with k at run time, whose weights are added to
// k's, and the keys of copies that never come at run time. Copies of
// either kind are left out, so scoring k alone with the result is
// scoring k and its copy with m, at half the lookups. (Domain adaptation
// by feature copies, Daumé 2007, trains such a model: each corpus has its
// own copy of every feature, and text is read with the copies of one.)
// A copy whose feature has no weights of its own is lost; a perceptron
// updates both together, so that is rare.
func (m *Model) FoldCopies(copies func(k uint64) (runtime uint64, others []uint64)) *Model {
	index := func(k uint64) int {
		i, ok := slices.BinarySearch(m.sortedKeys, k)
		if !ok {
			return -1
		}
		return i
	}
	isCopy := make([]bool, len(m.sortedKeys))
	runtime := make([]int32, len(m.sortedKeys))
	for i, k := range m.sortedKeys {
		rt, others := copies(k)
		runtime[i] = int32(index(rt))
		if runtime[i] >= 0 {
			isCopy[runtime[i]] = true
		}
		for _, o := range others {
			if j := index(o); j >= 0 {
				isCopy[j] = true
			}
		}
	}
	out := &Model{classes: m.classes}
	s := newSummer(m.classes)
	for i, k := range m.sortedKeys {
		if isCopy[i] {
			continue
		}
		s.add(m, i)
		if runtime[i] >= 0 {
			s.add(m, int(runtime[i]))
		}
		s.flush(out, k, 1)
	}
	out.finish()
	return out
}

// Average returns the model whose weights are the mean of the models'
// weights. For linear models that is exactly the ensemble that averages
// their scores, at the cost of one model: an ensemble of perceptrons
// trained in different orders is more accurate than any of them, and it
// runs as fast as one.
func Average(models ...*Model) (*Model, error) {
	if len(models) == 0 {
		return nil, errors.New("perceptron: no models to average")
	}
	classes := models[0].classes
	for _, m := range models[1:] {
		if m.classes != classes {
			return nil, fmt.Errorf("perceptron: cannot average models of %d and %d classes", classes, m.classes)
		}
	}
	type entry struct {
		key uint64
		m   *Model
		i   int
	}
	var entries []entry
	for _, m := range models {
		for i, k := range m.sortedKeys {
			entries = append(entries, entry{k, m, i})
		}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	out := &Model{classes: classes}
	s := newSummer(classes)
	n := float32(len(models))
	for lo := 0; lo < len(entries); {
		hi := lo
		for hi < len(entries) && entries[hi].key == entries[lo].key {
			s.add(entries[hi].m, entries[hi].i)
			hi++
		}
		s.flush(out, entries[lo].key, n)
		lo = hi
	}
	out.finish()
	return out, nil
}
