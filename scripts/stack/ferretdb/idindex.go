package main

// The _id pushdown index (docs/decisions/0021-ferretdb-id-pushdown-index.md).
//
// FerretDB 1.24's SQLite backend pushes down exactly one filter shape, `{_id: <string|ObjectId>}`,
// as `WHERE _ferretdb_sjson->'$._id' = ?` (also for updates and deletes by _id). Its own `_id_`
// index is built on `_ferretdb_sjson->"_id"`, which SQLite does not consider the same expression,
// so every such lookup scans the table. SQLite uses an expression index only when the query's
// expression matches it token for token, so this file keeps an index on exactly
// `_ferretdb_sjson->'$._id'` on every collection table of every database in the data directory,
// including collections and databases created while the server runs.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself links; no extra module
)

const (
	// idExpression must stay byte-for-byte FerretDB's metadata.IDColumn, or SQLite will not use it.
	idExpression = `_ferretdb_sjson->'$._id'`
	// idIndexPrefix names our index "polychat_id__<table>"; FerretDB names its own "<table>_<name>".
	idIndexPrefix = "polychat_id__"
	// metadataTable is FerretDB's per-database list of collections and their tables.
	metadataTable = "_ferretdb_collections"
	// fullCheckEvery re-checks a database even when its schema version did not move (belt and braces).
	fullCheckEvery = 5 * time.Second
)

// watchedDB is one SQLite database file of the data directory and what we last saw of it.
type watchedDB struct {
	path          string
	ino           uint64
	db            *sql.DB
	schemaVersion int64
	checkedAt     time.Time
}

// idIndexer keeps the _id expression index on every FerretDB collection table under dir.
type idIndexer struct {
	dir      string
	interval time.Duration
	logger   *slog.Logger
	dbs      map[string]*watchedDB
}

// run polls the data directory every interval until ctx ends. Each round costs one directory
// listing and one `PRAGMA schema_version` per database; the collection list is only read when the
// schema changed (a table or index was created or dropped) or fullCheckEvery has passed.
func (x *idIndexer) run(ctx context.Context) {
	x.dbs = map[string]*watchedDB{}
	defer func() {
		for _, w := range x.dbs {
			_ = w.db.Close()
		}
	}()
	ticker := time.NewTicker(x.interval)
	defer ticker.Stop()
	for {
		x.round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (x *idIndexer) round(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		x.logger.Error("id-index: listing the data directory failed", "dir", x.dir, "error", err)
		return
	}
	seen := make(map[string]bool, len(files))
	for _, file := range files {
		seen[file] = true
		ino, ok := inode(file)
		if !ok {
			continue // dropped between the listing and now
		}
		w := x.dbs[file]
		if w != nil && w.ino != ino {
			// The database was dropped and created again: forget the handle on the old file.
			_ = w.db.Close()
			w = nil
		}
		if w == nil {
			db, err := openExisting(file)
			if err != nil {
				x.logger.Warn("id-index: opening a database failed", "file", file, "error", err)
				continue
			}
			w = &watchedDB{path: file, ino: ino, db: db, schemaVersion: -1}
			x.dbs[file] = w
		}
		x.check(ctx, w)
	}
	for file, w := range x.dbs {
		if !seen[file] {
			_ = w.db.Close()
			delete(x.dbs, file)
		}
	}
}

// check creates the index on every collection table of one database that lacks it.
func (x *idIndexer) check(ctx context.Context, w *watchedDB) {
	var version int64
	if err := w.db.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&version); err != nil {
		x.logger.Warn("id-index: reading the schema version failed", "file", w.path, "error", err)
		return
	}
	if version == w.schemaVersion && time.Since(w.checkedAt) < fullCheckEvery {
		return
	}
	missing, err := tablesWithoutIndex(ctx, w.db)
	if err != nil {
		// A brand-new database file may not have FerretDB's metadata table yet: retry next round.
		if !strings.Contains(err.Error(), "no such table") {
			x.logger.Warn("id-index: listing collections failed", "file", w.path, "error", err)
		}
		return
	}
	done := true
	for _, c := range missing {
		started := time.Now()
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, idIndexPrefix+c.table, c.table, idExpression)
		if _, err := w.db.ExecContext(ctx, q); err != nil {
			// "no such table": the collection was dropped meanwhile; anything else is logged and retried.
			if !strings.Contains(err.Error(), "no such table") {
				x.logger.Error("id-index: creating the index failed", "file", w.path, "collection", c.name,
					"table", c.table, "error", err)
				done = false
			}
			continue
		}
		x.logger.Info("id-index: created", "database", strings.TrimSuffix(filepath.Base(w.path), ".sqlite"),
			"collection", c.name, "table", c.table, "took", time.Since(started).Round(time.Microsecond).String())
	}
	if !done {
		return
	}
	// Our own CREATE INDEX moved the schema version: record the version after it.
	if err := w.db.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&w.schemaVersion); err != nil {
		w.schemaVersion = -1
	}
	w.checkedAt = time.Now()
}

type collectionTable struct{ name, table string }

// tablesWithoutIndex lists FerretDB's collections whose table has no index of ours.
func tablesWithoutIndex(ctx context.Context, db *sql.DB) ([]collectionTable, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT c.name, c.table_name FROM %q AS c
		 WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema AS s WHERE s.type = 'index' AND s.name = ? || c.table_name)`,
		metadataTable), idIndexPrefix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []collectionTable
	for rows.Next() {
		var c collectionTable
		if err := rows.Scan(&c.name, &c.table); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// openExisting opens a database file read-write without ever creating it (mode=rw), with one
// connection and FerretDB's own busy timeout, so a CREATE INDEX waits for FerretDB's writers.
func openExisting(file string) (*sql.DB, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("mode", "rw")
	q.Add("_pragma", "busy_timeout(10000)")
	dsn := (&url.URL{Scheme: "file", Opaque: (&url.URL{Path: abs}).EscapedPath(), RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if err := db.Ping(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

func inode(file string) (uint64, bool) {
	info, err := os.Stat(file)
	if err != nil {
		return 0, false
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino, true
	}
	return 0, true
}
