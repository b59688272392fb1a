/**
 * Client-side pacing for every request fc sends, so commands that fan out
 * (exports, bulk refresh, `--all` listings, doctor) run at Stripe's rate limit
 * and no faster.
 *
 * Stripe allows 25 requests/s per account in test mode and in sandboxes, 100 in
 * live mode, and 25/s on any one endpoint by default; beyond that it answers 429.
 * Each endpoint (method + path with ids removed) has its own rate, starting at the
 * ceiling: a 429 halves it and holds the endpoint back for Retry-After, and every
 * success adds back 1/rate, so it climbs by about one request/s each second until
 * it reaches the ceiling again (AIMD, as TCP does). The whole client also stays
 * under the account-wide ceiling.
 *
 * Pacing is a GCRA (a token bucket kept as one "theoretical arrival time"): a
 * caller reserves its slot at once and sleeps until then, so waiters go in order
 * and a burst of half a second's worth goes out without waiting.
 */

export interface LimiterOptions {
  /** Requests per second for the whole client (Stripe's account-wide limit). */
  maxRps: number;
  /** Requests per second for one endpoint; defaults to min(maxRps, 25). */
  endpointRps?: number;
  /** How much of a second's allowance may go out at once (default 0.5). */
  burstSeconds?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Stripe's documented limits: the account-wide ceiling for a key, and the default per endpoint. */
export const STRIPE_ENDPOINT_RPS = 25;
export function defaultMaxRps(key: string): number {
  return /^(sk|rk)_live_/.test(key) ? 100 : 25;
}

/**
 * Any other server (the fc sandbox, stripe-mock, a proxy) is not paced until it
 * states a policy or answers 429: a local sandbox without limits serves an export
 * as fast as it can.
 */
export const UNLIMITED = Number.POSITIVE_INFINITY;

/**
 * Milliseconds on a monotonic clock. performance.now() is the same clock, but the first
 * use of `performance` loads perf_hooks: ~0.5 ms of every command's first request.
 */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

class Pace {
  /** Theoretical arrival time of the next request (ms, limiter clock). */
  private tat = 0;
  /** Until when the endpoint is held back after a 429. */
  heldUntil = -Infinity;
  constructor(
    public rate: number,
    public ceiling: number,
    private readonly burstSeconds: number,
  ) {}

  /** Reserves the next slot; returns when (ms) it may start. */
  reserve(now: number): number {
    const interval = 1000 / this.rate;
    const tolerance = Math.max(0, this.burstSeconds * 1000 - interval);
    const start = Math.max(now, this.tat - tolerance);
    this.tat = Math.max(this.tat, start) + interval;
    return start;
  }

  /** Nothing starts before `until`, and from then on at the (new) rate without a burst. */
  holdUntil(until: number): void {
    const tolerance = Math.max(0, this.burstSeconds * 1000 - 1000 / this.rate);
    this.tat = Math.max(this.tat, until + tolerance);
  }

  slowDown(): void {
    // Unpaced until now: start again from Stripe's own per-endpoint limit.
    this.rate = Number.isFinite(this.rate) ? Math.max(0.5, this.rate / 2) : STRIPE_ENDPOINT_RPS;
  }

