// Package server is dyad serve: a JSON API over the store and the web UI
// that explores it, both from one binary, on the standard library's
// router. docs/api.md describes the API; /api/openapi.json is the same
// in OpenAPI 3.
package server

import (
	"compress/gzip"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/store"
)

//go:embed web openapi.json
var assets embed.FS

// Store is what the server needs of a store.
type Store interface {
	Stats(ctx context.Context) (store.Stats, error)
	EventDates(ctx context.Context) (first, last string, err error)
	ArticlePage(ctx context.Context, text string, opt store.ListOptions, cursor string) ([]store.Summary, string, error)
	Get(ctx context.Context, id string) (*doc.Document, error)
	Events(ctx context.Context, f store.EventFilter, cursor string, limit int) ([]store.EventRow, string, error)
	Timeline(ctx context.Context, f store.EventFilter) ([]store.DayCount, error)
	Network(ctx context.Context, f store.EventFilter, limit int) ([]store.NetworkNode, []store.NetworkEdge, error)
	Places(ctx context.Context, f store.EventFilter, limit int) ([]store.PlaceCount, error)
	Quotes(ctx context.Context, speaker, text, cursor string, limit int) ([]store.QuoteRow, string, error)
	Actors(ctx context.Context, f store.EventFilter, limit int) ([]store.ActorRow, error)
	CheckToken(ctx context.Context, token string) (bool, error)
	Put(ctx context.Context, docs []*doc.Document) (store.PutResult, error)
}

// Process runs the pipeline's stages over a document.
type Process func(ctx context.Context, d *doc.Document) error

// Limits of the API.
const (
	defaultLimit = 50
	maxLimit     = 500
	// MaxBody is the largest article a POST may send.
	MaxBody = 8 << 20
)

// Server serves the API and the UI.
type Server struct {
	db      Store
	process Process
	log     *slog.Logger
	// cameo names CAMEO codes for the event table ("043": "Visit").
	cameo map[string]string
	// ingestMu serialises POSTed articles: the pipeline is CPU-bound and
	// the store has one writer.
	ingestMu sync.Mutex
	// stats are kept for statsTTL: counting every table of a large store
	// takes a fifth of a second, and every page load asks. A POST clears
	// them; other writers (dyad run on the same file) show within the TTL.
	statsMu sync.Mutex
	statsAt time.Time
	statsV  map[string]any
}

const statsTTL = 15 * time.Second

// New returns a server over db; process runs the pipeline for POSTed
// articles; cameo maps CAMEO codes to their names.
func New(db Store, process Process, cameo map[string]string, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{db: db, process: process, cameo: cameo, log: log}
}

// Handler returns the server's routes with gzip, timeouts on handlers
// and panics turned into 500s.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/stats", s.stats)
	mux.HandleFunc("GET /api/articles", s.articles)
	mux.HandleFunc("GET /api/articles/{id}", s.article)
	mux.HandleFunc("POST /api/articles", s.postArticle)
	mux.HandleFunc("GET /api/events", s.events)
	mux.HandleFunc("GET /api/timeline", s.timeline)
	mux.HandleFunc("GET /api/network", s.network)
	mux.HandleFunc("GET /api/places", s.places)
	mux.HandleFunc("GET /api/quotes", s.quotes)
	mux.HandleFunc("GET /api/actors", s.actors)
	mux.HandleFunc("GET /api/openapi.json", s.openapi)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	web, _ := fs.Sub(assets, "web")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(web)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(web, "index.html")
		if err != nil {
			writeError(w, http.StatusInternalServerError, "no UI in this build")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	})
	var h http.Handler = mux
	h = securityHeaders(h)
	h = gzipHandler(h)
	h = http.TimeoutHandler(h, 30*time.Second, `{"error":"the request took too long"}`)
	return h
}

// NewHTTPServer returns an http.Server for addr with timeouts that
// protect it from slow clients.
func (s *Server) NewHTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 16,
	}
}

// securityHeaders forbid what the UI never needs: inline scripts, other
// origins, framing. Article text is escaped by the UI; this is the
// second line of defence.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	zw *gzip.Writer
}

func (g *gzipWriter) Write(b []byte) (int, error) { return g.zw.Write(b) }

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// gzipHandler compresses responses for clients that accept gzip.
func gzipHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.ServeHTTP(w, r)
			return
		}
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(w)
		defer func() {
			zw.Close()
			gzipPool.Put(zw)
		}()
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		h.ServeHTTP(&gzipWriter{ResponseWriter: w, zw: zw}, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// fail answers with the error err: a client's mistake or a 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var bad badRequest
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, bad.Error())
	case errors.Is(err, store.ErrBadCursor):
		writeError(w, http.StatusBadRequest, "bad cursor: use the next_cursor of the previous page")
	case errors.Is(err, store.ErrBadQuery):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "request cancelled")
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// badRequest is a parameter error, named by its parameter.
type badRequest struct{ msg string }

