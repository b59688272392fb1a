import Database from 'better-sqlite3';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
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
  /** The account whose key made the request (absent when the key was refused). */
  account?: string | null;
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
const CHECKPOINT_EVERY_MS = 1_000;

/** Bumped with every change to SCHEMA, so a store written by another fc version is recognised. */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  parent TEXT,
  sort INTEGER NOT NULL,
  data TEXT NOT NULL
);
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
  account TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  payload TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  idempotency_key TEXT,
  fault TEXT,
  account TEXT
);
-- One row per (event, webhook endpoint) delivery, in the account of both.
CREATE TABLE IF NOT EXISTS webhook_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
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
  account TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account, key)
);
`;

/** Indexes that lead with the account, created after any migration has added that column. */
const INDEXES = `
CREATE INDEX IF NOT EXISTS objects_list_v2 ON objects (account, type, parent, sort, seq);
CREATE INDEX IF NOT EXISTS objects_type_v2 ON objects (account, type, sort, seq);
CREATE INDEX IF NOT EXISTS jobs_due_v2 ON jobs (account, due_at);
`;

/**
 * Schema 1 had one account shared by every key. Its rows go to the account of the
 * key given as `legacyOwner` (fc passes its data folder's embedded-sandbox key), so
 * a person's existing sandbox data stays theirs; else to the key fc used before.
 */
const LEGACY_KEY = 'sk_test_fcsandbox';

function migrateFrom1(db: Database.Database, ownerKey: string): void {
  const account = accountIdForKey(ownerKey);
  const quoted = `'${account}'`;
  db.exec(`
    ALTER TABLE objects ADD COLUMN account TEXT NOT NULL DEFAULT ${quoted};
    DROP INDEX IF EXISTS objects_list;
    DROP INDEX IF EXISTS objects_type;
    ALTER TABLE jobs ADD COLUMN account TEXT NOT NULL DEFAULT ${quoted};
    DROP INDEX IF EXISTS jobs_due;
    ALTER TABLE meta RENAME TO meta_v1;
    CREATE TABLE meta (account TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (account, key));
    INSERT INTO meta (account, key, value) SELECT ${quoted}, key, value FROM meta_v1;
    DROP TABLE meta_v1;
    UPDATE idempotency SET scope = ${quoted};
  `);
  const requests = db.pragma('table_info(requests)') as { name: string }[];
  if (!requests.some((c) => c.name === 'account')) db.exec('ALTER TABLE requests ADD COLUMN account TEXT');
  const outbox = db.pragma('table_info(webhook_outbox)') as { name: string }[];
  if (!outbox.some((c) => c.name === 'account')) db.exec(`ALTER TABLE webhook_outbox ADD COLUMN account TEXT NOT NULL DEFAULT ${quoted}`);
}

/**
 * The sandbox account a secret key belongs to: each distinct key is its own
 * account, named by a hash of the key so the key itself is never stored.
 */
export function accountIdForKey(key: string): string {
  let id = accountIds.get(key);
  if (id === undefined) {
    id = hashAccountId(key);
    // Bounded: a client cycling through made-up keys must not grow the process without limit.
    if (accountIds.size >= 1000) accountIds.clear();
    accountIds.set(key, id);
  }
  return id;
}

/** SHA-256 per request showed in profiles; a process sees few distinct keys. */
const accountIds = new Map<string, string>();

/**
 * SHA-256 from @noble/hashes, not node:crypto: a command that makes nothing (a GET on the
 * embedded sandbox) would load node:crypto, ~40 internal modules, for this one digest.
 */
function hashAccountId(key: string): string {
  const digest = sha256(utf8ToBytes(key));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'acct_1';
  for (let i = 0; i < 15; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

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

/**
 * The database behind every sandbox account. Rows of every table carry the
 * account they belong to; `account(id)` hands out the only view resources get,
 * so no query can reach another account's rows.
 */
export class SandboxDb {
  readonly db: Database.Database;
  readonly path: string;
  private readonly views = new Map<string, Store>();

  constructor(path: string, opts: { legacyOwner?: string } = {}) {
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
    // One exec for all of them: a pragma() each (a statement prepared, run and read) cost ~1 ms of every start.
    //  - busy_timeout: several fc processes may share one file; wait rather than fail on a busy writer;
    //  - journal_size_limit: a checkpoint truncates the WAL back to this size, so a long-serving sandbox keeps a small -wal file;
    //  - wal_autocheckpoint = 0: SQLite's automatic checkpoint runs inside whichever commit crosses ~4 MB of WAL,
    //    and costs that one request several ms (it syncs the database file). Checkpoints run from a timer
    //    instead, between requests, at most once a second after writes.
    this.db.exec(
      `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = ${WAL_LIMIT_BYTES}; PRAGMA wal_autocheckpoint = 0;`,
    );
    if (path !== ':memory:') {
      this.checkpointTimer = setInterval(() => this.checkpoint(), CHECKPOINT_EVERY_MS);
      this.checkpointTimer.unref();
    }
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the sandbox data in ${path} was written by a newer fc (schema ${version}); upgrade fc, or delete that file to start an empty sandbox`);
    }
    // A store at this version has every table and index (they and the version are written in
    // one transaction): checking them all again cost ~0.6 ms of every command's start.
    // A new file, and a store from before versions were recorded, read 0.
    if (version < SCHEMA_VERSION) {
      this.tx(() => {
        this.db.exec(SCHEMA);
        // Migrations, keyed by what they upgrade from.
        const columns = this.db.pragma('table_info(objects)') as { name: string }[];
        if (!columns.some((c) => c.name === 'account')) migrateFrom1(this.db, opts.legacyOwner ?? LEGACY_KEY);
        this.db.exec(INDEXES);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      });
    }
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: every request runs several of these, and compiling them each time adds up. */
  stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private checkpointTimer?: NodeJS.Timeout;
  /** One transaction function for every call (better-sqlite3 passes the arguments through). */
  private runnerFn?: Database.Transaction<(fn: () => unknown) => unknown>;
  private get runner(): Database.Transaction<(fn: () => unknown) => unknown> {
    return (this.runnerFn ??= this.db.transaction((fn: () => unknown) => fn()));
  }

  /**
   * Copies the WAL into the database (PASSIVE: never waits for readers or writers).
   * Unconditional: other fc processes sharing the file write to the same WAL, and
   * with nothing new it costs a glance at the WAL index.
   */
  checkpoint(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy (another process checkpoints): the next tick tries again.
    }
  }

  /** Runs fn in one IMMEDIATE transaction: a request is all-or-nothing and serialised across processes. */
  tx<T>(fn: () => T): T {
    this.writes++;
    try {
      return this.runner.immediate(fn) as T;
    } finally {
      this.writes++;
    }
  }

  /**
   * Counts this connection's writes (PRAGMA data_version only sees other connections'):
   * with it, what a GET reads before every request can be kept between requests.
   */
  writes = 0;

  /** Changes when another connection (another fc process) has committed; read inside a transaction, it is that snapshot's. */
  dataVersion(): number {
    return this.stmt('PRAGMA data_version').pluck().get() as number;
  }

  /**
   * Runs fn in a DEFERRED transaction: one consistent snapshot for a read, without
   * the write lock (WAL readers never wait for a writer). Should fn write after
   * all, SQLite takes the lock then.
   */
  read<T>(fn: () => T): T {
    return this.runner.deferred(fn) as T;
  }

  /** The store as one account sees it. */
  account(id: string): Store {
    let view = this.views.get(id);
    if (!view) {
      view = new Store(this, id);
      this.views.set(id, view);
    }
    return view;
  }

  /** The store as the account of this secret key sees it. */
  forKey(key: string): Store {
    return this.account(accountIdForKey(key));
  }

  /**
   * Off by default: every request written to the database grew it by ~87 MB per
   * million requests and cost a write transaction per GET. `fc sandbox serve
   * --log-requests` (FC_SANDBOX_LOG_REQUESTS=1) persists them; otherwise the last
   * REQUEST_RING stay in this process's memory.
   */
  persistRequests = false;
  /** A circular buffer: shifting a full 10,000-entry array on every request showed in profiles. */
  private readonly ring: RequestLogEntry[] = [];
  private ringNext = 0;

  logRequest(entry: {
    at: number;
    method: string;
    path: string;
    status: number;
    requestId: string;
    idempotencyKey?: string;
    fault?: string;
    account?: string;
  }): void {
    const row: RequestLogEntry = {
      account: entry.account ?? null,
      at: entry.at,
      method: entry.method,
      path: entry.path,
      status: entry.status,
      request_id: entry.requestId,
      idempotency_key: entry.idempotencyKey ?? null,
      fault: entry.fault ?? null,
    };
    if (this.ring.length < REQUEST_RING) this.ring.push(row);
    else this.ring[this.ringNext] = row;
    this.ringNext = (this.ringNext + 1) % REQUEST_RING;
    if (this.persistRequests) {
      this.stmt('INSERT INTO requests (at, method, path, status, request_id, idempotency_key, fault, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        row.at,
        row.method,
        row.path,
        row.status,
        row.request_id,
        row.idempotency_key,
        row.fault,
        row.account,
      );
    }
  }

  /**
   * Requests this sandbox received, oldest first (tests assert on it: "nothing was
   * sent"): the persisted log when there is one, else this process's recent ones.
   */
  requestLog(limit?: number, account?: string): RequestLogEntry[] {
    if (this.persistRequests) {
      const rows = (
        account === undefined
          ? this.stmt('SELECT at, method, path, status, request_id, idempotency_key, fault, account FROM requests ORDER BY seq DESC LIMIT ?').all(limit ?? -1)
          : this.stmt('SELECT at, method, path, status, request_id, idempotency_key, fault, account FROM requests WHERE account = ? ORDER BY seq DESC LIMIT ?').all(
              account,
              limit ?? -1,
            )
      ) as RequestLogEntry[];
      return rows.reverse();
    }
    const ordered = this.ring.length < REQUEST_RING ? this.ring : [...this.ring.slice(this.ringNext), ...this.ring.slice(0, this.ringNext)];
    const mine = account === undefined ? ordered : ordered.filter((r) => r.account === account);
    return limit === undefined ? [...mine] : mine.slice(-limit);
  }

  /** The earliest job of each account that has any (sandbox-clock ms; each account's clock is its own). */
  nextJobPerAccount(): { account: string; due: number }[] {
    return this.stmt('SELECT account, MIN(due_at) AS due FROM jobs GROUP BY account').all() as { account: string; due: number }[];
  }


  close(): void {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.db.close();
  }
}

