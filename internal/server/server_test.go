package server_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad/internal/doc"
	"github.com/dyad-events/dyad/internal/entity"
	"github.com/dyad-events/dyad/internal/event"
	"github.com/dyad-events/dyad/internal/geo"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/parse"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/quote"
	"github.com/dyad-events/dyad/internal/server"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/testkit/pgtest"
	"github.com/dyad-events/dyad/internal/text"
	"github.com/dyad-events/dyad/internal/timex"
)

var newPipeline = sync.OnceValue(func() *pipeline.Pipeline {
	seg := text.New()
	return pipeline.New(seg, parse.New(), entity.New(sync.OnceValues(func() (*entity.Resources, error) {
		return entity.LoadResources(seg.Words)
	})), quote.New(), geo.New(sync.OnceValues(geo.Load)), timex.New(), event.New(sync.OnceValues(event.LoadResources)))
})

// fixture is a server over a store holding the bundled examples.
type fixture struct {
	srv   *httptest.Server
	db    *store.Store
	token string
}

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// newFixture opens its store on PostgreSQL under pgtest.Both's postgres
// subtest, on SQLite otherwise.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.Store(t, filepath.Join(t.TempDir(), "t.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := newPipeline()
	// The bundled examples, read as `dyad run examples/` reads them.
	var docs []*doc.Document
	for a, err := range ingest.NewReader(ingest.Options{}).All(ctx, []string{filepath.Join(testkit.Root(t), "examples")}) {
		if err != nil {
			t.Fatal(err)
		}
		d := doc.NewDocument(*a)
		if err := p.Process(ctx, d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if _, err := db.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	tok, err := db.CreateToken(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	res, err := event.LoadResources()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for code, c := range res.Codebook {
		names[code] = c.Name
	}
	s := server.New(db, p.Process, names, nil)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, db: db, token: tok}
}

func (f *fixture) get(t *testing.T, path string, wantStatus int, v any) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, wantStatus, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, b)
		}
	}
}

type eventPage struct {
	Items []store.EventRow `json:"items"`
	Next  string           `json:"next_cursor"`
}

func TestAPI(t *testing.T) { pgtest.Both(t, testAPI) }

func testAPI(t *testing.T) {
	f := newFixture(t)

	var stats map[string]any
	f.get(t, "/api/stats", 200, &stats)
	if stats["articles"].(float64) < 5 || stats["events"].(float64) < 10 {
		t.Errorf("stats = %v, want the examples' articles and events", stats)
	}

	// Paging walks every event once, newest first.
	var all []store.EventRow
	cursor := ""
	for range 100 {
		var p eventPage
		f.get(t, "/api/events?limit=7&cursor="+cursor, 200, &p)
		all = append(all, p.Items...)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if len(all) != int(stats["events"].(float64)) {
		t.Errorf("paging gave %d events, stats say %v", len(all), stats["events"])
	}
	seen := map[string]bool{}
	for i, e := range all {
		k := e.ArticleID + "/" + strconv.Itoa(e.Idx)
		if seen[k] {
			t.Errorf("event %s seen twice", k)
		}
		seen[k] = true
		if i > 0 && e.Date > all[i-1].Date {
			t.Errorf("events not newest first: %s after %s", e.Date, all[i-1].Date)
		}
		if e.SentenceText == "" || e.Span.End <= e.Span.Start {
			t.Errorf("event %+v lacks its sentence or span", e)
		}
		if e.Modality != "negated" && (e.Articles < 1 || e.Sources < 1) {
			t.Errorf("event %s/%d: %d articles, %d sources; want at least its own", e.ArticleID, e.Idx, e.Articles, e.Sources)
		}
	}

	// Filters.
	var p eventPage
	f.get(t, "/api/events?actor=TUR&limit=500", 200, &p)
	if len(p.Items) == 0 {
		t.Fatal("no events with a TUR actor in the examples")
	}
	for _, e := range p.Items {
		if !strings.HasPrefix(e.Source.Code, "TUR") && !strings.HasPrefix(e.Target.Code, "TUR") {
			t.Errorf("actor=TUR gave %s-%s", e.Source.Code, e.Target.Code)
		}
	}
	f.get(t, "/api/events?quad=4&gmax=0&limit=500", 200, &p)
	for _, e := range p.Items {
		if e.QuadClass != 4 || e.Goldstein > 0 {
			t.Errorf("quad=4&gmax=0 gave quad %d Goldstein %v", e.QuadClass, e.Goldstein)
		}
	}
	f.get(t, "/api/events?since=2023-11-01&until=2023-11-30&limit=500", 200, &p)
	for _, e := range p.Items {
		if e.Date < "2023-11-01" || e.Date > "2023-11-30" {
			t.Errorf("date filter gave %s", e.Date)
		}
	}

	var pls struct{ Places []store.PlaceCount }
	f.get(t, "/api/places", 200, &pls)
	if len(pls.Places) == 0 {
		t.Fatal("no event places in the examples")
	}
	prefix := strings.ToLower(pls.Places[0].Name[:3])
	f.get(t, "/api/events?limit=500&place="+prefix, 200, &p)
	if len(p.Items) < pls.Places[0].Events {
		t.Errorf("place=%s: %d events, want at least the %d of %s", prefix, len(p.Items), pls.Places[0].Events, pls.Places[0].Name)
	}
	for _, e := range p.Items {
		if e.Place == nil || !strings.HasPrefix(strings.ToLower(e.Place.Name), prefix) {
			t.Errorf("place=%s gave place %+v", prefix, e.Place)
		}
	}

	var net struct {
		Nodes []store.NetworkNode `json:"nodes"`
		Edges []store.NetworkEdge `json:"edges"`
	}
	f.get(t, "/api/network", 200, &net)
	if len(net.Edges) == 0 || len(net.Nodes) < 2 {
		t.Errorf("network: %d nodes, %d edges", len(net.Nodes), len(net.Edges))
	}
	var tl struct{ Days []store.DayCount }
	f.get(t, "/api/timeline", 200, &tl)
	total := 0
	for _, d := range tl.Days {
		total += d.Q1 + d.Q2 + d.Q3 + d.Q4
	}
	if total != len(all) {
		t.Errorf("timeline counts %d events, want %d", total, len(all))
	}
	var qs struct{ Items []store.QuoteRow }
	f.get(t, "/api/quotes?limit=500", 200, &qs)
	if len(qs.Items) == 0 {
		t.Error("no quotes")
	}

	// One article with its facts, by the id an event gives.
	var d doc.Document
	f.get(t, "/api/articles/"+all[0].ArticleID, 200, &d)
	if d.Article.Body == "" || len(d.Events) == 0 || len(d.Tokens) != 0 {
		t.Errorf("article: body %d bytes, %d events, %d tokens (want body, events, no tokens)", len(d.Article.Body), len(d.Events), len(d.Tokens))
	}
	f.get(t, "/api/articles/ffffffffffffffff", 404, nil)
}

func TestBadParameters(t *testing.T) { pgtest.Both(t, testBadParameters) }

func testBadParameters(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"limit=0", "limit=100000", "quad=5", "gmin=x", "since=05/11/2023", "dyad=IRN", "actor=I%27RN", "code=1a", "bbox=1,2,3", "cursor=%21%21", "modality=maybe", "country=TURKEY"} {
		var e struct{ Error string }
		f.get(t, "/api/events?"+q, 400, &e)
		name, _, _ := strings.Cut(q, "=")
		if !strings.Contains(e.Error, name) && name != "cursor" {
			t.Errorf("%s: error %q does not name the parameter", q, e.Error)
		}
	}
	f.get(t, "/api/nothing", 404, nil)
}

