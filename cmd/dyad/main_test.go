package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/testkit"
	"github.com/dyad-events/dyad/internal/testkit/pgtest"
)

// TestMain lets the test binary stand in for the dyad binary: tests that
// need a real process (to kill it, say) re-run themselves with
// DYAD_TEST_MAIN=1 and dyad's arguments.
func TestMain(m *testing.M) {
	if os.Getenv("DYAD_TEST_MAIN") == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(pgtest.Main(m))
}

// dyad runs the CLI in-process and returns its exit code and output.
func dyad(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func examplesDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func storedCount(t testing.TB, db string) int {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s.Articles
}

func TestRunExamplesIsIdempotent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errs := dyad(t, "run", "--db", db, "--json", examplesDir(t))
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s\n%s", code, out, errs)
	}
	var first runSummary
	if err := json.Unmarshal([]byte(out), &first); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	// 1 text + 5 JSONL + 1 HTML + 2 feed items.
	if first.Added != 9 || first.Stored != 9 || first.Errors != 0 {
		t.Errorf("first run: %+v, want 9 added and stored", first)
	}
	code, out, errs = dyad(t, "run", "--db", db, "--json", examplesDir(t))
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	var second runSummary
	if err := json.Unmarshal([]byte(out), &second); err != nil {
		t.Fatal(err)
	}
	if second.Added != 0 || second.Updated != 9 || second.Stored != 9 {
		t.Errorf("second run: %+v, want 0 added, 9 updated, still 9 stored", second)
	}
}

