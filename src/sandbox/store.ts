import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The sandbox's state: one SQLite database (WAL) shared by every fc process that
 * uses the same FC_HOME. Objects are stored as JSON documents with a few indexed
 * columns that listing and pagination need; `:memory:` gives the same code path
 * for tests that need no file.
 */
export interface StoredObject<T = Record<string, unknown>> {
  id: string;
  type: string;
  /** The object this one belongs to (a customer, an account…); the main list filter. */
  parent: string | null;
  /** Sort key for "newest first" (usually `created`, `transacted_at` for transactions). */
  sort: number;
  seq: number;
  data: T;
}

export interface ListQuery {
  type: string;
  parent?: string | null;
  /** Extra SQL conditions over the `objects` row (`data` is JSON), with their parameters. */
  where?: { sql: string; params: unknown[] }[];
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export interface ListPage<T> {
  data: T[];
  hasMore: boolean;
}

export interface IdempotencyRecord {
  paramsHash: string;
  method: string;
  path: string;
  status: number;
  body: string;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  request_id: string;
  idempotency_key: string | null;
  fault: string | null;
}

export interface Job {
  id: number;
  dueAt: number;
  kind: string;
  ref: string;
  payload: Record<string, unknown>;
}

/** The WAL is cut back to this after each checkpoint (SQLite checkpoints every ~4 MB of writes). */
const WAL_LIMIT_BYTES = 4 * 1024 * 1024;
/** Recent requests kept in memory for tests and `fc sandbox log` when the request log is not persisted. */
const REQUEST_RING = 10_000;

/** Bumped with every change to SCHEMA, so a store written by another fc version is recognised. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  parent TEXT,
  sort INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_list ON objects (type, parent, sort, seq);
CREATE INDEX IF NOT EXISTS objects_type ON objects (type, sort, seq);
CREATE TABLE IF NOT EXISTS idempotency (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_age ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  due_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (due_at);
CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  idempotency_key TEXT,
  fault TEXT
);
-- One row per (event, webhook endpoint) delivery; the endpoint row (in objects) carries the account.
CREATE TABLE IF NOT EXISTS webhook_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint TEXT NOT NULL,
  event TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  counted INTEGER NOT NULL DEFAULT 1,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (state, next_at);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

interface Row {
  seq: number;
  id: string;
  type: string;
  parent: string | null;
  sort: number;
  data: string;
}

function fromRow<T>(row: Row): StoredObject<T> {
  return { id: row.id, type: row.type, parent: row.parent, sort: row.sort, seq: row.seq, data: JSON.parse(row.data) as T };
}

export class Store {
  readonly db: Database.Database;
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Created (or tightened) 0600 before SQLite opens it: its -wal and -shm files take the same mode.
      closeSync(openSync(path, 'a', 0o600));
      try {
        chmodSync(path, 0o600);
      } catch {
        // A store someone else owns keeps its mode; SQLite still decides whether it may be opened.
      }
    }
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // Several fc processes may share one file; wait rather than fail on a busy writer.
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('synchronous = NORMAL');
    // A checkpoint truncates the WAL back to this size, so a long-serving sandbox keeps a small -wal file.
    this.db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
    this.db.exec(SCHEMA);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the sandbox data in ${path} was written by a newer fc (schema ${version}); upgrade fc, or delete that file to start an empty sandbox`);
    }
    // Later schema changes add their migrations here, keyed by the version they upgrade from.
    if (version < SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: every request runs several of these, and compiling them each time adds up. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Runs fn in one IMMEDIATE transaction: a request is all-or-nothing and serialised across processes. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Runs fn in a DEFERRED transaction: one consistent snapshot for a read, without
   * the write lock (WAL readers never wait for a writer). Should fn write after
   * all, SQLite takes the lock then.
   */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /** Deletes rows of `type` sorted before `before` (events past Stripe's 30 days). Returns how many. */
  pruneOlderThan(type: string, before: number): number {
    return this.stmt('DELETE FROM objects WHERE type = ? AND sort < ?').run(type, before).changes;
  }

