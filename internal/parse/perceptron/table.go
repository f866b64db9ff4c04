package perceptron

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/klauspost/compress/zstd"
)

// Table is a Model frozen for scoring speed, the form the tagger, the
// parser and the recogniser run with. Scoring is bound by memory latency:
// the parser's table is tens of megabytes, and each feature's slot is a
// cache miss. So a slot is one uint64 holding 31 bits of the key (bits
// 33-63) as a fingerprint, and either
//
//   - the feature's only weight, inline (bit 32 set: class<<16 |
//     uint16(int16 weight) in the low 32 bits), so that the commonest
//     feature costs one miss, or
//   - the place in ws of its weights, packed after their count as
//     class<<16 | uint16(int16 weight), read sequentially after a second
//     miss.
//
// The slot's position comes from the key's low 32 bits, so a feature
// outside the table takes the weights of one inside it only if both
// agree: about once in 2^31 probes, a few times in a billion words, and
// then it adds one feature's weights to one decision. Keeping no full
// keys halves the table, which is most of the parser's memory and of its
// loading time.
//
// Weights are the 16-bit quantised values of the model file and scores
// are summed as integers in units of that quantisation step: exact, and
// the same on every machine.
//
// A Table is safe for concurrent use.
type Table struct {
	classes  int
	features int
	weights  int
	scale    float32  // real value of one quantisation step
	slots    []uint64 // see above; 0 is empty
	ws       []uint32 // per feature with several weights: count, then class<<16 | uint16(int16 weight); ws[0] is unused, so no offset is 0
}

// inline marks a slot that holds its feature's only weight.
const inline = 1 << 32

