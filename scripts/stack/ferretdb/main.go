// Command ferretdb-launcher runs an embedded FerretDB v1 (MongoDB wire protocol) in the foreground.
//
// The upstream `go install .../cmd/ferretdb` binary panics without its generated
// build/version/version.txt, so the local stack embeds the public ferretdb package instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // goroutine and profile dumps on -debug-addr, off unless asked for
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

const modulePath = "github.com/FerretDB/FerretDB"

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	backend := flag.String("backend-url", "", "sqlite: data directory or file: URI; postgresql: postgres:// URL")
	level := flag.String("log-level", "info", "log level: debug, info, warn or error")
	idIndexEvery := flag.Duration("id-index-interval", 250*time.Millisecond,
		"sqlite: how often to give new collections the _id pushdown index (0 disables)")
	debugAddr := flag.String("debug-addr", "",
		"TCP address for Go's /debug/pprof handlers (goroutine dumps of a stuck server); empty disables")
	flag.Parse()

	var dataDir string
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fail("invalid -log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	switch *handler {
	case "sqlite":
		u, err := sqliteURL(*backend)
		if err != nil {
			fail("invalid -backend-url: %v", err)
		}
		config.SQLiteURL = u
		dataDir, err = sqliteDir(u)
		if err != nil {
			fail("invalid -backend-url: %v", err)
		}
	case "postgresql":
		if *backend == "" {
			fail("-backend-url is required for the postgresql handler")
		}
		config.PostgreSQLURL = *backend
	default:
		fail("unknown -handler %q (want sqlite or postgresql)", *handler)
	}

	setVersion()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	f, err := ferretdb.New(config)
	if err != nil {
		fail("%v", err)
	}
	if dataDir != "" && *idIndexEvery > 0 {
		indexer := &idIndexer{dir: dataDir, interval: *idIndexEvery, logger: logger}
		go indexer.run(ctx)
	}
	if *debugAddr != "" {
		go func() {
			server := &http.Server{Addr: *debugAddr, ReadHeaderTimeout: 5 * time.Second}
			logger.Info("ferretdb-launcher debug handlers listening", "addr", *debugAddr)
			if err := server.ListenAndServe(); err != nil {
				logger.Error("ferretdb-launcher debug listener stopped", "error", err)
			}
		}()
	}
	logger.Info("ferretdb-launcher listening", "addr", *listen, "handler", *handler, "version", version.Get().Version)
	if err := f.Run(ctx); err != nil {
		fail("%v", err)
	}
	logger.Info("ferretdb-launcher stopped")
}

// sqliteURL turns a directory path into the `file:/abs/dir/` URI FerretDB expects; URIs pass through.
func sqliteURL(value string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("a data directory is required for the sqlite handler")
	}
	if strings.HasPrefix(value, "file:") {
		return value, nil
	}
	dir, err := filepath.Abs(value)
	if err != nil {
		return "", err
	}
	return (&url.URL{Scheme: "file", Opaque: (&url.URL{Path: dir + "/"}).EscapedPath()}).String(), nil
}

// sqliteDir is the data directory of a `file:` URI, or "" for an in-memory database.
func sqliteDir(uri string) (string, error) {
	parsed, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	dir := parsed.Path
	if dir == "" {
		dir = parsed.Opaque
		if unescaped, err := url.PathUnescape(dir); err == nil {
			dir = unescaped
		}
	}
	if dir == "" || parsed.Query().Get("mode") == "memory" {
		return "", nil
	}
	return dir, nil
}

// patchedVersion is set by the stack's build (-ldflags -X) when it links a patched copy of the
// module (docs/decisions/0040), whose build info says only "(devel)".
var patchedVersion string

// setVersion reports the linked FerretDB module version (embedded builds otherwise say "unknown").
func setVersion() {
	if patchedVersion != "" {
		version.Get().Version = patchedVersion
		return
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	for _, dep := range info.Deps {
		if dep.Path == modulePath {
			version.Get().Version = dep.Version
			if dep.Replace != nil {
				version.Get().Version = dep.Replace.Version
			}
		}
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-launcher: "+format+"\n", args...)
	os.Exit(2)
}
