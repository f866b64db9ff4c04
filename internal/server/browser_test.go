package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is Debian's browser, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// TestBrowser drives the UI in headless Chromium: it searches, clicks an
// event and checks that the article view highlights that event's
// sentence; it stores an article with markup in it and checks that the
// markup shows as text and never runs. DYAD_SCREENSHOT names a PNG file
// for a screenshot of the page (README's is made this way).
func TestBrowser(t *testing.T) {
	if _, err := exec.LookPath(chromium); err != nil {
		t.Skipf("no %s: install Debian's chromium (apt-get install chromium) to run the browser test", chromium)
	}
	f := newFixture(t)
	// An article whose text is markup.
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/articles", strings.NewReader(`{"title":"<img src=x onerror=\"window.PWNED=1\">Talks","outlet":"Wire <b>x</b>","published":"2023-11-05","body":"Turkey's foreign minister Hakan Fidan met Egypt's foreign minister in Cairo on Sunday. <script>window.PWNED=2</script> <img src=x onerror=\"window.PWNED=3\">"}`))
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("POST the markup article: %v %v", err, resp.Status)
	}
	resp.Body.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1400, 1000), chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	do := func(step string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(step string, sel chromedp.CSS) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return v
	}
	eval := func(step, js string) float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return v
	}
	ready := chromedp.CSS(`body[data-ready="1"]`)

	do("open", chromedp.Navigate(f.srv.URL+"/"))
	do("first page", chromedp.WaitVisible(ready))
	if shot := os.Getenv("DYAD_SCREENSHOT"); shot != "" {
		do("screenshot event", chromedp.Click(chromedp.CSS(`#events-table tbody tr.event-row:nth-child(4)`)))
		do("screenshot article", chromedp.WaitVisible(chromedp.CSS(`#article-view[data-ready="1"]`)))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Clean(shot), png, 0o644); err != nil {
			t.Fatal(err)
		}
		do("close article", chromedp.Click(chromedp.CSS(`#article-close`)))
	}
	do("type", chromedp.SetValue(chromedp.CSS(`#search`), "Fidan"))
	do("search", chromedp.Click(chromedp.CSS(`#search-button`)))
	do("wait", chromedp.Sleep(300*time.Millisecond))
	do("results", chromedp.WaitVisible(ready))
	if n := eval("rows", `document.querySelectorAll('#events-table tbody tr.event-row').length`); n == 0 {
		t.Fatal("searching Fidan shows no events")
	}
	if e := eval("errors", `(document.getElementById('errors') || {textContent: ''}).textContent.trim().length`); e > 0 {
		t.Errorf("the page reported errors: %s", text("errors", `#errors`))
	}

	// Click the first event; the article view highlights its sentence.
	row := chromedp.CSS(`#events-table tbody tr.event-row`)
	art, err := chromedp.Run(ctx, chromedp.AttributeValue(row, "data-article"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := chromedp.Run(ctx, chromedp.AttributeValue(row, "data-idx"))
	if err != nil {
		t.Fatal(err)
	}
	do("click event", chromedp.Click(row))
	do("article", chromedp.WaitVisible(chromedp.CSS(`#article-view[data-ready="1"]`)))
	highlighted := text("highlight", `#article-body .hl-sentence`)
	var page struct {
		Items []struct {
			ArticleID    string `json:"article_id"`
			Idx          int    `json:"idx"`
			SentenceText string `json:"sentence_text"`
		}
	}
	r2, err := http.Get(f.srv.URL + "/api/events?q=Fidan&limit=500")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(r2.Body).Decode(&page)
	r2.Body.Close()
	want := ""
	for _, e := range page.Items {
		if e.ArticleID == art.Value && idx.Value == jsonInt(e.Idx) {
			want = e.SentenceText
		}
	}
	if want == "" || strings.Join(strings.Fields(highlighted), " ") != strings.Join(strings.Fields(want), " ") {
		t.Errorf("highlighted sentence %q, want the event's sentence %q", highlighted, want)
	}
	// The markup article: its text shows literally and nothing in it runs.
	do("open markup", chromedp.Navigate(f.srv.URL+"/?q=Cairo"))
	do("markup page", chromedp.WaitVisible(ready))
	do("click markup event", chromedp.Click(row))
	do("markup article", chromedp.WaitVisible(chromedp.CSS(`#article-view[data-ready="1"]`)))
	body := text("markup body", `#article-body`)
	if n := eval("elements", `document.querySelectorAll('#article-view img, #events-table img, #article-body script').length`); n > 0 {
		t.Errorf("markup from an article became %v elements", n)
	}
	if p := eval("pwned", `window.PWNED === undefined ? 0 : 1`); p != 0 {
		t.Error("markup from an article ran")
	}
	if !strings.Contains(body, "<script>window.PWNED=2</script>") {
		t.Errorf("the article's markup does not show as text: %q", body)
	}
}

func jsonInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
