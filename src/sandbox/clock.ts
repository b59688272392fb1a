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

  offsetMs(): number {
    return Number(this.store.getMeta('clock_offset_ms') ?? 0);
  }

  nowMs(): number {
    return this.base.nowMs() + this.offsetMs();
  }

  /** Unix seconds, as Stripe's API reports time. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(ms: number): void {
    this.store.setMeta('clock_offset_ms', String(this.offsetMs() + ms));
  }
}