func TestShowSeedArticle(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, errs := dyad(t, "run", "--db", db, examplesDir(t)); code != 0 {
		t.Fatalf("run: %s", errs)
	}
	code, out, errs := dyad(t, "list", "--db", db, "--json", "--outlet", "Dawn")
	if code != 0 {
		t.Fatalf("list: %s", errs)
	}
	var s store.Summary
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &s); err != nil {
		t.Fatalf("list output %q: %v", out, err)
	}
	code, out, errs = dyad(t, "show", "--db", db, s.ID[:8])
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Outlet:", "Dawn", "Published:", "2023-11-05", "Ayatollah Ali Khamenei", "‘Urgent ceasefire’"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q", want)
		}
	}
	// Entities are marked in the body with their type and actor code.
	for _, want := range []string{"|PER TURGOV]", "[Hamas|ORG PSEREB]"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks the marked entity %q", want)
		}
	}
	body := out[strings.Index(out, "‘Urgent ceasefire’"):]
	if strings.Contains(body, "Source » dawn") {
		t.Errorf("the trailer is still in the body:\n%s", body)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	line := func(i int) string {
		return fmt.Sprintf(`{"id":"n%d","outlet":"Test","published":"2024-01-0%d","text":"Article number %d says the minister met the envoy."}`, i, i, i)
	}
	jsonl := write("news.jsonl", []byte(line(1)+"\n"+line(2)+"\n{\"id\": \"n3\", \"text\": \n"+line(4)+"\n"))
	tests := []struct {
		name   string
		path   string
		flags  []string
		want   string
		stored int
	}{
		{"malformed JSONL line", jsonl, nil, jsonl + ":3: ", 3},
		{"invalid UTF-8", write("bad.txt", []byte("The minister \xff\xfe said.\n")), nil, "bad.txt", 0},
		{"empty", write("empty.txt", nil), nil, "empty.txt", 0},
		{"binary", write("image.txt", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)), nil, "image.txt", 0},
		{"oversized", write("big.txt", bytes.Repeat([]byte("The minister said so. "), 100)), []string{"--max-size", "1000"}, "big.txt", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "x.db")
			args := append([]string{"run", "--db", db}, tt.flags...)
			code, _, errs := dyad(t, append(args, tt.path)...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(errs), "\n") {
				if strings.Contains(l, tt.want) {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 {
				t.Errorf("want exactly one error line naming %q, got:\n%s", tt.want, errs)
			}
			if got := storedCount(t, db); got != tt.stored {
				t.Errorf("stored %d articles, want %d", got, tt.stored)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, out, _ := dyad(t, c.name, "--help")
			if code != 0 || !strings.Contains(out, "Example") || !strings.Contains(out, "dyad "+c.name) {
				t.Errorf("dyad %s --help: exit %d, output lacks usage with an example:\n%s", c.name, code, out)
			}
		})
	}
	if code, _, errs := dyad(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
	if code, _, _ := dyad(t, "run"); code != 2 {
		t.Errorf("run without input: exit %d, want 2", code)
	}
}

func TestExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, errs := dyad(t, "run", "--db", db, examplesDir(t)); code != 0 {
		t.Fatalf("run: %s", errs)
	}
	code, out, errs := dyad(t, "export", "--db", db, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 9 {
		t.Fatalf("jsonl export has %d lines, want 9", len(lines))
	}
	for _, l := range lines {
		var d struct {
			SchemaVersion int `json:"schema_version"`
			Article       struct {
				ID   string `json:"id"`
				Body string `json:"body"`
			} `json:"article"`
		}
		if err := json.Unmarshal([]byte(l), &d); err != nil || d.SchemaVersion != 1 || d.Article.ID == "" || d.Article.Body == "" {
			t.Errorf("bad export line (%v): %.200s", err, l)
		}
	}
	code, out, _ = dyad(t, "export", "--db", db, "--format", "csv", "--table", "articles")
	if code != 0 || strings.Count(out, "\n") != 10 || !strings.HasPrefix(out, "article_id,published,outlet") {
		t.Errorf("csv export: exit %d, %d lines:\n%s", code, strings.Count(out, "\n"), out)
	}
}

// TestKillMidRun kills a real dyad process with SIGKILL while it stores a
// large input, then checks the database is intact and that a rerun
// completes it.
func TestKillMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large input")
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	// Small batches commit early even under the race detector on a busy
	// machine; the input is large enough that the run is still going when
	// the first is committed, small enough that the rerun, which analyses
	// every article left, stays quick.
	const batch = 16
	total := 1000
	if raceEnabled {
		total = 300
	}
	filler := strings.Repeat("Officials said the talks in the capital would resume next week. ", 3)
	for i := range total {
		fmt.Fprintf(f, `{"id":"k%d","outlet":"Test","published":"2024-02-01","text":"Report %d. %s"}`+"\n", i, i, filler)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kill.db")
	var stderr strings.Builder
	cmd := exec.Command(os.Args[0], "run", "--db", db, "--quiet", "--batch", fmt.Sprint(batch), input)
	cmd.Env = append(os.Environ(), "DYAD_TEST_MAIN=1")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Wait until some batches are committed, then kill without warning.
	// The deadline only bounds a hung run; a run that ends by itself
	// stops the wait at once.
	deadline := time.After(3 * time.Minute)
	killedAt := -1
	for killedAt < 0 {
		select {
		case err := <-exited:
			t.Fatalf("the run ended (%v) before any batch was seen committed\n%s", err, stderr.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			<-exited
			t.Fatalf("no batch was committed within three minutes\n%s", stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if _, err := os.Stat(db); err != nil {
			continue
		}
		if n := storedCount(t, db); n > 0 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killedAt = n
		}
	}
	<-exited
	if killedAt >= total {
		t.Fatalf("the run finished before it could be killed: make the input larger")
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("integrity after kill: %v", err)
	}
	s, _ := st.Stats(context.Background())
	st.Close()
	if s.Articles < killedAt {
		t.Fatalf("after kill %d articles, but %d were committed before it", s.Articles, killedAt)
	}
	t.Logf("killed with %d of %d articles committed", s.Articles, total)

	rerun := exec.Command(os.Args[0], "run", "--db", db, "--quiet", input)
	rerun.Env = append(os.Environ(), "DYAD_TEST_MAIN=1")
	if out, err := rerun.CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	st, err = store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("integrity after rerun: %v", err)
	}
	if s, _ := st.Stats(context.Background()); s.Articles != total {
		t.Fatalf("after rerun %d articles, want %d", s.Articles, total)
	}
}

func TestEvalUD(t *testing.T) {
	for _, args := range [][]string{
		{"eval", "ud", "--json", "testdata/tiny.conllu"},
		{"eval", "ud", "--raw", "--json", "testdata/tiny.conllu"},
	} {
		code, out, errs := dyad(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var rep map[string]float64
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v: not one JSON object: %v\n%s", args, err, out)
		}
		for _, k := range []string{"tokens_f1", "sentences_f1", "upos", "xpos", "lemmas", "uas", "las"} {
			v, ok := rep[k]
			if !ok || v < 0 || v > 100 {
				t.Errorf("%v: %s = %v (present %v)", args, k, v, ok)
			}
		}
		// Two plain news sentences: segmentation must be perfect.
		if rep["tokens_f1"] != 100 || rep["sentences_f1"] != 100 {
			t.Errorf("%v: tokens_f1 %v sentences_f1 %v, want 100", args, rep["tokens_f1"], rep["sentences_f1"])
		}
		if rep["upos"] < 90 {
			t.Errorf("%v: upos %v on two easy sentences", args, rep["upos"])
		}
	}
	code, out, _ := dyad(t, "eval", "ud", "testdata/tiny.conllu")
	if code != 0 || !strings.Contains(out, "las") || !strings.Contains(out, "tokens_f1") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	if code, _, errs := dyad(t, "eval", "ud", "testdata/missing.conllu"); code == 0 || !strings.Contains(errs, "missing.conllu") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
	if code, _, _ := dyad(t, "eval", "ud"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}

func TestEvalNER(t *testing.T) {
	code, out, errs := dyad(t, "eval", "ner", "--json", "testdata/tiny.iob2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Precision, Recall, F1 float64
		Types                 map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	// Three plain names in a plain sentence.
	if rep.F1 < 0.6 || rep.Precision == 0 || len(rep.Types) == 0 {
		t.Errorf("f1 %v precision %v types %d on an easy sentence:\n%s", rep.F1, rep.Precision, len(rep.Types), out)
	}
	if code, _, errs := dyad(t, "eval", "ner", "testdata/missing.iob2"); code == 0 || !strings.Contains(errs, "missing.iob2") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
}

// gdeltKind classifies a GDELT field's form: empty, integer, decimal,
// an upper-case code, or text.
func gdeltKind(s string) string {
	switch {
	case s == "":
		return "empty"
	case regexp.MustCompile(`^-?[0-9]+$`).MatchString(s):
		return "int"
	case regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`).MatchString(s):
		return "decimal"
	case regexp.MustCompile(`^[A-Z0-9]+$`).MatchString(s):
		return "code"
	}
	return "text"
}

// TestExportGDELT checks that an export of the examples loads as GDELT
// 2.0 rows: 61 (Events) and 16 (Mentions) tab-separated columns, each
// field of a form the real sample rows show in that column, the dates in
// GDELT's layouts, and one mention row per event row.
func TestExportGDELT(t *testing.T) {
	samples := testkit.Shared(t, "peers/cameo/gdelt-samples")
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, errs := dyad(t, "run", "--db", db, examplesDir(t)); code != 0 {
		t.Fatalf("run: %s", errs)
	}
	for _, c := range []struct {
		table, sample string
		columns       int
	}{{"events", "events.v2.sample.tsv", 61}, {"mentions", "mentions.v2.sample.tsv", 16}} {
		b, err := os.ReadFile(filepath.Join(samples, c.sample))
		if err != nil {
			t.Fatal(err)
		}
		// The forms each column takes in GDELT's own rows; a decimal
		// column accepts integers too (GDELT writes 1 and 2.8 alike).
		seen := make([]map[string]bool, c.columns)
		for i := range seen {
			seen[i] = map[string]bool{"empty": true}
		}
		for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
			f := strings.Split(line, "\t")
			if len(f) != c.columns {
				t.Fatalf("sample %s has %d columns", c.sample, len(f))
			}
			for i, v := range f {
				k := gdeltKind(v)
				seen[i][k] = true
				if k == "decimal" {
					seen[i]["int"] = true
				}
				if k == "code" || k == "int" {
					seen[i]["text"] = seen[i]["text"] || i == 36 || i == 44 || i == 52 // place names
				}
			}
		}
		code, out, errs := dyad(t, "export", "--db", db, "--format", "gdelt", "--table", c.table)
		if code != 0 {
			t.Fatalf("export %s: %s", c.table, errs)
		}
		rows := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(rows) < 5 {
			t.Fatalf("gdelt %s export has %d rows, want the examples' events", c.table, len(rows))
		}
		for n, row := range rows {
			f := strings.Split(row, "\t")
			if len(f) != c.columns {
				t.Fatalf("%s row %d has %d columns, want %d: %q", c.table, n+1, len(f), c.columns, row)
			}
			for i, v := range f {
				if k := gdeltKind(v); !seen[i][k] && !(k == "code" && seen[i]["text"]) && !(k == "int" && seen[i]["code"]) {
					t.Errorf("%s row %d column %d = %q (%s); GDELT's rows have %v there", c.table, n+1, i+1, v, k, seen[i])
				}
			}
			if c.table == "events" {
				if !regexp.MustCompile(`^[0-9]{8}$`).MatchString(f[1]) || !regexp.MustCompile(`^[0-9]{14}$`).MatchString(f[59]) {
					t.Errorf("events row %d: SQLDATE %q, DATEADDED %q", n+1, f[1], f[59])
				}
			}
		}
	}
}

func TestEvalCoref(t *testing.T) {
	code, out, errs := dyad(t, "eval", "coref", "--json", "../../internal/eval/testdata/coref.conllu")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Documents, Pronouns, Resolved, Correct int
		Precision, Recall, F1                  float64
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	// "Mary Smith met John. She thanked him and his sister.": three
	// pronouns, each with one possible antecedent of its gender.
	if rep.Documents != 1 || rep.Pronouns != 3 || rep.Correct != 3 || rep.F1 != 1 {
		t.Errorf("report %+v, want all three pronouns right", rep)
	}
	if code, _, errs := dyad(t, "eval", "coref"); code != 2 || !strings.Contains(errs, "give one CoNLL-U file") {
		t.Errorf("no file: exit %d, %s", code, errs)
	}
}
