import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDb } from '../../../src/sandbox/index.js';

/** The tables as fc wrote them before accounts existed (schema 1). */
const SCHEMA_1 = `
CREATE TABLE objects (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, parent TEXT, sort INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX objects_list ON objects (type, parent, sort, seq);
CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, params_hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (scope, key));
CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, due_at INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, payload TEXT NOT NULL);
CREATE TABLE requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, request_id TEXT NOT NULL, idempotency_key TEXT, fault TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA user_version = 1;
`;

describe('sandbox store from an earlier fc', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("gives schema-1 data to the embedded sandbox key's account, clock offset included", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-migrate-'));
    dirs.push(dir);
    const path = join(dir, 'sandbox.db');
    const old = new Database(path);
    old.exec(SCHEMA_1);
    old.prepare('INSERT INTO objects (id, type, parent, sort, data) VALUES (?, ?, ?, ?, ?)').run('cus_old', 'customer', null, 1, JSON.stringify({ id: 'cus_old' }));
    old.prepare('INSERT INTO jobs (due_at, kind, ref, payload) VALUES (?, ?, ?, ?)').run(5, 'settle', 'pi_old', '{}');
    old.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('clock_offset_ms', '3600000');
    old.close();

    const db = new SandboxDb(path);
    try {
      const mine = db.forKey('sk_test_fcsandbox');
      expect(mine.get('customer', 'cus_old')).toEqual({ id: 'cus_old' });
      expect(mine.getMeta('clock_offset_ms')).toBe('3600000');
      expect(mine.nextJobDue()).toBe(5);
      const other = db.forKey('sk_test_someoneelse');
      expect(other.get('customer', 'cus_old')).toBeUndefined();
      expect(other.getMeta('clock_offset_ms')).toBeUndefined();
      expect(db.db.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
    // Opening again is a no-op, not a second migration.
    const again = new SandboxDb(path);
    expect(again.forKey('sk_test_fcsandbox').count('customer')).toBe(1);
    again.close();
  });
});
