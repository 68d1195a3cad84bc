// Package data is Kindred's SQLite store.
//
// It owns every SQL statement in Kindred. A Store holds two connection
// pools over one database file: a single writer connection, whose
// transactions begin IMMEDIATE so that "database is locked" cannot happen
// between Kindred's own writers, and a pool of read-only connections for
// queries. Every connection is opened with the same pragmas (WAL, foreign
// keys, busy timeout) through the DSN, so no pooled connection misses one.
//
// The schema is a sequence of embedded, numbered migrations in
// migrations/NNNN_name.sql. Each is applied in its own transaction and the
// schema version is kept in PRAGMA user_version. A database written by a
// newer Kindred is refused rather than "repaired".
//
// All times are stored in UTC as Unix seconds.
package data