/** One account's objects, idempotency keys, jobs and settings (its clock offset). */
export class Store {
  constructor(
    readonly sandbox: SandboxDb,
    readonly account: string,
  ) {}

  get db(): Database.Database {
    return this.sandbox.db;
  }

  private stmt(sql: string): Database.Statement {
    return this.sandbox.stmt(sql);
  }

  tx<T>(fn: () => T): T {
    return this.sandbox.tx(fn);
  }

  read<T>(fn: () => T): T {
    return this.sandbox.read(fn);
  }

  /** Deletes this account's rows of `type` sorted before `before` (events past Stripe's 30 days). Returns how many. */
  pruneOlderThan(type: string, before: number): number {
    return this.stmt('DELETE FROM objects WHERE account = ? AND type = ? AND sort < ?').run(this.account, type, before).changes;
  }

  insert<T>(obj: { id: string; type: string; parent?: string | null; sort: number; data: T }): T {
    this.stmt('INSERT INTO objects (account, id, type, parent, sort, data) VALUES (?, ?, ?, ?, ?, ?)').run(
      this.account,
      obj.id,
      obj.type,
      obj.parent ?? null,
      obj.sort,
      JSON.stringify(obj.data),
    );
    return obj.data;
  }

  /** Inserts many rows with one prepared statement (seeding large histories). */
  insertMany<T>(objs: Iterable<{ id: string; type: string; parent?: string | null; sort: number; data: T }>): number {
    const stmt = this.stmt('INSERT INTO objects (account, id, type, parent, sort, data) VALUES (?, ?, ?, ?, ?, ?)');
    let n = 0;
    for (const o of objs) {
      stmt.run(this.account, o.id, o.type, o.parent ?? null, o.sort, JSON.stringify(o.data));
      n++;
    }
    return n;
  }

