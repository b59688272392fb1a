import type Database from 'better-sqlite3';
import type { Store } from '../store.js';

/** Anything that holds the database: the outbox spans accounts, so most of it works on ids alone. */
type Db = { db: Database.Database };

/**
 * The webhook outbox: one row per (event, endpoint) delivery, written in the same
 * transaction as the event, so a delivery is never lost and never invented. Only a
 * long-lived process (`fc sandbox serve`, `fc listen`) drains it; times here are
 * wall-clock milliseconds, since retries and signatures live in real time, not on
 * the sandbox clock that `fc sandbox advance` moves.
 */
export interface OutboxRow {
  id: number;
  /** The account (store scope) of the endpoint and the event. */
  account: string;
  endpoint: string;
  event: string;
  state: 'pending' | 'delivered' | 'failed';
  /** 1 when this delivery counts in the event's pending_webhooks (manual resends do not). */
  counted: number;
  attempts: number;
  created_at: number;
  next_at: number;
  last_status: number | null;
  last_error: string | null;
}

/** How long a claimed row stays reserved for the process delivering it (beyond the receiver's timeout) before another may try. */
export const LEASE_MARGIN_MS = 30_000;
/** Delivered rows are kept this long (for inspection), then pruned. */
const KEEP_DELIVERED_MS = 3 * 24 * 3600_000;

export function enqueue(store: Store, endpoint: string, event: string, nowMs: number, counted = true): void {
  store.db
    .prepare('INSERT INTO webhook_outbox (account, endpoint, event, counted, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(store.account, endpoint, event, counted ? 1 : 0, nowMs, nowMs);
}

/** Reserves up to `limit` due deliveries for this process; call inside a transaction. */
export function claimDue(store: Db, nowMs: number, leaseMs: number, limit = 50): OutboxRow[] {
  return store.db
    .prepare(
      `UPDATE webhook_outbox SET lease_until = ?
       WHERE id IN (SELECT id FROM webhook_outbox WHERE state = 'pending' AND next_at <= ? AND lease_until <= ? ORDER BY id LIMIT ?)
       RETURNING id, account, endpoint, event, state, counted, attempts, created_at, next_at, last_status, last_error`,
    )
    .all(nowMs + leaseMs, nowMs, nowMs, limit)
    .sort((a, b) => (a as OutboxRow).id - (b as OutboxRow).id) as OutboxRow[];
}

export function markDelivered(store: Db, id: number, status: number, nowMs: number): void {
  store.db
    .prepare("UPDATE webhook_outbox SET state = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL, lease_until = 0, next_at = ? WHERE id = ?")
    .run(status, nowMs, id);
}

export function markRetry(store: Db, id: number, outcome: { status: number | null; error: string | null }, nextAt: number | null): void {
  store.db
    .prepare('UPDATE webhook_outbox SET state = ?, attempts = attempts + 1, last_status = ?, last_error = ?, lease_until = 0, next_at = ? WHERE id = ?')
    .run(nextAt === null ? 'failed' : 'pending', outcome.status, outcome.error, nextAt ?? 0, id);
}

/** Drops the row without an attempt (endpoint or event gone). */
export function drop(store: Db, id: number): void {
  store.db.prepare('DELETE FROM webhook_outbox WHERE id = ?').run(id);
}

/** Postpones a row whose endpoint is disabled, without counting an attempt. */
export function postpone(store: Db, id: number, nextAt: number): void {
  store.db.prepare('UPDATE webhook_outbox SET lease_until = 0, next_at = ? WHERE id = ?').run(nextAt, id);
}

export function deleteForEndpoint(store: Db, endpoint: string): void {
  store.db.prepare('DELETE FROM webhook_outbox WHERE endpoint = ?').run(endpoint);
}

export function pruneDelivered(store: Db, nowMs: number): void {
  store.db.prepare("DELETE FROM webhook_outbox WHERE state = 'delivered' AND next_at < ?").run(nowMs - KEEP_DELIVERED_MS);
}

/** Every delivery of one event, oldest first. */
export function deliveriesOf(store: Db, event: string): OutboxRow[] {
  return store.db
    .prepare('SELECT id, account, endpoint, event, state, counted, attempts, created_at, next_at, last_status, last_error FROM webhook_outbox WHERE event = ? ORDER BY id')
    .all(event) as OutboxRow[];
}

/** This account's most recent deliveries (of one event, or all), newest first. */
export function recentDeliveries(store: Store, q: { event?: string; limit: number }): OutboxRow[] {
  const cols = 'id, account, endpoint, event, state, counted, attempts, created_at, next_at, last_status, last_error';
  return (
    q.event
      ? store.db.prepare(`SELECT ${cols} FROM webhook_outbox WHERE account = ? AND event = ? ORDER BY id DESC LIMIT ?`).all(store.account, q.event, q.limit)
      : store.db.prepare(`SELECT ${cols} FROM webhook_outbox WHERE account = ? ORDER BY id DESC LIMIT ?`).all(store.account, q.limit)
  ) as OutboxRow[];
}
