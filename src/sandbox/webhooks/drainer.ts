import { DEFAULT_TIMEOUT_MS, deliver, eventPayload, type DeliveryResult } from '../../webhooks/deliver.js';
import type { StripeEvent } from '../events.js';
import type { SandboxDb } from '../store.js';
import { endpointForDelivery } from './endpoints.js';
import { claimDue, drop, LEASE_MARGIN_MS, markDelivered, markRetry, postpone, pruneDelivered, type OutboxRow } from './outbox.js';

export interface DrainerOptions {
  /** The whole database: the outbox holds every account's deliveries. */
  store: SandboxDb;
  /** Runs the sandbox's due jobs (refreshes finishing, payments settling), so their events go out on time with no request to trigger them. */
  runDueJobs: () => void;
  /** Whether any account has a job due on its sandbox clock. */
  jobsDue: () => boolean;
  /** First retry after this long, doubling each time (default 1 s, capped at an hour). */
  retryBaseMs?: number;
  /** How long a receiver has to answer (default 10 s). */
  timeoutMs?: number;
  /** How often to look for work (default 250 ms). */
  intervalMs?: number;
  onDelivery?: (d: { event: StripeEvent; endpoint: { id: string; url: string }; attempt: number; result: DeliveryResult; nextAt: number | null }) => void;
}

export interface Drainer {
  /** One pass: due jobs, then every due delivery. Resolves when those deliveries are done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_DELAY_MS = 3600_000;
/** Stripe retries an undelivered event for up to three days, then gives up. */
const GIVE_UP_AFTER_MS = 3 * 24 * 3600_000;

export function retryDelay(attempt: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Drains the webhook outbox from a long-lived process. Rows are leased in a
 * transaction before they are sent, so two processes serving one store never send
 * the same row at once, and a process killed mid-delivery leaves the row to be
 * sent again when its lease ends: at least once, as Stripe promises.
 */
export function startDrainer(opts: DrainerOptions): Drainer {
  const db = opts.store;
  const baseMs = opts.retryBaseMs ?? 1000;
  // A batch is delivered one row after another per endpoint, so the lease covers the whole batch's worst case.
  const BATCH = 5;
  const leaseMs = (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) * BATCH + LEASE_MARGIN_MS;
  let stopped = false;
  let running: Promise<void> | undefined;
  let lastPrune = 0;

  async function deliverRow(row: OutboxRow): Promise<void> {
    const store = db.account(row.account);
    const endpoint = endpointForDelivery(store, row.endpoint);
    const event = store.get<StripeEvent>('event', row.event);
    if (!endpoint || !event) {
      store.tx(() => drop(store, row.id));
      return;
    }
    if (endpoint.status !== 'enabled') {
      store.tx(() => postpone(store, row.id, Date.now() + 60_000));
      return;
    }
    const result = await deliver(endpoint.url, eventPayload(event), endpoint.secret, { timeoutMs: opts.timeoutMs });
    const attempt = row.attempts + 1;
    const now = Date.now();
    let nextAt: number | null = null;
    store.tx(() => {
      if (result.ok) {
        markDelivered(store, row.id, result.status!, now);
        if (row.counted) {
          const current = store.get<StripeEvent>('event', row.event);
          if (current && current.pending_webhooks > 0) store.put('event', current.id, { ...current, pending_webhooks: current.pending_webhooks - 1 });
        }
        return;
      }
      nextAt = now - row.created_at > GIVE_UP_AFTER_MS ? null : now + retryDelay(attempt, baseMs);
      markRetry(store, row.id, { status: result.status, error: result.error }, nextAt);
    });
    opts.onDelivery?.({ event, endpoint: { id: endpoint.id, url: endpoint.url }, attempt, result, nextAt });
  }

  async function pass(): Promise<void> {
    if (opts.jobsDue()) db.tx(opts.runDueJobs);
    const now = Date.now();
    if (now - lastPrune > 3600_000) {
      lastPrune = now;
      db.tx(() => pruneDelivered(db, now));
    }
    for (;;) {
      const rows = db.tx(() => claimDue(db, Date.now(), leaseMs, BATCH));
      if (rows.length === 0 || stopped) return;
      // One endpoint's deliveries go in order; different endpoints do not wait for each other.
      const byEndpoint = new Map<string, OutboxRow[]>();
      for (const r of rows) byEndpoint.set(r.endpoint, [...(byEndpoint.get(r.endpoint) ?? []), r]);
      await Promise.all(
        [...byEndpoint.values()].map(async (list) => {
          for (const r of list) {
            // Stopping: give unsent rows back now rather than when their lease ends.
            if (stopped) db.tx(() => postpone(db, r.id, r.next_at));
            else await deliverRow(r);
          }
        }),
      );
    }
  }

  function tick(): Promise<void> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (!stopped) tick().catch(() => undefined);
  }, opts.intervalMs ?? 250);
  timer.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
