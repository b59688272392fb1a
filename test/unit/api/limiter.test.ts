import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter, endpointOf, parseRateLimitPolicy, UNLIMITED } from '../../../src/api/limiter.js';

/** A limiter on a fake clock: sleeping moves the clock, so a schedule can be read off exactly. */
function fakeLimiter(opts: { maxRps: number; endpointRps?: number }) {
  let now = 0;
  const limiter = new AdaptiveLimiter({
    ...opts,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  return {
    limiter,
    now: () => now,
    /** Acquires one by one and returns when each was allowed to start. */
    async starts(endpoint: string, n: number) {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        await limiter.acquire(endpoint);
        out.push(now);
      }
      return out;
    },
  };
}

describe('AdaptiveLimiter', () => {
  it('lets half a second of requests go at once, then paces at the rate', async () => {
    const f = fakeLimiter({ maxRps: 10 });
    const starts = await f.starts('GET /v1/x', 12);
    // 10/s with a 0.5 s burst: 5 at t=0, then one every 100 ms.
    expect(starts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(starts.slice(5).map((t) => Math.round(t))).toEqual([100, 200, 300, 400, 500, 600, 700]);
  });

  it('paces each endpoint at 25/s by default while the client may do more in total', async () => {
    const f = fakeLimiter({ maxRps: 100 });
    const a = await f.starts('GET /v1/a', 40);
    // 40 requests at 25/s (12 in the burst) take a little over a second.
    expect(a.at(-1)! / 1000).toBeCloseTo((40 - 13) / 25, 1);
  });

  it('halves an endpoint on a 429, holds it for Retry-After, and climbs back', async () => {
    const f = fakeLimiter({ maxRps: 20 });
    await f.starts('GET /v1/a', 3);
    f.limiter.rateLimited('GET /v1/a', 1000);
    expect(f.limiter.rateOf('GET /v1/a')).toBe(10);
    // A second 429 from a request already under way is the same signal: no second halving.
    f.limiter.rateLimited('GET /v1/a', 1000);
    expect(f.limiter.rateOf('GET /v1/a')).toBe(10);
    const before = f.now();
    await f.limiter.acquire('GET /v1/a');
    expect(f.now() - before).toBeGreaterThanOrEqual(1000);
    for (let i = 0; i < 500; i++) f.limiter.succeeded('GET /v1/a');
    expect(f.limiter.rateOf('GET /v1/a')).toBe(20);
    // Other endpoints were never slowed.
    expect(f.limiter.rateOf('GET /v1/b')).toBe(20);
  });

  it('does not pace an unknown server until it states a policy or answers 429', async () => {
    const f = fakeLimiter({ maxRps: UNLIMITED });
    expect(await f.starts('GET /v1/a', 50)).toEqual(new Array(50).fill(0));
    f.limiter.learn(parseRateLimitPolicy('25;w=1')!);
    expect(f.limiter.rateOf('GET /v1/a')).toBe(25);
    const g = fakeLimiter({ maxRps: UNLIMITED });
    g.limiter.rateLimited('GET /v1/a', 1000);
    expect(g.limiter.rateOf('GET /v1/a')).toBe(25);
  });
});

describe('endpointOf and parseRateLimitPolicy', () => {
  it('names an endpoint without its ids or query', () => {
    expect(endpointOf('post', '/v1/financial_connections/accounts/fca_1Ab/refresh')).toBe('POST /v1/financial_connections/accounts/:id/refresh');
    expect(endpointOf('GET', '/v1/financial_connections/transactions?account=fca_1&limit=100')).toBe('GET /v1/financial_connections/transactions');
  });

  it('reads both forms of the IETF header and ignores nonsense', () => {
    expect(parseRateLimitPolicy('25;w=1')).toBe(25);
    expect(parseRateLimitPolicy('"default";q=100;w=10')).toBe(10);
    expect(parseRateLimitPolicy('oops')).toBeUndefined();
    expect(parseRateLimitPolicy(undefined)).toBeUndefined();
    expect(parseRateLimitPolicy('0;w=1')).toBeUndefined();
  });
});

describe('--max-rps', () => {
  it('takes a positive number of requests per second and names the flag otherwise', async () => {
    const { parseMaxRps } = await import('../../../src/context.js');
    expect(parseMaxRps('25', '--max-rps')).toBe(25);
    expect(parseMaxRps('0.5', '--max-rps')).toBe(0.5);
    expect(parseMaxRps(undefined, 'FC_MAX_RPS')).toBeUndefined();
    expect(() => parseMaxRps('0', '--max-rps')).toThrow(/--max-rps must be a number of requests per second above 0/);
    expect(() => parseMaxRps('fast', 'FC_MAX_RPS')).toThrow(/FC_MAX_RPS/);
  });

  it('caps every endpoint at the given rate when set by the user', async () => {
    let now = 0;
    const limiter = new AdaptiveLimiter({ maxRps: 4, endpointRps: 4, now: () => now, sleep: async (ms) => void (now += ms) });
    for (let i = 0; i < 10; i++) await limiter.acquire('GET /v1/a');
    // 2 in the half-second burst, then one every 250 ms.
    expect(now).toBe(2000);
  });
});