// quantStep is the real value of one step when the weights ws are stored
// as int16.
func quantStep(ws []float32) float32 {
	var maxAbs float32
	for _, x := range ws {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	if maxAbs == 0 {
		return 1
	}
	return maxAbs / 32767
}

// Table freezes the model, quantising its weights as its file does.
func (m *Model) Table() *Table {
	t := &Table{classes: m.classes, scale: quantStep(m.w)}
	t.alloc(len(m.sortedKeys), len(m.w))
	var packed []uint32
	for i, k := range m.sortedKeys {
		packed = packed[:0]
		for j := m.offsets[i]; j < m.offsets[i+1]; j++ {
			q := int16(math.Round(float64(m.w[j] / t.scale)))
			packed = append(packed, uint32(m.class[j])<<16|uint32(uint16(q)))
		}
		t.insert(k, packed)
	}
	return t
}

// tableSize is the number of slots for n features: at most 75% full, so
// that probes stay short.
func tableSize(n int) int { return n*4/3 + 16 }

// home is the first slot to probe for key k in a table of size slots.
func home(k uint64, size int) int { return int(uint64(uint32(k)) * uint64(size) >> 32) }

func (t *Table) alloc(features, weights int) {
	t.slots = make([]uint64, tableSize(features))
	t.ws = make([]uint32, 1, 1+features+weights)
}

// entry is the slot of a feature with fingerprint fp and packed weights.
func (t *Table) entry(fp uint64, packed []uint32) uint64 {
	t.features++
	t.weights += len(packed)
	if len(packed) == 1 {
		return fp<<33 | inline | uint64(packed[0])
	}
	off := uint64(len(t.ws))
	t.ws = append(t.ws, uint32(len(packed)))
	t.ws = append(t.ws, packed...)
	return fp<<33 | off
}

// insert adds the feature with key k and the packed weights. A feature
// whose fingerprint is already in its probe sequence is left out (about
// once in 2^30 features): the two could not be told apart.
func (t *Table) insert(k uint64, packed []uint32) {
	fp := k >> 33
	s := home(k, len(t.slots))
	for t.slots[s] != 0 {
		if t.slots[s]>>33 == fp {
			return
		}
		if s++; s == len(t.slots) {
			s = 0
		}
	}
	t.slots[s] = t.entry(fp, packed)
}

// Classes is the number of classes.
func (t *Table) Classes() int { return t.classes }

// Features is the number of features with weights.
func (t *Table) Features() int { return t.features }

// Weights is the number of stored weights.
func (t *Table) Weights() int { return t.weights }

// Step is the real value of one unit of the integer scores.
func (t *Table) Step() float32 { return t.scale }

// Scores adds the weights of feats to scores, which must have one entry
// per class, in units of Step. It loads every feature's home slot first,
// then probes (in cache by then), adding inline weights as it goes, then
// touches each remaining feature's first weight, then adds those
// weights: so the cache misses of different features overlap instead of
// waiting for each other, which triples the speed on large tables. It
// returns the touched values for the caller to keep, so that the
// compiler cannot drop the loads.
func (t *Table) Scores(feats []uint64, scores []int32) (touch uint32) {
	const chunk = 256
	for len(feats) > chunk {
		touch += t.Scores(feats[:chunk], scores)
		feats = feats[chunk:]
	}
	slots, ws := t.slots, t.ws
	size := len(slots)
	// First every home slot is loaded, with no branch on what a load
	// returns: a mispredicted branch waits for its load, and would keep
	// the processor from having many misses outstanding at once.
	var homes [chunk]int32
	for i, f := range feats {
		s := home(f, size)
		homes[i] = int32(s)
		touch += uint32(slots[s])
	}
	var found [chunk]uint32
	nf := 0
	for i, f := range feats {
		fp := f >> 33
		s := int(homes[i])
		for {
			e := slots[s]
			if e == 0 {
				break
			}
			if e>>33 == fp {
				if e&inline != 0 {
					scores[uint32(e)>>16] += int32(int16(e))
				} else {
					found[nf] = uint32(e)
					nf++
				}
				break
			}
			if s++; s == size {
				s = 0
			}
		}
	}
	for _, off := range found[:nf] {
		touch += ws[off]
	}
	for _, off := range found[:nf] {
		n := ws[off]
		for _, x := range ws[off+1 : off+1+n] {
			scores[x>>16] += int32(int16(x))
		}
	}
	return touch
}

// Best clears scores, scores feats and returns the highest-scoring class,
// the lowest on ties.
func (t *Table) Best(feats []uint64, scores []int32) int32 {
	clear(scores)
	t.Scores(feats, scores)
	best := int32(0)
	for c := 1; c < len(scores); c++ {
		if scores[c] > scores[best] {
			best = int32(c)
		}
	}
	return best
}

// The table file is a zstd frame of
//
//	magic "DYADPT02", classes u32, features u32, weights u32, slots u32,
//	scale f32, then per feature in slot order: the slot's distance from
//	the previous feature's slot uvarint, its fingerprint u32, the count of
//	weights uvarint, count x (class u8 or u16, weight i16)
//
// all little-endian; classes take one byte when there are at most 256.
// Reading puts every feature straight into its slot, with no hashing or
// probing, and zstd rather than gzip decompresses several times faster:
// together they keep loading the parser well under the 300 ms a command
// may spend on it.
const tableMagic = "DYADPT02"

// WriteTo writes the table in its file format. The same table always
// gives the same bytes.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	wide := t.classes > 256
	b := make([]byte, 0, len(tableMagic)+20+8*t.features+4*t.weights)
	b = append(b, tableMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(t.classes))
	b = binary.LittleEndian.AppendUint32(b, uint32(t.features))
	b = binary.LittleEndian.AppendUint32(b, uint32(t.weights))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(t.slots)))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(t.scale))
	prev := 0
	for i, e := range t.slots {
		if e == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(i-prev))
		prev = i
		b = binary.LittleEndian.AppendUint32(b, uint32(e>>33)<<1|1)
		packed := t.packed(e)
		b = binary.AppendUvarint(b, uint64(len(packed)))
		for _, x := range packed {
			if wide {
				b = binary.LittleEndian.AppendUint16(b, uint16(x>>16))
			} else {
				b = append(b, byte(x>>16))
			}
			b = binary.LittleEndian.AppendUint16(b, uint16(x))
		}
	}
	zw, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return 0, err
	}
	defer zw.Close()
	n, err := w.Write(zw.EncodeAll(b, nil))
	return int64(n), err
}