  insert<T>(obj: { id: string; type: string; parent?: string | null; sort: number; data: T }): T {
    this.stmt('INSERT INTO objects (id, type, parent, sort, data) VALUES (?, ?, ?, ?, ?)')
      .run(obj.id, obj.type, obj.parent ?? null, obj.sort, JSON.stringify(obj.data));
    return obj.data;
  }

  /** Inserts many rows with one prepared statement (seeding large histories). */
  insertMany<T>(objs: Iterable<{ id: string; type: string; parent?: string | null; sort: number; data: T }>): number {
    const stmt = this.stmt('INSERT INTO objects (id, type, parent, sort, data) VALUES (?, ?, ?, ?, ?)');
    let n = 0;
    for (const o of objs) {
      stmt.run(o.id, o.type, o.parent ?? null, o.sort, JSON.stringify(o.data));
      n++;
    }
    return n;
  }

  get<T>(type: string, id: string): T | undefined {
    const row = this.stmt('SELECT * FROM objects WHERE id = ? AND type = ?').get(id, type) as Row | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  getRow<T>(id: string): StoredObject<T> | undefined {
    const row = this.stmt('SELECT * FROM objects WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow<T>(row) : undefined;
  }

  put<T>(type: string, id: string, data: T): T {
    const res = this.stmt('UPDATE objects SET data = ? WHERE id = ? AND type = ?').run(JSON.stringify(data), id, type);
    if (res.changes !== 1) throw new Error(`store: no ${type} ${id} to update`);
    return data;
  }

  delete(type: string, id: string): void {
    this.stmt('DELETE FROM objects WHERE id = ? AND type = ?').run(id, type);
  }

  all<T>(type: string, parent?: string | null): T[] {
    const rows = (
      parent === undefined
        ? this.stmt('SELECT * FROM objects WHERE type = ? ORDER BY sort DESC, seq DESC').all(type)
        : this.stmt('SELECT * FROM objects WHERE type = ? AND parent IS ? ORDER BY sort DESC, seq DESC').all(type, parent)
    ) as Row[];
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  count(type: string, parent?: string | null): number {
    const row = (
      parent === undefined
        ? this.stmt('SELECT COUNT(*) AS n FROM objects WHERE type = ?').get(type)
        : this.stmt('SELECT COUNT(*) AS n FROM objects WHERE type = ? AND parent IS ?').get(type, parent)
    ) as { n: number };
    return row.n;
  }

  /**
   * Newest-first keyset pagination over (sort, seq): every page is one index range
   * scan, so page 1,000 costs what page 1 costs. Returns undefined when a cursor id
   * does not exist in this list (the caller answers with resource_missing).
   */
  list<T>(q: ListQuery): ListPage<T> | undefined {
    const conds: string[] = ['type = ?'];
    const params: unknown[] = [q.type];
    if (q.parent !== undefined) {
      conds.push('parent IS ?');
      params.push(q.parent);
    }
    for (const w of q.where ?? []) {
      conds.push(w.sql);
      params.push(...w.params);
    }
    let ascending = false;
    const cursorId = q.startingAfter ?? q.endingBefore;
    if (cursorId) {
      const cursor = this.stmt('SELECT sort, seq FROM objects WHERE id = ? AND type = ?').get(cursorId, q.type) as
        | { sort: number; seq: number }
        | undefined;
      if (!cursor) return undefined;
      // A row-value comparison is what SQLite turns into an index range; the
      // equivalent `sort < ? OR (sort = ? AND seq < ?)` scanned from the list's start.
      if (q.startingAfter) {
        conds.push('(sort, seq) < (?, ?)');
      } else {
        conds.push('(sort, seq) > (?, ?)');
        ascending = true;
      }
      params.push(cursor.sort, cursor.seq);
    }
    const order = ascending ? 'sort ASC, seq ASC' : 'sort DESC, seq DESC';
    // The SQL varies only with which filters are present, so the cache stays small.
    const rows = this.stmt(`SELECT * FROM objects WHERE ${conds.join(' AND ')} ORDER BY ${order} LIMIT ?`)
      .all(...params, q.limit + 1) as Row[];
    const hasMore = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    if (ascending) page.reverse();
    return { data: page.map((r) => JSON.parse(r.data) as T), hasMore };
  }

  getIdempotency(scope: string, key: string): IdempotencyRecord | undefined {
    const row = this.stmt('SELECT method, path, params_hash, status, body FROM idempotency WHERE scope = ? AND key = ?')
      .get(scope, key) as { method: string; path: string; params_hash: string; status: number; body: string } | undefined;
    return row ? { method: row.method, path: row.path, paramsHash: row.params_hash, status: row.status, body: row.body } : undefined;
  }

  putIdempotency(scope: string, key: string, rec: IdempotencyRecord, now: number): void {
    this.stmt('INSERT OR REPLACE INTO idempotency (scope, key, method, path, params_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(scope, key, rec.method, rec.path, rec.paramsHash, rec.status, rec.body, now);
  }

  pruneIdempotency(olderThan: number): void {
    this.stmt('DELETE FROM idempotency WHERE created_at < ?').run(olderThan);
  }

  schedule(dueAt: number, kind: string, ref: string, payload: Record<string, unknown> = {}): void {
    this.stmt('INSERT INTO jobs (due_at, kind, ref, payload) VALUES (?, ?, ?, ?)').run(dueAt, kind, ref, JSON.stringify(payload));
  }

  /** Removes and returns the jobs due at or before `now`, oldest first. */
  takeDueJobs(now: number): Job[] {
    const rows = this.stmt('SELECT * FROM jobs WHERE due_at <= ? ORDER BY due_at, id').all(now) as {
      id: number;
      due_at: number;
      kind: string;
      ref: string;
      payload: string;
    }[];
    if (rows.length === 0) return [];
    this.stmt('DELETE FROM jobs WHERE due_at <= ?').run(now);
    return rows.map((r) => ({ id: r.id, dueAt: r.due_at, kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) }));
  }

  nextJobDue(): number | undefined {
    const row = this.stmt('SELECT MIN(due_at) AS due FROM jobs').get() as { due: number | null };
    return row.due ?? undefined;
  }

  /**
   * Off by default: every request written to the database grew it by ~87 MB per
   * million requests and cost a write transaction per GET. `fc sandbox serve
   * --log-requests` (FC_SANDBOX_LOG_REQUESTS=1) persists them; otherwise the last
   * REQUEST_RING stay in this process's memory.
   */
  persistRequests = false;
  private readonly ring: RequestLogEntry[] = [];

  logRequest(entry: { at: number; method: string; path: string; status: number; requestId: string; idempotencyKey?: string; fault?: string }): void {
    const row: RequestLogEntry = {
      at: entry.at,
      method: entry.method,
      path: entry.path,
      status: entry.status,
      request_id: entry.requestId,
      idempotency_key: entry.idempotencyKey ?? null,
      fault: entry.fault ?? null,
    };
    this.ring.push(row);
    if (this.ring.length > REQUEST_RING) this.ring.splice(0, this.ring.length - REQUEST_RING);
    if (this.persistRequests) {
      this.stmt('INSERT INTO requests (at, method, path, status, request_id, idempotency_key, fault) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        row.at,
        row.method,
        row.path,
        row.status,
        row.request_id,
        row.idempotency_key,
        row.fault,
      );
    }
  }

  /**
   * Requests this sandbox received, oldest first (tests assert on it: "nothing was
   * sent"): the persisted log when there is one, else this process's recent ones.
   */
  requestLog(limit?: number): RequestLogEntry[] {
    if (this.persistRequests) {
      const rows = this.stmt('SELECT at, method, path, status, request_id, idempotency_key, fault FROM requests ORDER BY seq DESC LIMIT ?').all(
        limit ?? -1,
      ) as RequestLogEntry[];
      return rows.reverse();
    }
    return limit === undefined ? [...this.ring] : this.ring.slice(-limit);
  }

  getMeta(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /** Empties every table: a fresh sandbox, clock offset included. */
  reset(): void {
    const wipe = () => {
      for (const t of ['objects', 'idempotency', 'jobs', 'requests', 'webhook_outbox', 'meta']) this.db.exec(`DELETE FROM ${t}`);
    };
    this.ring.length = 0;
    if (this.db.inTransaction) wipe();
    else this.tx(wipe);
  }

  close(): void {
    this.db.close();
  }
}
