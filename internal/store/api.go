package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The queries behind dyad serve's API. Every query is assembled from
// fixed SQL fragments; values from a request are always bound as
// parameters, never written into the SQL text.

// ErrBadCursor is returned for a paging cursor this store did not make.
var ErrBadCursor = errors.New("store: bad cursor")

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	Actor          string // actor code prefix on either side
	Source, Target string // actor code prefix on that side
	// DyadA and DyadB are code prefixes of the two sides, either way round.
	DyadA, DyadB string
	Code         string // CAMEO code prefix
	Quad         int    // 1-4
	// GoldsteinMin and GoldsteinMax bound the Goldstein value when
	// HasGoldstein* is set.
	GoldsteinMin, GoldsteinMax       float64
	HasGoldsteinMin, HasGoldsteinMax bool
	Since, Until                     string // YYYY-MM-DD, inclusive
	Country                          string // ISO alpha-3 of the place
	Place                            string // place name prefix, any case
	// BBox is minLon, minLat, maxLon, maxLat when HasBBox.
	BBox     [4]float64
	HasBBox  bool
	Modality string
	Text     string // full-text search in the article
}

// EventRow is one event with what a reader needs to see it in context.
type EventRow struct {
	ArticleID    string      `json:"article_id"`
	Idx          int         `json:"idx"`
	Code         string      `json:"code"`
	Label        string      `json:"label"`
	Root         string      `json:"root"`
	QuadClass    int         `json:"quad_class"`
	Goldstein    float64     `json:"goldstein"`
	Source       ActorRef    `json:"source"`
	Target       ActorRef    `json:"target"`
	Date         string      `json:"date"`
	Modality     string      `json:"modality"`
	Sentence     int         `json:"sentence"`
	SentenceText string      `json:"sentence_text"`
	Span         SpanRow     `json:"span"`
	Place        *PlaceBrief `json:"place"`
	Title        string      `json:"title"`
	Outlet       string      `json:"outlet"`
	// Articles and Sources count the articles and outlets that state the
	// same event (dyad, code and date; see the event_groups view).
	Articles int `json:"articles"`
	Sources  int `json:"sources"`
}