  /** The stored JSON text of one object, unparsed (for a handler that answers it as it is). */
  getJson(type: string, id: string): string | undefined {
    const row = this.stmt('SELECT data FROM objects WHERE id = ? AND account = ? AND type = ?').get(id, this.account, type) as { data: string } | undefined;
    return row?.data;
  }

  get<T>(type: string, id: string): T | undefined {
    const row = this.stmt('SELECT data FROM objects WHERE id = ? AND account = ? AND type = ?').get(id, this.account, type) as
      | { data: string }
      | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  getRow<T>(id: string): StoredObject<T> | undefined {
    const row = this.stmt('SELECT * FROM objects WHERE id = ? AND account = ?').get(id, this.account) as Row | undefined;
    return row ? fromRow<T>(row) : undefined;
  }

  put<T>(type: string, id: string, data: T): T {
    const res = this.stmt('UPDATE objects SET data = ? WHERE id = ? AND account = ? AND type = ?').run(JSON.stringify(data), id, this.account, type);
    if (res.changes !== 1) throw new Error(`store: no ${type} ${id} to update`);
    return data;
  }

  delete(type: string, id: string): void {
    this.stmt('DELETE FROM objects WHERE id = ? AND account = ? AND type = ?').run(id, this.account, type);
  }

  /** Deletes every object of a type under one parent (an account's transactions before a reseed). */
  deleteChildren(type: string, parent: string): number {
    return this.stmt('DELETE FROM objects WHERE account = ? AND type = ? AND parent = ?').run(this.account, type, parent).changes;
  }

  all<T>(type: string, parent?: string | null): T[] {
    const rows = (
      parent === undefined
        ? this.stmt('SELECT data FROM objects WHERE account = ? AND type = ? ORDER BY sort DESC, seq DESC').all(this.account, type)
        : this.stmt('SELECT data FROM objects WHERE account = ? AND type = ? AND parent IS ? ORDER BY sort DESC, seq DESC').all(this.account, type, parent)
    ) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  count(type: string, parent?: string | null): number {
    const row = (
      parent === undefined
        ? this.stmt('SELECT COUNT(*) AS n FROM objects WHERE account = ? AND type = ?').get(this.account, type)
        : this.stmt('SELECT COUNT(*) AS n FROM objects WHERE account = ? AND type = ? AND parent IS ?').get(this.account, type, parent)
    ) as { n: number };
    return row.n;
  }

  /**
   * Newest-first keyset pagination over (sort, seq): every page is one index range
   * scan, so page 1,000 costs what page 1 costs. Returns undefined when a cursor id
   * does not exist in this list (the caller answers with resource_missing).
   */
  list<T>(q: ListQuery): ListPage<T> | undefined {
    const conds: string[] = ['account = ?', 'type = ?'];
    const params: unknown[] = [this.account, q.type];
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
      const cursor = this.stmt('SELECT sort, seq FROM objects WHERE id = ? AND account = ? AND type = ?').get(cursorId, this.account, q.type) as
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
    const rows = this.stmt(`SELECT data FROM objects WHERE ${conds.join(' AND ')} ORDER BY ${order} LIMIT ?`).all(...params, q.limit + 1) as {
      data: string;
    }[];
    const hasMore = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    if (ascending) page.reverse();
    return { data: page.map((r) => JSON.parse(r.data) as T), hasMore };
  }

  getIdempotency(key: string): IdempotencyRecord | undefined {
    const row = this.stmt('SELECT method, path, params_hash, status, body FROM idempotency WHERE scope = ? AND key = ?').get(this.account, key) as
      | { method: string; path: string; params_hash: string; status: number; body: string }
      | undefined;
    return row ? { method: row.method, path: row.path, paramsHash: row.params_hash, status: row.status, body: row.body } : undefined;
  }

  putIdempotency(key: string, rec: IdempotencyRecord, now: number): void {
    this.stmt(
      'INSERT OR REPLACE INTO idempotency (scope, key, method, path, params_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(this.account, key, rec.method, rec.path, rec.paramsHash, rec.status, rec.body, now);
  }

  /** Keys are kept 24 h of this account's clock. */
  pruneIdempotency(olderThan: number): void {
    this.stmt('DELETE FROM idempotency WHERE scope = ? AND created_at < ?').run(this.account, olderThan);
  }

  /** The requests made with this account's key (`/_sandbox/requests`). */
  requestLog(limit?: number): RequestLogEntry[] {
    return this.sandbox.requestLog(limit, this.account);
  }

  schedule(dueAt: number, kind: string, ref: string, payload: Record<string, unknown> = {}): void {
    this.sandbox.writes++;
    this.stmt('INSERT INTO jobs (account, due_at, kind, ref, payload) VALUES (?, ?, ?, ?, ?)').run(this.account, dueAt, kind, ref, JSON.stringify(payload));
  }

  /** Removes and returns this account's jobs due at or before `now`, oldest first. */
  takeDueJobs(now: number): Job[] {
    this.sandbox.writes++;
    const rows = this.stmt('SELECT * FROM jobs WHERE account = ? AND due_at <= ? ORDER BY due_at, id').all(this.account, now) as {
      id: number;
      due_at: number;
      kind: string;
      ref: string;
      payload: string;
    }[];
    if (rows.length === 0) return [];
    this.stmt('DELETE FROM jobs WHERE account = ? AND due_at <= ?').run(this.account, now);
    return rows.map((r) => ({ id: r.id, dueAt: r.due_at, kind: r.kind, ref: r.ref, payload: JSON.parse(r.payload) }));
  }

  /**
   * What a GET needs before it runs, in one statement: this account's next due job
   * and its clock offset (two SELECTs a request showed in profiles).
   */
  readState(): { nextDue: number | undefined; clockOffsetMs: number } {
    // Kept while neither this connection nor another has written: the query (an aggregate
    // over jobs) cost more than the rest of a GET's SQL together.
    const dataVersion = this.sandbox.dataVersion();
    const cached = this.stateCache;
    if (cached && cached.dataVersion === dataVersion && cached.writes === this.sandbox.writes) return cached.state;
    const state = this.queryState();
    this.stateCache = { dataVersion, writes: this.sandbox.writes, state };
    return state;
  }

  private stateCache: { dataVersion: number; writes: number; state: { nextDue: number | undefined; clockOffsetMs: number } } | undefined;

  private queryState(): { nextDue: number | undefined; clockOffsetMs: number } {
    const row = this.stmt(
      "SELECT (SELECT MIN(due_at) FROM jobs WHERE account = ?) AS due, (SELECT value FROM meta WHERE account = ? AND key = 'clock_offset_ms') AS offset",
    ).get(this.account, this.account) as { due: number | null; offset: string | null };
    return { nextDue: row.due ?? undefined, clockOffsetMs: Number(row.offset ?? 0) };
  }

  nextJobDue(): number | undefined {
    const row = this.stmt('SELECT MIN(due_at) AS due FROM jobs WHERE account = ?').get(this.account) as { due: number | null };
    return row.due ?? undefined;
  }

  getMeta(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM meta WHERE account = ? AND key = ?').get(this.account, key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.sandbox.writes++;
    this.stmt('INSERT OR REPLACE INTO meta (account, key, value) VALUES (?, ?, ?)').run(this.account, key, value);
  }

  /** Empties this account: its objects, keys, jobs and clock offset. Other accounts keep theirs. */
  reset(): void {
    this.sandbox.writes++;
    const wipe = () => {
      for (const t of ['objects', 'jobs', 'meta', 'webhook_outbox']) this.stmt(`DELETE FROM ${t} WHERE account = ?`).run(this.account);
      this.stmt('DELETE FROM idempotency WHERE scope = ?').run(this.account);
    };
    if (this.db.inTransaction) wipe();
    else this.tx(wipe);
  }
}
