import type { Store } from './store.js';

/**
 * The sandbox's time: a base clock (real time, or a test's) plus the offset that
 * `fc sandbox advance` keeps in the store, so every process sharing the store
 * sees the same "now".
 */
export interface BaseClock {
  nowMs(): number;
}

export const systemClock: BaseClock = { nowMs: () => Date.now() };

export class SandboxClock {
  constructor(
    private readonly store: Store,
    private readonly base: BaseClock = systemClock,
  ) {}

  /** Set while one request runs: its handlers read the clock many times, the offset once. */
  private pinned: number | undefined;

  offsetMs(): number {
    return this.pinned ?? Number(this.store.getMeta('clock_offset_ms') ?? 0);
  }

  /** Runs fn with the offset read once (another process may move the clock between requests, not within one). */
  pin<T>(fn: () => T, offsetMs?: number): T {
    if (this.pinned !== undefined) return fn();
    // The caller may have read the offset already, with other things, in the same transaction.
    this.pinned = offsetMs ?? Number(this.store.getMeta('clock_offset_ms') ?? 0);
    try {
      return fn();
    } finally {
      this.pinned = undefined;
    }
  }

  nowMs(): number {
    return this.base.nowMs() + this.offsetMs();
  }

  /** Unix seconds, as Stripe's API reports time. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(ms: number): void {
    const next = this.offsetMs() + ms;
    if (this.pinned !== undefined) this.pinned = next;
    this.store.setMeta('clock_offset_ms', String(next));
  }
}