  speedUp(): void {
    if (this.rate < this.ceiling) this.rate = Math.min(this.ceiling, this.rate + 1 / this.rate);
  }
}

/** `/v1/financial_connections/accounts/fca_123/refresh` → `/v1/financial_connections/accounts/:id/refresh`. */
export function endpointOf(method: string, path: string): string {
  const bare = path.split('?')[0]!;
  // An id is a prefix, `_`, and a body with a digit or a capital (`financial_connections` is not one).
  return `${method.toUpperCase()} ${bare.replace(/\/[a-z]+_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]+(?=\/|$)/g, '/:id')}`;
}

/** `RateLimit-Policy: 25;w=1` or `"default";q=25;w=1` → 25 requests/s; undefined when absent or unreadable. */
export function parseRateLimitPolicy(header: unknown): number | undefined {
  if (typeof header !== 'string') return undefined;
  const first = header.split(',')[0]!;
  const q = /(?:^|;)\s*q=(\d+(?:\.\d+)?)/.exec(first)?.[1] ?? /^\s*(\d+(?:\.\d+)?)\s*(?:;|$)/.exec(first)?.[1];
  const w = /;\s*w=(\d+(?:\.\d+)?)/.exec(first)?.[1] ?? '1';
  const rps = Number(q) / Number(w);
  return q !== undefined && Number.isFinite(rps) && rps > 0 ? rps : undefined;
}

export interface LimiterStats {
  requests: number;
  /** 429 answers seen (each was retried or surfaced by the caller). */
  rateLimited: number;
  /** Total time callers spent waiting for a slot (ms). */
  waitedMs: number;
}

export class AdaptiveLimiter {
  readonly maxRps: number;
  endpointRps: number;
  private readonly global: Pace;
  private readonly endpoints = new Map<string, Pace>();
  private readonly burstSeconds: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly stats: LimiterStats = { requests: 0, rateLimited: 0, waitedMs: 0 };

  constructor(opts: LimiterOptions) {
    this.maxRps = opts.maxRps;
    this.endpointRps = opts.endpointRps ?? (Number.isFinite(opts.maxRps) ? Math.min(opts.maxRps, STRIPE_ENDPOINT_RPS) : UNLIMITED);
    this.burstSeconds = opts.burstSeconds ?? 0.5;
    this.now = opts.now ?? monotonicMs;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.global = new Pace(this.maxRps, this.maxRps, this.burstSeconds);
  }

  private pace(endpoint: string): Pace {
    let p = this.endpoints.get(endpoint);
    if (!p) {
      p = new Pace(this.endpointRps, this.endpointRps, this.burstSeconds);
      this.endpoints.set(endpoint, p);
    }
    return p;
  }

  /**
   * A server that states its policy (the IETF `RateLimit-Policy` header, which the
   * fc sandbox sends when it limits) sets the ceiling for the whole client.
   */
  learn(rps: number): void {
    if (!(rps > 0) || rps === this.global.ceiling) return;
    this.global.ceiling = this.global.rate = rps;
    for (const p of this.endpoints.values()) p.ceiling = p.rate = rps;
    this.endpointRps = rps;
  }

  /** The current rate of an endpoint (requests/s). */
  rateOf(endpoint: string): number {
    return this.pace(endpoint).rate;
  }

  /** Waits for this endpoint's next slot (and the client's). */
  async acquire(endpoint: string): Promise<void> {
    const now = this.now();
    const start = Math.max(this.pace(endpoint).reserve(now), this.global.reserve(now));
    this.stats.requests++;
    const wait = start - now;
    if (wait > 0) {
      this.stats.waitedMs += wait;
      await this.sleep(wait);
    }
  }

  private readonly latency = new Map<string, number>();

  /** How long the server took to answer (ms, without the wait for a slot); an average of recent requests. */
  observeLatency(endpoint: string, ms: number): void {
    const prev = this.latency.get(endpoint);
    this.latency.set(endpoint, prev === undefined ? ms : prev * 0.8 + ms * 0.2);
  }

  latencyOf(endpoint: string): number | undefined {
    return this.latency.get(endpoint);
  }

  /** A 2xx-4xx answer other than 429: the endpoint may go a little faster. */
  succeeded(endpoint: string): void {
    this.pace(endpoint).speedUp();
  }

  /** A 429: halve the endpoint's rate and hold it back for `retryAfterMs`. */
  rateLimited(endpoint: string, retryAfterMs: number): void {
    this.stats.rateLimited++;
    const p = this.pace(endpoint);
    const now = this.now();
    // Requests already on their way when the first 429 came back answer 429 too: that is one signal, not several.
    if (now >= p.heldUntil) p.slowDown();
    p.heldUntil = Math.max(p.heldUntil, now + retryAfterMs);
    p.holdUntil(p.heldUntil);
  }
}