func (b badRequest) Error() string { return b.msg }

func badParam(name, value, want string) error {
	return badRequest{fmt.Sprintf("parameter %s=%q: want %s", name, value, want)}
}

// limit reads the limit parameter.
func limit(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badParam("limit", v, fmt.Sprintf("a number from 1 to %d", maxLimit))
	}
	return n, nil
}

type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	if s.statsV != nil && time.Since(s.statsAt) < statsTTL {
		writeJSON(w, http.StatusOK, s.statsV)
		return
	}
	st, err := s.db.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	first, last, err := s.db.EventDates(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.statsV = map[string]any{
		"articles": st.Articles, "sentences": st.Sentences, "tokens": st.Tokens,
		"mentions": st.Mentions, "entities": st.Entities, "places": st.Places,
		"times": st.Times, "quotes": st.Quotes, "events": st.Events,
		"first_date": first, "last_date": last,
	}
	s.statsAt = time.Now()
	writeJSON(w, http.StatusOK, s.statsV)
}

// date reads a YYYY-MM-DD parameter.
func date(r *http.Request, name string) (string, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", badParam(name, v, "a date YYYY-MM-DD")
	}
	return v, nil
}

type articleItem struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Sentences int    `json:"sentences"`
	Entities  int    `json:"entities"`
	Quotes    int    `json:"quotes"`
	Events    int    `json:"events"`
}

