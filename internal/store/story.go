package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Near-duplicate articles. The MinHash signature of a text's word
// 3-shingles estimates the Jaccard overlap of two texts' shingles: the
// share of the signatures' minimums that agree. Copies of one wire story
// with a new first line or an added sentence overlap by 0.8 or more;
// different reports of one event by a few per cent.

const (
	signatureSize = 16
	bandRows      = 2
	bandCount     = signatureSize / bandRows
	// minStoryOverlap is the estimated shingle overlap from which two
	// articles are copies of one story.
	minStoryOverlap = 0.5
	// minShingles is the fewest shingles that make a signature worth
	// comparing: shorter texts are their own story.
	minShingles = 20
)

// mix is SplitMix64's finaliser: a bijection that spreads every input
// bit over the output.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// minHash returns the signature of text and the number of shingles it
// was made from.
func minHash(text string) ([signatureSize]uint32, int) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var sig [signatureSize]uint32
	for i := range sig {
		sig[i] = math.MaxUint32
	}
	n := 0
	for i := 0; i+3 <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(words[i]))
		h.Write([]byte{0})
		h.Write([]byte(words[i+1]))
		h.Write([]byte{0})
		h.Write([]byte(words[i+2]))
		x := h.Sum64()
		for k := range sig {
			if v := uint32(mix(x+uint64(k)*0x9e3779b97f4a7c15) >> 32); v < sig[k] {
				sig[k] = v
			}
		}
		n++
	}
	return sig, n
}

// signatureBands hashes each band of two minimums to one value.
func signatureBands(sig [signatureSize]uint32) [bandCount]int64 {
	var out [bandCount]int64
	for b := range out {
		x := uint64(sig[b*bandRows])<<32 | uint64(sig[b*bandRows+1])
		out[b] = int64(mix(x+uint64(b)) >> 1)
	}
	return out
}

// overlap estimates the shingle overlap of two texts from their
// signatures.
func overlap(a, b [signatureSize]uint32) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / signatureSize
}

func encodeSignature(sig [signatureSize]uint32) []byte {
	b := make([]byte, 0, 4*signatureSize)
	for _, v := range sig {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func decodeSignature(b []byte) ([signatureSize]uint32, bool) {
	var sig [signatureSize]uint32
	if len(b) != 4*signatureSize {
		return sig, false
	}
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return sig, true
}

// linkStory records article id's signature and links it to the story of
// the earliest stored article that is a copy of it, or to a story of its
// own.
func (b *batch) linkStory(id, body string) error {
	sig, n := minHash(body)
	story := id
	bs := signatureBands(sig)
	if n >= minShingles {
		args := make([]any, 0, bandCount+1)
		for _, v := range bs {
			args = append(args, v)
		}
		args = append(args, id)
		found, err := b.earliestCopy(sig, args)
		if err != nil {
			return fmt.Errorf("story: %w", err)
		}
		if found != "" {
			story = found
		}
	}
	if err := b.w.exec(storySQL, id, story, encodeSignature(sig), bs[0], bs[1], bs[2], bs[3], bs[4], bs[5], bs[6], bs[7]); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	return nil
}

// earliestCopy returns the story of the earliest stored article whose
// signature overlaps sig enough, among the candidates sharing a band with
// it (args), or "".
func (b *batch) earliestCopy(sig [signatureSize]uint32, args []any) (string, error) {
	rows, err := b.w.storyCandidates(args...)
	if err != nil {
		return "", err
	}
	defer rows.Close() // before the next statement on the connection
	for rows.Next() {
		var other string
		var raw []byte
		if err := rows.Scan(&other, &raw); err != nil {
			return "", err
		}
		if theirs, ok := decodeSignature(raw); ok && overlap(sig, theirs) >= minStoryOverlap {
			return other, nil
		}
	}
	return "", rows.Err()
}

// Story returns the id of the story article id belongs to: the earliest
// stored of its near-duplicates, or itself.
func (s *Store) Story(ctx context.Context, id string) (string, error) {
	var story string
	err := s.queryRow(ctx, `SELECT story_id FROM article_stories WHERE article_id = ?`, id).Scan(&story)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: story: %w", err)
	}
	return story, nil
}

// EventKey identifies an event across articles: its dyad, CAMEO code
// and date.
type EventKey struct{ Source, Target, Code, Date string }

// EventGroup is one event as stated by every article that states it.
type EventGroup struct {
	// Article and Index locate the statement seen first (the earliest
	// stored article, its first such event).
	Article string
	Index   int
	// Articles, Sources (outlets), Stories (near-duplicate groups) and
	// Mentions (statements) count the evidence.
	Articles, Sources, Stories, Mentions int
}

// EventGroups returns every event across articles, keyed by dyad, code
// and date; negated events are counted only when negated is set.
func (s *Store) EventGroups(ctx context.Context, negated bool) (map[EventKey]*EventGroup, error) {
	rows, err := s.query(ctx, `SELECT e.article_id, e.idx, e.source_code, e.target_code, e.code, e.date,
	lower(a.outlet), coalesce(st.story_id, e.article_id), e.mention_count, e.modality
FROM events AS e JOIN articles AS a ON a.id = e.article_id
LEFT JOIN article_stories AS st ON st.article_id = e.article_id
ORDER BY a.seq, e.idx`)
	if err != nil {
		return nil, fmt.Errorf("store: event groups: %w", err)
	}
	defer rows.Close()
	type seen struct{ articles, sources, stories map[string]bool }
	out := map[EventKey]*EventGroup{}
	sets := map[EventKey]*seen{}
	for rows.Next() {
		var id, outlet, story, modality string
		var idx, mentions int
		var k EventKey
		if err := rows.Scan(&id, &idx, &k.Source, &k.Target, &k.Code, &k.Date, &outlet, &story, &mentions, &modality); err != nil {
			return nil, fmt.Errorf("store: event groups: %w", err)
		}
		if modality == "negated" && !negated {
			continue
		}
		g, ok := out[k]
		if !ok {
			g = &EventGroup{Article: id, Index: idx}
			out[k] = g
			sets[k] = &seen{map[string]bool{}, map[string]bool{}, map[string]bool{}}
		}
		st := sets[k]
		st.articles[id], st.sources[outlet], st.stories[story] = true, true, true
		g.Articles, g.Sources, g.Stories = len(st.articles), len(st.sources), len(st.stories)
		g.Mentions += max(mentions, 1)
	}
	return out, rows.Err()
}
