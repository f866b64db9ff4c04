package text

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// boundaryWeights is the sentence boundary classifier: one weight per
// feature, the difference between the perceptron's "boundary" and "no
// boundary" weights, so a gap is a boundary when its features sum above
// zero.
//
// Scoring runs at every candidate gap of every paragraph, so the table is
// built for cache locality: one uint64 per slot, a 32-bit fingerprint of
// the feature above its float32 weight, open addressing on the feature's
// low bits. A feature outside the model that happens to share the
// fingerprint of one in it, among the probed slots, takes its weight;
// with 32 bits that is about one gap in a hundred thousand documents.
type boundaryWeights struct {
	slots []uint64
	mask  uint64
}

func fingerprint(f uint64) uint32 { return uint32(f>>32) | 1 }

// score sums the weights of feats.
func (m *boundaryWeights) score(feats []uint64) float32 {
	var sum float32
	for _, f := range feats {
		fp := uint64(fingerprint(f)) << 32
		for i := f & m.mask; ; i = (i + 1) & m.mask {
			e := m.slots[i]
			if e == 0 {
				break
			}
			if e&^0xffffffff == fp {
				sum += math.Float32frombits(uint32(e))
				break
			}
		}
	}
	return sum
}

// newBoundaryWeights builds the table. Features with the same
// fingerprint (practically never) share the sum of their weights.
func newBoundaryWeights(feats []uint64, ws []float32) *boundaryWeights {
	size := 16
	for size < len(feats)*3/2 {
		size <<= 1
	}
	m := &boundaryWeights{slots: make([]uint64, size), mask: uint64(size - 1)}
	for k, f := range feats {
		fp := uint64(fingerprint(f)) << 32
		for i := f & m.mask; ; i = (i + 1) & m.mask {
			e := m.slots[i]
			if e == 0 {
				m.slots[i] = fp | uint64(math.Float32bits(ws[k]))
				break
			}
			if e&^0xffffffff == fp {
				m.slots[i] = fp | uint64(math.Float32bits(math.Float32frombits(uint32(e))+ws[k]))
				break
			}
		}
	}
	return m
}

// The model file (data/boundary.model) is
//
//	magic "DYADSB01", entries u32, scale f32,
//	then per entry, in ascending feature order: feature u64, weight i16
//	(a multiple of scale),
//
// little-endian. It is small enough to embed as it is.
const modelMagic = "DYADSB01"

// modelEntry is one feature of a model being written.
type modelEntry struct {
	feature uint64
	weight  float32
}

// encodeModel writes entries in the model file format, dropping zero
// weights. The output does not depend on the order of entries.
func encodeModel(entries []modelEntry) []byte {
	es := slices.Clone(entries)
	slices.SortFunc(es, func(a, b modelEntry) int {
		switch {
		case a.feature < b.feature:
			return -1
		case a.feature > b.feature:
			return 1
		}
		return 0
	})
	var maxAbs float32
	for _, e := range es {
		maxAbs = max(maxAbs, float32(math.Abs(float64(e.weight))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	type rec struct {
		f uint64
		q int16
	}
	var recs []rec
	for _, e := range es {
		if q := int16(math.Round(float64(e.weight / scale))); q != 0 && (len(recs) == 0 || recs[len(recs)-1].f != e.feature) {
			recs = append(recs, rec{e.feature, q})
		}
	}
	out := make([]byte, 0, len(modelMagic)+8+10*len(recs))
	out = append(out, modelMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(recs)))
	out = binary.LittleEndian.AppendUint32(out, math.Float32bits(scale))
	for _, r := range recs {
		out = binary.LittleEndian.AppendUint64(out, r.f)
		out = binary.LittleEndian.AppendUint16(out, uint16(r.q))
	}
	return out
}

// decodeModel reads a model file.
func decodeModel(data []byte) (*boundaryWeights, error) {
	if len(data) < len(modelMagic)+8 || string(data[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("not a dyad sentence boundary model")
	}
	data = data[len(modelMagic):]
	n := int(binary.LittleEndian.Uint32(data))
	scale := math.Float32frombits(binary.LittleEndian.Uint32(data[4:]))
	data = data[8:]
	if len(data) != 10*n {
		return nil, fmt.Errorf("model: %d bytes of entries, want %d for %d entries", len(data), 10*n, n)
	}
	if math.IsNaN(float64(scale)) || math.IsInf(float64(scale), 0) {
		return nil, fmt.Errorf("model: bad scale %v", scale)
	}
	feats := make([]uint64, n)
	ws := make([]float32, n)
	for k := range n {
		e := data[10*k:]
		feats[k] = binary.LittleEndian.Uint64(e)
		ws[k] = float32(int16(binary.LittleEndian.Uint16(e[8:]))) * scale
	}
	return newBoundaryWeights(feats, ws), nil
}