func (s *Server) articles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, err := limit(r, defaultLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	opt := store.ListOptions{Limit: n, Outlet: q.Get("outlet")}
	since, err := date(r, "since")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	until, err := date(r, "until")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if since != "" {
		opt.Since, _ = time.Parse(time.DateOnly, since)
	}
	if until != "" {
		t, _ := time.Parse(time.DateOnly, until)
		opt.Until = t.AddDate(0, 0, 1)
	}
	sums, next, err := s.db.ArticlePage(r.Context(), q.Get("q"), opt, q.Get("cursor"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := page[articleItem]{Items: []articleItem{}, NextCursor: next}
	for _, sm := range sums {
		it := articleItem{ID: sm.ID, URL: sm.URL, Outlet: sm.Outlet, Title: sm.Title,
			Sentences: sm.Sentences, Entities: sm.Entities, Quotes: sm.Quotes, Events: sm.Events}
		if !sm.Published.IsZero() {
			it.Published = sm.Published.Format(time.RFC3339)
		}
		out.Items = append(out.Items, it)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	d, err := s.db.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Tokens = nil // large, and the UI works on spans
	writeJSON(w, http.StatusOK, d)
}

// eventFilter reads the event filters of docs/api.md.
func eventFilter(r *http.Request) (store.EventFilter, error) {
	q := r.URL.Query()
	f := store.EventFilter{
		Actor: strings.ToUpper(q.Get("actor")), Source: strings.ToUpper(q.Get("source")),
		Target: strings.ToUpper(q.Get("target")), Code: q.Get("code"),
		Country: q.Get("country"), Place: q.Get("place"), Modality: q.Get("modality"), Text: q.Get("q"),
	}
	for _, name := range []string{"actor", "source", "target"} {
		if v := q.Get(name); v != "" && !isCode(strings.ToUpper(v)) {
			return f, badParam(name, v, "a CAMEO actor code prefix (letters and digits)")
		}
	}
	if v := q.Get("dyad"); v != "" {
		a, b, ok := strings.Cut(strings.ToUpper(v), "-")
		if !ok || !isCode(a) || !isCode(b) {
			return f, badParam("dyad", v, "two actor code prefixes joined by '-' (IRN-TUR)")
		}
		f.DyadA, f.DyadB = a, b
	}
	if f.Code != "" && strings.Trim(f.Code, "0123456789") != "" {
		return f, badParam("code", f.Code, "a CAMEO event code prefix (digits)")
	}
	if v := q.Get("quad"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4 {
			return f, badParam("quad", v, "a quad class from 1 to 4")
		}
		f.Quad = n
	}
	for _, p := range []struct {
		name string
		val  *float64
		has  *bool
	}{{"gmin", &f.GoldsteinMin, &f.HasGoldsteinMin}, {"gmax", &f.GoldsteinMax, &f.HasGoldsteinMax}} {
		if v := q.Get(p.name); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < -10 || x > 10 {
				return f, badParam(p.name, v, "a Goldstein value from -10 to 10")
			}
			*p.val, *p.has = x, true
		}
	}
	var err error
	if f.Since, err = date(r, "since"); err != nil {
		return f, err
	}
	if f.Until, err = date(r, "until"); err != nil {
		return f, err
	}
	if v := q.Get("bbox"); v != "" {
		parts := strings.Split(v, ",")
		ok := len(parts) == 4
		for i := 0; ok && i < 4; i++ {
			x, err := strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
			ok = err == nil
			f.BBox[i] = x
		}
		if !ok || f.BBox[0] > f.BBox[2] || f.BBox[1] > f.BBox[3] {
			return f, badParam("bbox", v, "minLon,minLat,maxLon,maxLat")
		}
		f.HasBBox = true
	}
	if f.Country != "" && (len(f.Country) != 3 || !isCode(strings.ToUpper(f.Country))) {
		return f, badParam("country", f.Country, "an ISO 3166 alpha-3 code (TUR)")
	}
	switch f.Modality {
	case "", doc.ModalityAsserted, doc.ModalityNegated, doc.ModalityFuture, doc.ModalityConditional, doc.ModalityHypothetical, doc.ModalityReported:
	default:
		return f, badParam("modality", f.Modality, "asserted, negated, future, conditional, hypothetical or reported")
	}
	return f, nil
}

// filterAndLimit reads the event filters and the limit parameter.
func filterAndLimit(r *http.Request, def int) (store.EventFilter, int, error) {
	f, err := eventFilter(r)
	if err != nil {
		return f, 0, err
	}
	n, err := limit(r, def)
	return f, n, err
}

func isCode(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	f, n, err := filterAndLimit(r, defaultLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, next, err := s.db.Events(r.Context(), f, r.URL.Query().Get("cursor"), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rows == nil {
		rows = []store.EventRow{}
	}
	for i := range rows {
		rows[i].Label = s.cameo[rows[i].Code]
	}
	writeJSON(w, http.StatusOK, page[store.EventRow]{Items: rows, NextCursor: next})
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	f, err := eventFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days, err := s.db.Timeline(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"days": days})
}

func (s *Server) network(w http.ResponseWriter, r *http.Request) {
	f, n, err := filterAndLimit(r, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	nodes, edges, err := s.db.Network(r.Context(), f, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"nodes": nodes, "edges": edges})
}

func (s *Server) places(w http.ResponseWriter, r *http.Request) {
	f, n, err := filterAndLimit(r, 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.db.Places(r.Context(), f, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"places": ps})
}

func (s *Server) quotes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, err := limit(r, defaultLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, next, err := s.db.Quotes(r.Context(), q.Get("speaker"), q.Get("q"), q.Get("cursor"), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rows == nil {
		rows = []store.QuoteRow{}
	}
	writeJSON(w, http.StatusOK, page[store.QuoteRow]{Items: rows, NextCursor: next})
}

func (s *Server) actors(w http.ResponseWriter, r *http.Request) {
	f, n, err := filterAndLimit(r, defaultLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.db.Actors(r.Context(), f, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page[store.ActorRow]{Items: rows})
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

// postedArticle is the JSON form of POST /api/articles.
type postedArticle struct {
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Body      string `json:"body"`
}

// authorized checks the request's bearer token.
func (s *Server) authorized(r *http.Request) (bool, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return false, nil
	}
	return s.db.CheckToken(r.Context(), strings.TrimSpace(tok))
}

func (s *Server) postArticle(w http.ResponseWriter, r *http.Request) {
	ok, err := s.authorized(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dyad"`)
		writeError(w, http.StatusUnauthorized, "a bearer token made by 'dyad token' is required")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the article is larger than %d bytes", MaxBody))
			return
		}
		writeError(w, http.StatusBadRequest, "reading the request: "+err.Error())
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	info := doc.IngestInfo{Source: "POST /api/articles", Format: "json"}
	var a *doc.Article
	switch mt {
	case "text/html":
		a, err = ingest.HTML(body, ingest.Meta{URL: r.URL.Query().Get("url"), Outlet: r.URL.Query().Get("outlet")}, info)
	case "application/json", "":
		var p postedArticle
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			writeError(w, http.StatusBadRequest, "article JSON: "+err.Error())
			return
		}
		if strings.TrimSpace(p.Body) == "" {
			writeError(w, http.StatusBadRequest, "article JSON: field body: empty")
			return
		}
		a, err = ingest.Article(p.Body, ingest.Meta{URL: p.URL, Outlet: p.Outlet, Title: p.Title, Published: p.Published}, info)
	default:
		writeError(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json or text/html")
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	d := doc.NewDocument(*a)
	s.ingestMu.Lock()
	defer s.ingestMu.Unlock()
	if err := s.process(r.Context(), d); err != nil {
		s.fail(w, r, fmt.Errorf("process: %w", err))
		return
	}
	if _, err := s.db.Put(r.Context(), []*doc.Document{d}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.statsMu.Lock()
	s.statsV = nil
	s.statsMu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"id": d.Article.ID, "sentences": len(d.Sentences),
		"entities": len(d.Entities), "quotes": len(d.Quotes), "events": len(d.Events)})
}