// ActorRef is an actor by code and name.
type ActorRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// SpanRow is a byte span of an article body.
type SpanRow struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// PlaceBrief is where an event happened.
type PlaceBrief struct {
	Name    string  `json:"name"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Country string  `json:"country"`
}

// prefixRange returns the bounds [lo, hi) of the strings that start with
// p, so that a prefix match can use an index.
func prefixRange(p string) (string, string) {
	return p, p + "\U0010FFFF"
}

// scope is the FROM and WHERE clauses that select f's events, aliased e,
// with their places aliased p joined when a filter needs them or
// withPlaces is set; conds are further conditions, all joined by AND.
func (f EventFilter) scope(d dialect, withPlaces bool, conds ...string) (from, where string, args []any) {
	w, args, needPlace := f.conditions(d)
	from = " FROM events AS e"
	if needPlace || withPlaces {
		from += " JOIN places AS p ON p.article_id = e.article_id AND p.idx = e.place"
	}
	if w = append(w, conds...); len(w) > 0 {
		where = " WHERE " + strings.Join(w, " AND ")
	}
	return from, where, args
}

// conditions are f's filters over events aliased e (and places p, which
// needPlace says the caller must join).
func (f EventFilter) conditions(d dialect) (w []string, args []any, needPlace bool) {
	prefix := func(col, p string) {
		lo, hi := prefixRange(p)
		w = append(w, col+" >= ? AND "+col+" < ?")
		args = append(args, lo, hi)
	}
	if f.Actor != "" {
		lo, hi := prefixRange(f.Actor)
		w = append(w, "((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))")
		args = append(args, lo, hi, lo, hi)
	}
	if f.Source != "" {
		prefix("e.source_code", f.Source)
	}
	if f.Target != "" {
		prefix("e.target_code", f.Target)
	}
	if f.DyadA != "" || f.DyadB != "" {
		alo, ahi := prefixRange(f.DyadA)
		blo, bhi := prefixRange(f.DyadB)
		w = append(w, "((e.source_code >= ? AND e.source_code < ? AND e.target_code >= ? AND e.target_code < ?) OR (e.source_code >= ? AND e.source_code < ? AND e.target_code >= ? AND e.target_code < ?))")
		args = append(args, alo, ahi, blo, bhi, blo, bhi, alo, ahi)
	}
	if f.Code != "" {
		prefix("e.code", f.Code)
	}
	if f.Quad != 0 {
		w = append(w, "e.quad_class = ?")
		args = append(args, f.Quad)
	}
	if f.HasGoldsteinMin {
		w = append(w, "e.goldstein >= ?")
		args = append(args, f.GoldsteinMin)
	}
	if f.HasGoldsteinMax {
		w = append(w, "e.goldstein <= ?")
		args = append(args, f.GoldsteinMax)
	}
	if f.Since != "" {
		w = append(w, "e.date >= ?")
		args = append(args, f.Since)
	}
	if f.Until != "" {
		w = append(w, "e.date <= ?")
		args = append(args, f.Until)
	}
	if f.Modality != "" {
		w = append(w, "e.modality = ?")
		args = append(args, f.Modality)
	}
	if f.Country != "" {
		w = append(w, "p.country = ?")
		args = append(args, strings.ToUpper(f.Country))
		needPlace = true
	}
	if f.Place != "" {
		w = append(w, "p.name "+d.like()+" ? ESCAPE '\\'")
		args = append(args, likePrefix(f.Place))
		needPlace = true
	}
	if f.HasBBox {
		w = append(w, "p.resolved = 1 AND p.lon >= ? AND p.lat >= ? AND p.lon <= ? AND p.lat <= ?")
		args = append(args, f.BBox[0], f.BBox[1], f.BBox[2], f.BBox[3])
		needPlace = true
	}
	if f.Text != "" {
		w = append(w, d.articleMatch("e.article_id"))
		args = append(args, d.matchArg(f.Text))
	}
	return w, args, needPlace
}

// ftsQuery turns words typed by a user into an FTS5 query: each word a
// quoted string, all required, so that FTS5 syntax in the input is text.
func ftsQuery(s string) string {
	var parts []string
	for _, w := range strings.Fields(s) {
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(parts, " ")
}

type eventCursor struct {
	Date string `json:"d"`
	ID   string `json:"a"`
	Idx  int    `json:"i"`
}

func encodeCursor(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, v) != nil {
		return ErrBadCursor
	}
	return nil
}

// Events returns up to limit events matching f, newest date first, and
// the cursor of the next page ("" on the last).
func (s *Store) Events(ctx context.Context, f EventFilter, cursor string, limit int) ([]EventRow, string, error) {
	var after []string
	var c eventCursor
	if cursor != "" {
		if err := decodeCursor(cursor, &c); err != nil {
			return nil, "", err
		}
		after = append(after, "(e.date, e.article_id, e.idx) < (?, ?, ?)")
	}
	from, where, args := f.scope(s.d, false, after...)
	if cursor != "" {
		args = append(args, c.Date, c.ID, c.Idx)
	}
	// The page's keys first, from the indexes alone; then the details of
	// those rows only.
	keys := "SELECT e.article_id, e.idx" + from + where + " ORDER BY e.date DESC, e.article_id DESC, e.idx DESC LIMIT ?"
	args = append(args, limit+1)
	q := `SELECT e.article_id, e.idx, e.code, e.root, e.quad_class, e.goldstein,
	e.source_code, e.source_name, e.target_code, e.target_name, e.date, e.modality,
	e.sentence, e.start, e."end", a.title, a.outlet,
	` + s.d.byteSlice("a.body", "s.start", `s."end"`) + `,
	pl.name, pl.lat, pl.lon, pl.country, pl.resolved
FROM (` + keys + `) AS k
JOIN events AS e ON e.article_id = k.article_id AND e.idx = k.idx
JOIN articles AS a ON a.id = e.article_id
LEFT JOIN sentences AS s ON s.article_id = e.article_id AND s.idx = e.sentence
LEFT JOIN places AS pl ON pl.article_id = e.article_id AND pl.idx = e.place
ORDER BY e.date DESC, e.article_id DESC, e.idx DESC`
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	var out []EventRow
	for rows.Next() {
		var r EventRow
		var sent sql.NullString
		var pname, pcountry sql.NullString
		var plat, plon sql.NullFloat64
		var presolved sql.NullInt64
		if err := rows.Scan(&r.ArticleID, &r.Idx, &r.Code, &r.Root, &r.QuadClass, &r.Goldstein,
			&r.Source.Code, &r.Source.Name, &r.Target.Code, &r.Target.Name, &r.Date, &r.Modality,
			&r.Sentence, &r.Span.Start, &r.Span.End, &r.Title, &r.Outlet, &sent,
			&pname, &plat, &plon, &pcountry, &presolved); err != nil {
			return nil, "", fmt.Errorf("store: events: %w", err)
		}
		r.SentenceText = sent.String
		if pname.Valid {
			r.Place = &PlaceBrief{Name: pname.String, Country: pcountry.String}
			if presolved.Int64 == 1 {
				r.Place.Lat, r.Place.Lon = plat.Float64, plon.Float64
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: events: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = encodeCursor(eventCursor{last.Date, last.ArticleID, last.Idx})
	}
	if err := s.groupCounts(ctx, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// groupCounts fills in how many articles and outlets state each row's
// event, in one query over the page's distinct events.
func (s *Store) groupCounts(ctx context.Context, rows []EventRow) error {
	if len(rows) == 0 {
		return nil
	}
	type key struct{ date, src, tgt, code string }
	idx := map[key][]int{}
	var tuples []string
	var args []any
	for i, r := range rows {
		k := key{r.Date, r.Source.Code, r.Target.Code, r.Code}
		if _, ok := idx[k]; !ok {
			tuples = append(tuples, "(?, ?, ?, ?)")
			args = append(args, k.date, k.src, k.tgt, k.code)
		}
		idx[k] = append(idx[k], i)
	}
	q := `WITH page (date, source_code, target_code, code) AS (VALUES ` + strings.Join(tuples, ", ") + `)
SELECT p.date, p.source_code, p.target_code, p.code, count(DISTINCT g.article_id), count(DISTINCT lower(a.outlet))
FROM page AS p
JOIN events AS g ON g.date = p.date AND g.source_code = p.source_code AND g.target_code = p.target_code AND g.code = p.code
JOIN articles AS a ON a.id = g.article_id
WHERE g.modality != 'negated'
GROUP BY p.date, p.source_code, p.target_code, p.code`
	res, err := s.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: events: counts: %w", err)
	}
	defer res.Close()
	for res.Next() {
		var k key
		var arts, srcs int
		if err := res.Scan(&k.date, &k.src, &k.tgt, &k.code, &arts, &srcs); err != nil {
			return fmt.Errorf("store: events: counts: %w", err)
		}
		for _, i := range idx[k] {
			rows[i].Articles, rows[i].Sources = arts, srcs
		}
	}
	return res.Err()
}

// DayCount is the number of events of one day by quad class.
type DayCount struct {
	Date string `json:"date"`
	Q1   int    `json:"q1"`
	Q2   int    `json:"q2"`
	Q3   int    `json:"q3"`
	Q4   int    `json:"q4"`
}

// Timeline counts the events matching f per day and quad class.
func (s *Store) Timeline(ctx context.Context, f EventFilter) ([]DayCount, error) {
	from, where, args := f.scope(s.d, false)
	rows, err := s.query(ctx, `SELECT e.date,
	sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END),
	sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END)`+
		from+where+" GROUP BY e.date ORDER BY e.date", args...)
	if err != nil {
		return nil, fmt.Errorf("store: timeline: %w", err)
	}
	defer rows.Close()
	out := []DayCount{}
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Date, &d.Q1, &d.Q2, &d.Q3, &d.Q4); err != nil {
			return nil, fmt.Errorf("store: timeline: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// NetworkNode is an actor of the network.
type NetworkNode struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Events int    `json:"events"`
}

// NetworkEdge is a directed dyad.
type NetworkEdge struct {
	Source        string  `json:"source"`
	Target        string  `json:"target"`
	Events        int     `json:"events"`
	MeanGoldstein float64 `json:"mean_goldstein"`
}

// Network returns the limit busiest dyads among the events matching f
// and the actors they join.
func (s *Store) Network(ctx context.Context, f EventFilter, limit int) ([]NetworkNode, []NetworkEdge, error) {
	from, where, args := f.scope(s.d, false, s.d.unindexed("e.source_code")+" != ''", s.d.unindexed("e.target_code")+" != ''")
	rows, err := s.query(ctx, `SELECT e.source_code, e.target_code, count(*), avg(e.goldstein)`+from+where+
		" GROUP BY e.source_code, e.target_code ORDER BY count(*) DESC, e.source_code, e.target_code LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: network: %w", err)
	}
	defer rows.Close()
	nodes := map[string]*NetworkNode{}
	var order []string
	edges := []NetworkEdge{}
	node := func(code string, n int) {
		if nd, ok := nodes[code]; ok {
			nd.Events += n
			return
		}
		nodes[code] = &NetworkNode{Code: code, Events: n}
		order = append(order, code)
	}
	for rows.Next() {
		var e NetworkEdge
		if err := rows.Scan(&e.Source, &e.Target, &e.Events, &e.MeanGoldstein); err != nil {
			return nil, nil, fmt.Errorf("store: network: %w", err)
		}
		edges = append(edges, e)
		node(e.Source, e.Events)
		node(e.Target, e.Events)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: network: %w", err)
	}
	rows.Close()
	out := make([]NetworkNode, 0, len(order))
	for _, c := range order {
		nd := nodes[c]
		if nd.Name, err = s.actorName(ctx, c); err != nil {
			return nil, nil, fmt.Errorf("store: network: %w", err)
		}
		out = append(out, *nd)
	}
	return out, edges, nil
}

// PlaceCount is a place with the events that happened there.
type PlaceCount struct {
	Name          string  `json:"name"`
	Lat           float64 `json:"lat"`
	Lon           float64 `json:"lon"`
	Country       string  `json:"country"`
	Events        int     `json:"events"`
	MeanGoldstein float64 `json:"mean_goldstein"`
}

// Places returns the limit places with most events matching f.
func (s *Store) Places(ctx context.Context, f EventFilter, limit int) ([]PlaceCount, error) {
	from, where, args := f.scope(s.d, true, "e.place IS NOT NULL", "p.resolved = 1")
	lat, lon := s.d.round3("p.lat"), s.d.round3("p.lon")
	rows, err := s.query(ctx, "SELECT p.name, "+lat+", "+lon+", p.country, count(*), avg(e.goldstein)"+from+where+
		" GROUP BY p.name, "+lat+", "+lon+", p.country ORDER BY count(*) DESC, p.name LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: places: %w", err)
	}
	defer rows.Close()
	out := []PlaceCount{}
	for rows.Next() {
		var p PlaceCount
		if err := rows.Scan(&p.Name, &p.Lat, &p.Lon, &p.Country, &p.Events, &p.MeanGoldstein); err != nil {
			return nil, fmt.Errorf("store: places: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// QuoteRow is a quote with its speaker.
type QuoteRow struct {
	ArticleID string       `json:"article_id"`
	Idx       int          `json:"idx"`
	Kind      string       `json:"kind"`
	Text      string       `json:"text"`
	Speaker   SpeakerRef   `json:"speaker"`
	Via       []SpeakerRef `json:"via"`
	Sentence  int          `json:"sentence"`
	Title     string       `json:"title"`
}

// SpeakerRef is a speaker by name and actor code.
type SpeakerRef struct {
	Name  string `json:"name"`
	Actor string `json:"actor"`
}

type seqCursor struct {
	Seq int64 `json:"s"`
}

// Quotes returns up to limit quotes, newest stored first, whose speaker's
// name or actor code starts with speaker (ignoring case) and whose text
// matches text; and the next page's cursor.
func (s *Store) Quotes(ctx context.Context, speaker, text, cursor string, limit int) ([]QuoteRow, string, error) {
	var w []string
	var args []any
	if speaker != "" {
		w = append(w, "(ent.canonical "+s.d.like()+" ? ESCAPE '\\' OR ent.actor "+s.d.like()+" ? ESCAPE '\\')")
		p := likePrefix(speaker)
		args = append(args, p, p)
	}
	if text != "" {
		w = append(w, s.d.quoteMatch())
		args = append(args, s.d.matchArg(text))
	}
	if cursor != "" {
		var c seqCursor
		if err := decodeCursor(cursor, &c); err != nil {
			return nil, "", err
		}
		w = append(w, "q.seq < ?")
		args = append(args, c.Seq)
	}
	where := ""
	if len(w) > 0 {
		where = " WHERE " + strings.Join(w, " AND ")
	}
	rows, err := s.query(ctx, `SELECT q.seq, q.article_id, q.idx, q.kind, q.text,
	coalesce(ent.canonical, ''), coalesce(ent.actor, ''), q.via, q.sentences, a.title
