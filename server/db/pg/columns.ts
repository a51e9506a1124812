import { sql } from 'drizzle-orm';
import { customType, text } from 'drizzle-orm/pg-core';
import './driver-values.js';

/*
 * Column types the PostgreSQL schema needs so that every column gives and takes the same JavaScript
 * values as its SQLite twin: the repositories are written once, against either.
 */

/**
 * SQLite's `blob({ mode: 'buffer' })`: a Node Buffer both ways. drizzle's pg-core has no bytea of its
 * own; node-postgres reads bytea as a Buffer and writes a Buffer (or Uint8Array) as bytea.
 */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * SQLite's `text({ mode: 'json' })`, stored as jsonb. The driver hands jsonb over as its text
 * (./driver-values.ts), which is parsed here once, as SQLite's json columns parse theirs: a stored
 * string such as "123" stays a string. (jsonb keeps neither key order nor duplicate keys; nothing in
 * server/ compares stored JSON as text.)
 */
export const jsonb = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value) as unknown,
});

/**
 * SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ','now')`: the same ISO text, in UTC to the millisecond
 * (2026-11-01T10:00:00.123Z), so rows sort and compare as text alike in both. statement_timestamp(), not
 * now(): SQLite's 'now' is the statement's time, where now() would be the transaction's start.
 */
export const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
