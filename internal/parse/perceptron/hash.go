package perceptron

import "math/bits"

// Hash1 to Hash4 hash a template with whole strings, which is simple but
// walks every string for every feature. The fast extractors of the tagger
// and the parser instead hash each word's strings once per sentence
// (HashString) and build a feature from a template seed and those hashes
// with a few multiplications (Fold, then Key). Any key works with a Model
// as long as training and scoring compute it the same way; these
// functions are part of the model files' meaning and must not change.

// HashString is FNV-1a of s with MurmurHash3's finaliser.
func HashString(s string) uint64 {
	h := uint64(offset64)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return Fmix(h)
}

// HashBytes is HashString of string(b), without the conversion.
func HashBytes(b []byte) uint64 {
	h := uint64(offset64)
	for _, c := range b {
		h ^= uint64(c)
		h *= prime64
	}
	return Fmix(h)
}

// Fmix is MurmurHash3's 64-bit finaliser: every output bit depends on
// every input bit.
func Fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Fold folds the value v into the running hash h; for a fixed v it is a
// bijection of h, so distinct prefixes stay distinct.
func Fold(h, v uint64) uint64 {
	return bits.RotateLeft64((h^v)*0x9e3779b97f4a7c15, 29)
}

// Seed is the starting hash of feature template t.
func Seed(t int) uint64 { return Fmix(uint64(t)*0x2545f4914f6cdd1d + 0x6a09e667f3bcc909) }

// Key finishes a running hash into a feature key. Keys are never 0,
// which marks empty table slots.
func Key(h uint64) uint64 {
	h = Fmix(h)
	if h == 0 {
		h = 1
	}
	return h
}