FROM quotes AS q
JOIN articles AS a ON a.id = q.article_id
LEFT JOIN entities AS ent ON ent.article_id = q.article_id AND ent.idx = q.speaker`+where+
		" ORDER BY q.seq DESC LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("store: quotes: %w", err)
	}
	defer rows.Close()
	type raw struct {
		seq int64
		r   QuoteRow
		via []int
	}
	var rs []raw
	for rows.Next() {
		var x raw
		var via, sents sql.NullString
		if err := rows.Scan(&x.seq, &x.r.ArticleID, &x.r.Idx, &x.r.Kind, &x.r.Text, &x.r.Speaker.Name, &x.r.Speaker.Actor, &via, &sents, &x.r.Title); err != nil {
			return nil, "", fmt.Errorf("store: quotes: %w", err)
		}
		if err := unmarshalList(via, &x.via); err != nil {
			return nil, "", fmt.Errorf("store: quotes: via: %w", err)
		}
		var ss []int
		if err := unmarshalList(sents, &ss); err != nil {
			return nil, "", fmt.Errorf("store: quotes: sentences: %w", err)
		}
		x.r.Sentence = -1
		if len(ss) > 0 {
			x.r.Sentence = ss[0]
		}
		rs = append(rs, x)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: quotes: %w", err)
	}
	rows.Close()
	next := ""
	if len(rs) > limit {
		rs = rs[:limit]
		next = encodeCursor(seqCursor{rs[limit-1].seq})
	}
	out := make([]QuoteRow, 0, len(rs))
	for _, x := range rs {
		x.r.Via = []SpeakerRef{}
		for _, e := range x.via {
			var sp SpeakerRef
			err := s.queryRow(ctx, `SELECT canonical, actor FROM entities WHERE article_id = ? AND idx = ?`, x.r.ArticleID, e).Scan(&sp.Name, &sp.Actor)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, "", fmt.Errorf("store: quotes: via: %w", err)
			}
			x.r.Via = append(x.r.Via, sp)
		}
		out = append(out, x.r)
	}
	return out, next, nil
}

// likePrefix is a LIKE pattern for the strings starting with p, with
// LIKE's wildcards in p escaped.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// ActorRow is an actor's activity.
type ActorRow struct {
	Code          string       `json:"code"`
	Name          string       `json:"name"`
	Events        int          `json:"events"`
	AsSource      int          `json:"as_source"`
	AsTarget      int          `json:"as_target"`
	MeanGoldstein float64      `json:"mean_goldstein"`
	Partners      []PartnerRow `json:"partners"`
}

// PartnerRow is one of an actor's partners.
type PartnerRow struct {
	Code          string  `json:"code"`
	Events        int     `json:"events"`
	MeanGoldstein float64 `json:"mean_goldstein"`
}

// Actors returns the limit actors in most events matching f, each with
// its five most frequent partners among them.
func (s *Store) Actors(ctx context.Context, f EventFilter, limit int) ([]ActorRow, error) {
	from, asSource, args := f.scope(s.d, false, "e.source_code != ''")
	_, asTarget, _ := f.scope(s.d, false, "e.target_code != ''")
	sides := `WITH sides AS (
	SELECT e.source_code AS code, e.target_code AS partner, 1 AS src, e.goldstein AS g` + from + asSource + `
	UNION ALL
	SELECT e.target_code, e.source_code, 0, e.goldstein` + from + asTarget + `)`
	all := append(append([]any{}, args...), args...)
	rows, err := s.query(ctx, sides+`
