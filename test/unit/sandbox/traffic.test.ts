import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { parseLatency, parseRateLimit, RateLimiter, trafficFromEnv } from '../../../src/sandbox/wire/traffic.js';

describe('sandbox traffic settings', () => {
  it('parses latency as one value or a range, and the rate as requests per second', () => {
    expect(parseLatency('100')).toEqual({ minMs: 100, maxMs: 100 });
    expect(parseLatency('100-300')).toEqual({ minMs: 100, maxMs: 300 });
    expect(() => parseLatency('300-100')).toThrow(/low to high/);
    expect(() => parseLatency('fast')).toThrow(/milliseconds/);
    expect(parseRateLimit('25')).toBe(25);
    expect(parseRateLimit('0.5')).toBe(0.5);
    expect(() => parseRateLimit('0')).toThrow(/above 0/);
    expect(trafficFromEnv({ FC_SANDBOX_LATENCY: '5-10', FC_SANDBOX_RATE_LIMIT: '25' })).toEqual({ latency: { minMs: 5, maxMs: 10 }, rateLimit: 25 });
    expect(() => trafficFromEnv({ FC_SANDBOX_RATE_LIMIT: 'lots' })).toThrow(/FC_SANDBOX_RATE_LIMIT/);
  });

  it('allows one second of requests per key at once, then the rate', () => {
    let now = 0;
    const rl = new RateLimiter(4, () => now);
    expect([rl.take('a'), rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0, 0]);
    expect(rl.take('a')).toBeCloseTo(250);
    expect(rl.take('b')).toBe(0);
    now += 250;
    expect(rl.take('a')).toBe(0);
  });
});

describe('a rate-limited sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dbPath: ':memory:', traffic: { rateLimit: 2, latency: { minMs: 1, maxMs: 2 } } });
  });
  afterAll(() => sandbox.close());

  const get = (key: string) => fetch(`${sandbox.url}/v1/customers?limit=1`, { headers: { Authorization: `Bearer ${key}` } });

  it('answers 429 with Retry-After beyond the limit, per key, and states its policy', async () => {
    const answers = [await get('sk_test_a'), await get('sk_test_a'), await get('sk_test_a')];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('2;w=1');
    expect(answers[2]!.headers.get('retry-after')).toBe('1');
    const body = (await answers[2]!.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'rate_limit', type: 'invalid_request_error' });
    expect((await get('sk_test_b')).status).toBe(200);
  });
});