// packed returns the packed weights of the feature in slot e.
func (t *Table) packed(e uint64) []uint32 {
	if e&inline != 0 {
		return []uint32{uint32(e)}
	}
	off := uint32(e)
	return t.ws[off+1 : off+1+t.ws[off]]
}

// ReadTable reads a table written by Table.WriteTo.
func ReadTable(r io.Reader) (*Table, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("perceptron table: %w", err)
	}
	zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
	if err != nil {
		return nil, fmt.Errorf("perceptron table: %w", err)
	}
	defer zr.Close()
	b, err := zr.DecodeAll(src, nil)
	if err != nil {
		return nil, fmt.Errorf("perceptron table: %w", err)
	}
	return decodeTable(b)
}

func decodeTable(b []byte) (*Table, error) {
	if len(b) < len(tableMagic)+20 || string(b[:len(tableMagic)]) != tableMagic {
		return nil, errors.New("perceptron table: not a dyad perceptron table")
	}
	h := b[len(tableMagic):]
	classes := int(binary.LittleEndian.Uint32(h))
	nf := int(binary.LittleEndian.Uint32(h[4:]))
	nw := int(binary.LittleEndian.Uint32(h[8:]))
	size := int(binary.LittleEndian.Uint32(h[12:]))
	if classes == 0 || classes > 1<<16 || nf > len(b)/6 || nw > len(b)/3 || size < nf || size > 4*nf+64 {
		return nil, fmt.Errorf("perceptron table: implausible sizes: %d classes, %d features, %d weights, %d slots", classes, nf, nw, size)
	}
	t := &Table{classes: classes, scale: math.Float32frombits(binary.LittleEndian.Uint32(h[16:]))}
	t.slots = make([]uint64, size)
	t.ws = make([]uint32, 1, 1+nf+nw)
	cb := 1
	if classes > 256 {
		cb = 2
	}
	p := b[len(tableMagic)+20:]
	slot := 0
	var packed []uint32
	for i := range nf {
		d, l := binary.Uvarint(p)
		if l <= 0 || len(p) < l+4 {
			return nil, fmt.Errorf("perceptron table: truncated at feature %d", i)
		}
		slot += int(d)
		if slot >= size || (i > 0 && d == 0) {
			return nil, fmt.Errorf("perceptron table: feature %d: bad slot %d", i, slot)
		}
		// The file keeps bits 32-63 of the key with bit 32 set; the
		// table compares bits 33-63.
		fp := uint64(binary.LittleEndian.Uint32(p[l:]))
		p = p[l+4:]
		n, l := binary.Uvarint(p)
		if l <= 0 || n > uint64(classes) || fp&1 == 0 {
			return nil, fmt.Errorf("perceptron table: feature %d: bad entry", i)
		}
		p = p[l:]
		if len(p) < (cb+2)*int(n) || t.weights+int(n) > nw {
			return nil, fmt.Errorf("perceptron table: truncated at feature %d", i)
		}
		packed = packed[:0]
		for range n {
			c := uint32(p[0])
			if cb == 2 {
				c = uint32(binary.LittleEndian.Uint16(p))
			}
			if int(c) >= classes {
				return nil, fmt.Errorf("perceptron table: feature %d: class %d out of range", i, c)
			}
			packed = append(packed, c<<16|uint32(binary.LittleEndian.Uint16(p[cb:])))
			p = p[cb+2:]
		}
		t.slots[slot] = t.entry(fp>>1, packed)
	}
	if len(p) != 0 || t.weights != nw {
		return nil, errors.New("perceptron table: size does not match the header")
	}
	return t, nil
}