SELECT code, count(*), sum(src), count(*) - sum(src), avg(g)
FROM sides GROUP BY code ORDER BY count(*) DESC, code LIMIT ?`, append(all, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: actors: %w", err)
	}
	out := []ActorRow{}
	idx := map[string]int{}
	for rows.Next() {
		var a ActorRow
		if err := rows.Scan(&a.Code, &a.Events, &a.AsSource, &a.AsTarget, &a.MeanGoldstein); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: actors: %w", err)
		}
		a.Partners = []PartnerRow{}
		idx[a.Code] = len(out)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: actors: %w", err)
	}
	// Partners of all of them in one pass.
	pr, err := s.query(ctx, sides+`
SELECT code, partner, count(*), avg(g) FROM sides WHERE partner != ''
GROUP BY code, partner ORDER BY code, count(*) DESC, partner`, all...)
	if err != nil {
		return nil, fmt.Errorf("store: actors: partners: %w", err)
	}
	defer pr.Close()
	for pr.Next() {
		var code string
		var p PartnerRow
		if err := pr.Scan(&code, &p.Code, &p.Events, &p.MeanGoldstein); err != nil {
			return nil, fmt.Errorf("store: actors: partners: %w", err)
		}
		if i, ok := idx[code]; ok && len(out[i].Partners) < 5 {
			out[i].Partners = append(out[i].Partners, p)
		}
	}
	if err := pr.Err(); err != nil {
		return nil, fmt.Errorf("store: actors: partners: %w", err)
	}
	for i := range out {
		if out[i].Name, err = s.actorName(ctx, out[i].Code); err != nil {
			return nil, fmt.Errorf("store: actors: %w", err)
		}
	}
	return out, nil
}

// actorName is a name the actor with this code goes by in its events
// ("" if none), found from the code indexes: one row.
func (s *Store) actorName(ctx context.Context, code string) (string, error) {
	var name string
	err := s.queryRow(ctx, `SELECT source_name FROM events WHERE source_code = ? LIMIT 1`, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.queryRow(ctx, `SELECT target_name FROM events WHERE target_code = ? LIMIT 1`, code).Scan(&name)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// EventDates returns the first and last event dates ("" when none).
func (s *Store) EventDates(ctx context.Context) (first, last string, err error) {
	var f, l sql.NullString
	err = s.queryRow(ctx, `SELECT min(date), max(date) FROM events WHERE date != ''`).Scan(&f, &l)
	if err != nil {
		return "", "", fmt.Errorf("store: event dates: %w", err)
	}
	return f.String, l.String, nil
}

// ArticlePage lists articles like List, with full-text search and
// cursor paging: newest published first.
func (s *Store) ArticlePage(ctx context.Context, text string, opt ListOptions, cursor string) ([]Summary, string, error) {
	offset := 0
	if cursor != "" {
		var c struct {
			O int `json:"o"`
		}
		if err := decodeCursor(cursor, &c); err != nil || c.O < 0 {
			return nil, "", ErrBadCursor
		}
		offset = c.O
	}
	limit := opt.Limit
	opt.Offset = offset
	opt.Limit = limit + 1
	var out []Summary
	var err error
	if text == "" {
		out, err = s.List(ctx, opt)
	} else {
		out, err = s.listMatching(ctx, text, opt)
	}
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = encodeCursor(struct {
			O int `json:"o"`
		}{offset + limit})
	}
	return out, next, nil
}

// listMatching is List restricted to articles containing every word of
// words.
func (s *Store) listMatching(ctx context.Context, words string, opt ListOptions) ([]Summary, error) {
	var args []any
	q := `SELECT a.id, a.url, a.outlet, a.title, a.published, octet_length(a.body),
	(SELECT count(*) FROM sentences WHERE article_id = a.id),
	(SELECT count(*) FROM entities WHERE article_id = a.id),
	(SELECT count(*) FROM quotes WHERE article_id = a.id),
	(SELECT count(*) FROM events WHERE article_id = a.id)
