package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServe starts `dyad serve` on a store with the examples, reads the
// API and the page, makes a token with `dyad token` and posts an article
// with it, then stops the server with its context.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, errs := dyad(t, "run", "--db", db, examplesDir(t)); code != 0 {
		t.Fatalf("run: %s", errs)
	}
	code, tok, errs := dyad(t, "token", "--db", db, "--name", "test")
	if code != 0 || !strings.HasPrefix(tok, "dyad_") {
		t.Fatalf("token: %d %q %s", code, tok, errs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var errb bytes.Buffer
	go func() {
		done <- Main(ctx, []string{"serve", "--db", db, "--addr", addr}, strings.NewReader(""), io.Discard, &errb)
	}()
	base := "http://" + addr
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get(base + "/api/stats"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("serve did not answer: %v (%s)", err, errb.String())
	}
	var stats struct{ Articles, Events int }
	json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if stats.Articles != storedCount(t, db) || stats.Events == 0 {
		t.Errorf("stats = %+v, want the examples", stats)
	}
	page, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(b), "<html") {
		t.Errorf("GET / is not the UI: %.100s", b)
	}
	req, _ := http.NewRequest("POST", base+"/api/articles", strings.NewReader(`{"title":"Talks","published":"2024-03-02","body":"Turkey's foreign minister Hakan Fidan met his Egyptian counterpart in Cairo on Saturday."}`))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	req.Header.Set("Content-Type", "application/json")
	pr, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pr.Body.Close()
	if pr.StatusCode != http.StatusCreated {
		t.Errorf("POST with the token: status %d", pr.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop with its context")
	}
	if n := storedCount(t, db); n != stats.Articles+1 {
		t.Errorf("store holds %d articles after the POST, want %d", n, stats.Articles+1)
	}
}
