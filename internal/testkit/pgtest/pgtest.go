// Package pgtest gives tests a PostgreSQL database to run against: the
// server DYAD_TEST_POSTGRES names (a postgres:// URL of a database the
// tests may create schemas in; .ci/run sets it), or else a server the
// package starts itself from the machine's PostgreSQL binaries in a
// temporary directory, on loopback, for the life of the test binary.
// Where neither is possible, tests that need PostgreSQL skip and say why.
//
// Each database a test asks for is a fresh schema, dropped when the test
// ends, so tests can run in parallel and in several test binaries against
// one server.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL is the variable that names a server to use.
const EnvURL = "DYAD_TEST_POSTGRES"

var server struct {
	once    sync.Once
	url     string // base URL; "" when unavailable
	why     string // why unavailable
	dir     string // data directory of a server we started
	root    string // the temporary directory holding it
	pgCtl   string
	asUser  string // run pg_ctl as this user (when we are root)
	stopped bool
}

// Main runs a package's tests and stops the server pgtest started, if
// it started one. Use it as TestMain: func TestMain(m *testing.M) {
// os.Exit(pgtest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop stops the server pgtest started, if any.
func Stop() {
	if server.dir == "" || server.stopped {
		return
	}
	server.stopped = true
	cmd := command(server.asUser, server.pgCtl, "stop", "-D", server.dir, "-m", "immediate", "-w")
	_ = cmd.Run()
	_ = os.RemoveAll(server.root)
}

// Both runs test twice, as subtests named sqlite and postgres; under the
// second, Store names a PostgreSQL schema (and the subtest skips, saying
// why, where no server can be had).
func Both(t *testing.T, test func(t *testing.T)) {
	t.Run("sqlite", test)
	t.Run("postgres", test)
}

// OnPostgres reports whether tb runs under Both's postgres subtest, or a
// test of its own inside it.
func OnPostgres(tb testing.TB) bool {
	return strings.Contains(tb.Name()+"/", "/postgres/")
}

// Store returns what to open a store at: path itself, or under Both's
// postgres subtest the URL of a schema that path names (the same schema
// for the same path, so a test can close a store and open it again).
func Store(tb testing.TB, path string) string {
	tb.Helper()
	if OnPostgres(tb) {
		return URL(tb, path)
	}
	return path
}

// URL returns the URL of a fresh, empty schema that is dropped when tb
// ends; the same key in one test binary names the same schema, so that
// a test can close a store and open it again. It skips tb when no
// PostgreSQL server can be had.
func URL(tb testing.TB, key string) string {
	tb.Helper()
	base := available(tb)
	schema := "dyad_test_" + name(key)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		tb.Fatalf("pgtest: create schema: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			tb.Errorf("pgtest: connect: %v", err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			tb.Errorf("pgtest: drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// name is a schema name for key: unique to this process when key is "".
var nameSalt = func() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}()

func name(key string) string {
	if key == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:])
	}
	sum := sha256.Sum256([]byte(nameSalt + "\x00" + key))
	return hex.EncodeToString(sum[:8])
}

// available returns the server's base URL or skips tb.
func available(tb testing.TB) string {
	tb.Helper()
	server.once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			server.url = u
			return
		}
		u, err := start()
		if err != nil {
			server.why = err.Error()
			return
		}
		server.url = u
	})
	if server.url == "" {
		tb.Skipf("pgtest: no PostgreSQL server: %s is unset and none could be started here (%s)", EnvURL, server.why)
	}
	return server.url
}

// start initialises and starts a server in a temporary directory.
func start() (string, error) {
	bin, err := binDir()
	if err != nil {
		return "", err
	}
	asUser := ""
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root; Debian's package makes a
		// postgres user.
		if _, err := user.Lookup("postgres"); err != nil {
			return "", errors.New("running as root and there is no postgres user to run the server as")
		}
		asUser = "postgres"
	}
	dir, err := os.MkdirTemp("", "dyad-pgtest-")
	if err != nil {
		return "", err
	}
	if asUser != "" {
		if out, err := exec.Command("chown", asUser, dir).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("chown: %v: %s", err, out)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := command(asUser, filepath.Join(bin, "initdb"), "-D", data, "-U", "dyad", "--auth=trust",
		"--encoding=UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("initdb: %v: %s", err, lastLine(out))
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", port, dir)
	server.dir, server.pgCtl, server.asUser = dir, filepath.Join(bin, "pg_ctl"), asUser
	if out, err := command(asUser, server.pgCtl, "start", "-D", data, "-w", "-t", "60",
		"-l", filepath.Join(dir, "log"), "-o", opts).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		server.dir = ""
		return "", fmt.Errorf("pg_ctl start: %v: %s %s", err, lastLine(out), lastLine(log))
	}
	server.dir, server.root = data, dir
	u := fmt.Sprintf("postgres://dyad@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := pgx.Connect(context.Background(), u)
		if err == nil {
			c.Close(context.Background())
			return u, nil
		}
		if time.Now().After(deadline) {
			Stop()
			return "", fmt.Errorf("server started but refuses connections: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// binDir finds the directory of initdb and pg_ctl: on PATH, or in
// Debian's /usr/lib/postgresql/N/bin (newest N), which is not on PATH.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	if len(dirs) == 0 {
		return "", errors.New("no initdb on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
	}
	return filepath.Dir(dirs[0]), nil
}

func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

func command(asUser, name string, args ...string) *exec.Cmd {
	if asUser == "" {
		return exec.Command(name, args...)
	}
	return exec.Command("runuser", append([]string{"-u", asUser, "--", name}, args...)...)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