FROM articles AS a WHERE ` + s.d.articleMatch("a.id")
	match := s.d.matchArg(words)
	args = append(args, match)
	if opt.Outlet != "" {
		q += " AND " + s.d.equalFold("a.outlet")
		args = append(args, opt.Outlet)
	}
	if !opt.Since.IsZero() {
		q += ` AND a.published_utc >= ?`
		args = append(args, formatUTC(opt.Since))
	}
	if !opt.Until.IsZero() {
		q += ` AND a.published_utc < ?`
		args = append(args, formatUTC(opt.Until))
	}
	q += ` ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id LIMIT ? OFFSET ?`
	args = append(args, opt.Limit, opt.Offset)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, searchError(match, err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var sm Summary
		var pub string
		if err := rows.Scan(&sm.ID, &sm.URL, &sm.Outlet, &sm.Title, &pub, &sm.Bytes, &sm.Sentences, &sm.Entities, &sm.Quotes, &sm.Events); err != nil {
			return nil, fmt.Errorf("store: list: %w", err)
		}
		if pub != "" {
			t, err := parseZoned(pub)
			if err != nil {
				return nil, fmt.Errorf("store: list %s: published %q: %w", sm.ID, pub, err)
			}
			sm.Published = t
		}
		out = append(out, sm)
	}
	return out, rows.Err()
}

// CreateToken makes a new API token named name and stores its SHA-256
// hash (the token itself is shown once and never stored).
func (s *Store) CreateToken(ctx context.Context, name string) (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	tok := "dyad_" + base64.RawURLEncoding.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(tok))
	_, err := s.exec(ctx, `INSERT INTO api_tokens (hash, name, created_at) VALUES (?, ?, ?)`,
		hex.EncodeToString(sum[:]), name, formatUTC(time.Now()))
	if err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	return tok, nil
}

// CheckToken reports whether tok is a token CreateToken made.
func (s *Store) CheckToken(ctx context.Context, tok string) (bool, error) {
	sum := sha256.Sum256([]byte(tok))
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM api_tokens WHERE hash = ?`, hex.EncodeToString(sum[:])).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: token: %w", err)
	}
	return n > 0, nil
}
