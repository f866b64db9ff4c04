package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/dyad-events/dyad/internal/event"
	"github.com/dyad-events/dyad/internal/server"
	"github.com/dyad-events/dyad/internal/store"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[flags]",
		"Serve the JSON API (docs/api.md, /api/openapi.json) and the web UI over a store.\nPOST /api/articles needs a token made by 'dyad token'.",
		"  dyad run examples/ && dyad serve      # then open http://127.0.0.1:8080/\n  dyad serve --db news.db --addr 127.0.0.1:9000")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	var dicts dictFlags
	dicts.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	p, err := dicts.pipeline(e)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := event.LoadResources()
	if err != nil {
		return err
	}
	names := map[string]string{}
	for code, c := range res.Codebook {
		names[code] = c.Name
	}
	srv := server.New(st, p.Process, names, e.log).NewHTTPServer(*addr)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(e.stderr, "dyad serve: http://%s/ (store %s); Ctrl-C stops\n", ln.Addr(), store.Redact(*db))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

func cmdToken(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "token", "[flags]",
		"Make a bearer token for dyad serve's write endpoints (POST /api/articles).\nThe token is printed once; the store keeps only its hash.",
		"  dyad token --name newsroom-feed\n  curl -H \"Authorization: Bearer $(dyad token)\" -H 'Content-Type: application/json' \\\n       -d '{\"title\":\"...\",\"body\":\"...\"}' http://127.0.0.1:8080/api/articles")
	db := fs.String("db", defaultDB, "database: a SQLite file, or a postgres://user:password@host/dbname URL")
	name := fs.String("name", "", "a note saying who the token is for")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	tok, err := st.CreateToken(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}
