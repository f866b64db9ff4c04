package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dyad-events/dyad/internal/server"
	"github.com/dyad-events/dyad/internal/store"
)

// BenchmarkFirstPage loads the UI's first page in headless Chromium, from
// navigation until every view has its data (body[data-ready="1"]), over
// the store DYAD_BENCH_DB names: the 1,000,000-event store that
// internal/store's BenchmarkEventsMillion generates.
//
//	DYAD_BENCH_DB=/tmp/million.db go test -run XXX -bench EventsMillion -benchtime 1x ./internal/store/
//	DYAD_BENCH_DB=/tmp/million.db go test -run XXX -bench FirstPage -benchtime 5x ./internal/server/
func BenchmarkFirstPage(b *testing.B) {
	path := os.Getenv("DYAD_BENCH_DB")
	if path == "" {
		b.Skip("DYAD_BENCH_DB names no store (see the comment)")
	}
	if _, err := exec.LookPath(chromium); err != nil {
		b.Skipf("no %s", chromium)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	srv := httptest.NewServer(server.New(db, nil, nil, nil).Handler())
	defer srv.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(b.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
		b.Fatal(err)
	}
	var worst time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			b.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`))); err != nil {
			b.Fatal(err)
		}
		worst = max(worst, time.Since(t0))
		chromedp.Run(ctx, chromedp.Navigate("about:blank"))
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}
