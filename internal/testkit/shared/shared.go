// Package shared finds the project's shared evaluation data (../shared
// beside the module) for tests, which skip with a clear message when it
// is absent. It uses the standard library only, so any package's tests
// can import it.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the module's root directory: the nearest directory above
// the test's working directory that holds go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("no go.mod above %s", wd)
		}
	}
}

// Dir returns ../shared/elems... beside the module, or skips the test
// with a message when it is absent.
func Dir(tb testing.TB, elems ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{Root(tb), "..", "shared"}, elems...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("%s not found (%v): this test needs the shared data", p, err)
	}
	return p
}
