package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/dyad-events/dyad/internal/doc"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version or VCS revision from the build info is used.
var version = ""

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "", "Print dyad's version, the Go version and the document schema version.", "  dyad version")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "" {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	fmt.Fprintf(e.stdout, "dyad %s\n%s %s/%s\nschema %d\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH, doc.SchemaVersion)
	return nil
}