func TestPostArticle(t *testing.T) { pgtest.Both(t, testPostArticle) }

func testPostArticle(t *testing.T) {
	f := newFixture(t)
	body := `{"title":"Talks","outlet":"Wire","published":"2024-03-02","body":"Turkey's foreign minister Hakan Fidan met his Egyptian counterpart in Cairo on Saturday. <script>alert(1)</script> <img src=x onerror=alert(2)>"}`
	post := func(tok, ctype, body string) *http.Response {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/articles", strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	if r := post("", "application/json", body); r.StatusCode != 401 {
		t.Errorf("no token: status %d, want 401", r.StatusCode)
	}
	if r := post("dyad_wrong", "application/json", body); r.StatusCode != 401 {
		t.Errorf("wrong token: status %d, want 401", r.StatusCode)
	}
	if r := post(f.token, "application/json", `{"body":"x","colour":"red"}`); r.StatusCode != 400 {
		t.Errorf("unknown field: status %d, want 400", r.StatusCode)
	}
	if r := post(f.token, "application/json", strings.Repeat("x", server.MaxBody+10)); r.StatusCode != 413 {
		t.Errorf("too large: status %d, want 413", r.StatusCode)
	}
	var before, after struct{ Articles int }
	f.get(t, "/api/stats", 200, &before)
	r := post(f.token, "application/json", body)
	if r.StatusCode != 201 {
		b, _ := io.ReadAll(r.Body)
		t.Fatalf("POST: status %d: %s", r.StatusCode, b)
	}
	var created struct {
		ID     string
		Events int
	}
	json.NewDecoder(r.Body).Decode(&created)
	if created.ID == "" {
		t.Fatal("POST: no id")
	}
	f.get(t, "/api/stats", 200, &after)
	if after.Articles != before.Articles+1 {
		t.Errorf("stats after POST: %d articles, want %d (cached stats not cleared?)", after.Articles, before.Articles+1)
	}
	// The stored text comes back as it was, escaped only by JSON.
	resp, err := http.Get(f.srv.URL + "/api/articles/" + created.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(raw), "<script>") {
		t.Error("article JSON carries a raw <script> (want it \\u003c-escaped)")
	}
	var d doc.Document
	json.Unmarshal(raw, &d)
	if !strings.Contains(d.Article.Body, "<script>alert(1)</script>") {
		t.Errorf("stored body lost the text: %q", d.Article.Body)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("no Content-Security-Policy header")
	}
}

func TestGzipAndOpenAPI(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/openapi.json", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("openapi.json not gzipped for a client that accepts gzip")
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.NewDecoder(zr).Decode(&spec); err != nil {
		t.Fatal(err)
	}
	for path, ops := range spec.Paths {
		if _, ok := ops["get"]; !ok || strings.Contains(path, "{") {
			continue
		}
		f.get(t, path, 200, nil)
	}
	if len(spec.Paths) < 9 {
		t.Errorf("openapi.json documents %d paths", len(spec.Paths))
	}
	// The UI is served from the binary.
	resp2, err := http.Get(f.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp2.Body)
	resp2.Body.Close()
	if resp2.StatusCode != 200 || !strings.Contains(string(b), "<html") {
		t.Errorf("GET /: status %d, %d bytes", resp2.StatusCode, len(b))
	}
}
