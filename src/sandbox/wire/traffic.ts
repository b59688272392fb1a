/**
 * The first two stages of the sandbox request path: added latency and a rate
 * limit, so work against the sandbox waits the way it waits against Stripe
 * (test mode: 25 requests/s, 100-300 ms a call). Both are off unless asked for.
 */

export interface Latency {
  minMs: number;
  maxMs: number;
}

export interface TrafficSettings {
  /** Added before each API request is answered; a range draws uniformly from it. */
  latency?: Latency;
  /** Requests per second per API key; beyond it, 429 with Retry-After. */
  rateLimit?: number;
}

/** `100` or `100-300` (milliseconds) → a latency range; throws a sentence naming the problem. */
export function parseLatency(value: string): Latency {
  const m = /^\s*(\d{1,6})(?:\s*-\s*(\d{1,6}))?\s*(?:ms)?\s*$/.exec(value);
  if (!m) throw new Error(`must be milliseconds like 100 or a range like 100-300, got "${value.slice(0, 20)}"`);
  const minMs = Number(m[1]);
  const maxMs = m[2] !== undefined ? Number(m[2]) : minMs;
  if (maxMs < minMs) throw new Error(`range must go from low to high, got "${value.slice(0, 20)}"`);
  if (maxMs > 60_000) throw new Error('must be at most 60000 ms');
  return { minMs, maxMs };
}

/** A positive number of requests per second (fractions allowed: 0.5 is one every 2 s). */
export function parseRateLimit(value: string): number {
  const n = Number(value.trim());
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !Number.isFinite(n) || n <= 0 || n > 100_000) {
    throw new Error(`must be requests per second above 0, like 25, got "${value.slice(0, 20)}"`);
  }
  return n;
}

/** FC_SANDBOX_LATENCY=100-300, FC_SANDBOX_RATE_LIMIT=25 (for the embedded sandbox and `serve` alike). */
export function trafficFromEnv(env: NodeJS.ProcessEnv): TrafficSettings {
  const out: TrafficSettings = {};
  if (env.FC_SANDBOX_LATENCY) {
    try {
      out.latency = parseLatency(env.FC_SANDBOX_LATENCY);
    } catch (e) {
      throw new Error(`FC_SANDBOX_LATENCY ${(e as Error).message}`);
    }
  }
  if (env.FC_SANDBOX_RATE_LIMIT) {
    try {
      out.rateLimit = parseRateLimit(env.FC_SANDBOX_RATE_LIMIT);
    } catch (e) {
      throw new Error(`FC_SANDBOX_RATE_LIMIT ${(e as Error).message}`);
    }
  }
  return out;
}

export function drawLatency(l: Latency | undefined, random: () => number = Math.random): number {
  if (!l) return 0;
  return l.minMs + (l.maxMs - l.minMs) * random();
}

/**
 * A token bucket per API key: `rate` tokens a second, holding at most one
 * second's worth, so a client pacing itself at the rate never sees a 429 while
 * one that bursts beyond it does. `take` returns 0 when the request may proceed,
 * else how many ms until it would have.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(key: string): number {
    const t = this.now();
    const cap = Math.max(1, this.rate);
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: cap, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(cap, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return ((1 - b.tokens) / this.rate) * 1000;
  }
}
