import { afterEach, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../../src/api/client.js';
import { FaultInjector, seededRandom } from '../../../src/sandbox/faults.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('fault injection', () => {
  it('is replayable: the same seed draws the same faults', () => {
    const draw = (seed: number) => {
      const f = new FaultInjector({ rate: 0.3, seed, kinds: ['500', '429', 'reset-before', 'reset-after', 'slow'], slowMs: 1 });
      return Array.from({ length: 200 }, () => f.draw() ?? '-').join(',');
    };
    expect(draw(42)).toBe(draw(42));
    expect(draw(42)).not.toBe(draw(43));
    const share = draw(42).split(',').filter((x) => x !== '-').length / 200;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it("fc's client rides out 429s with Retry-After that stripe-node would not retry", async () => {
    sandbox = await startSandbox({ dbPath: ':memory:', faults: { rate: 0.5, seed: 7, kinds: ['429'], slowMs: 1 } });
    const stripe = await createStripeClient({ key: 'sk_test_x', apiBase: new URL(sandbox.url), rateLimitRetries: 10 });
    for (let i = 0; i < 4; i++) await stripe.customers.create({ email: `r${i}@x.co` });
    const log = sandbox.store.requestLog();
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(sandbox.forKey('sk_test_x').store.count("customer")).toBe(4);
  }, 60_000);

  it('loses and doubles nothing under every fault kind, thanks to idempotency keys', async () => {
    sandbox = await startSandbox({
      dbPath: ':memory:',
      faults: { rate: 0.3, seed: 11, kinds: ['500', 'reset-before', 'reset-after', 'slow', '429'], slowMs: 20 },
    });
    const stripe = await createStripeClient({ key: 'sk_test_x', apiBase: new URL(sandbox.url), maxNetworkRetries: 10, rateLimitRetries: 10 });
    for (let i = 0; i < 30; i++) await stripe.customers.create({ email: `f${i}@x.co` });
    const faults = sandbox.store.requestLog().filter((r) => r.fault);
    expect(new Set(faults.map((f) => f.fault)).size).toBeGreaterThanOrEqual(4);
    // reset-after means the create ran but the client never heard: the retry must replay, not create again.
    expect(faults.some((f) => f.fault === 'reset-after')).toBe(true);
    expect(sandbox.forKey('sk_test_x').store.count('customer')).toBe(30);
  }, 120_000);
});
