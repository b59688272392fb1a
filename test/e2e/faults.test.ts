import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { useSandbox, type RunResult } from '../helpers/cli.js';
import { SANDBOX_KEY } from '../../src/api/target.js';

/**
 * Issue 6's reliability bar: 200 `fc pay` runs against a sandbox that fails 30% of
 * requests like a network would (500s, 429s, resets before and after processing,
 * slow answers; fixed seed) end with exactly 200 PaymentIntents, each confirmed at
 * most once. A run that ends with "outcome unknown" (exit 4) is re-run, as fc tells
 * its user to do, and must resume the same payment.
 */
const RUNS = 200;
// In-process runs cost little CPU: most of a run is stripe-node backing off between retries.
const PARALLEL = 25;
const SEED = 20261123;

describe('fc pay under injected faults', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  let customer: string;
  let account: string;

  beforeAll(async () => {
    env = await useSandbox(
      { refreshDelayMs: 0, settleDelayMs: 3_600_000 },
      { faults: { rate: 0.3, seed: SEED, kinds: ['500', '429', 'reset-before', 'reset-after', 'slow'], slowMs: 100 } },
    );
    // Set-up talks to the sandbox directly with generous retries: the faults are for fc pay.
    const stripe = new Stripe(SANDBOX_KEY, { host: env.sandbox.host, port: env.sandbox.port, protocol: 'http', maxNetworkRetries: 20 });
    const idem = (k: string) => ({ idempotencyKey: `setup-${k}` });
    customer = (await stripe.customers.create({ email: 'jenny@example.com', name: 'Jenny Rosen' }, idem('cus'))).id;
    const session = await stripe.financialConnections.sessions.create(
      { account_holder: { type: 'customer', customer }, permissions: ['payment_method', 'ownership'] },
      idem('sess'),
    );
    const done = (await stripe.rawRequest('POST', `/_sandbox/financial_connections/sessions/${session.id}/complete`, { accounts: ['checking'] })) as Stripe.FinancialConnections.Session;
    account = done.accounts.data[0]!.id;
  }, 60_000);
  afterAll(async () => env.stop());

  it(`${RUNS} runs with 30% faults: ${RUNS} PaymentIntents, none confirmed twice, none lost`, async () => {
    const attempts: number[] = new Array(RUNS).fill(0);
    const last: RunResult[] = [];
    const payOnce = async (i: number): Promise<void> => {
      const args = ['pay', '--account', account, '--customer', customer, '--amount', String(100 + i), '--mandate-ip', '71.183.194.54', '--name', 'Jenny Rosen', '--yes', '--no-wait', '--json'];
      for (;;) {
        attempts[i]!++;
        const r = await env.fc(args, { timeoutMs: 120_000 });
        last[i] = r;
        if (r.code === 0) return;
        // Only "outcome unknown / network" may be retried; anything else is a real failure.
        if (r.code !== 4 || attempts[i]! >= 10) return;
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < RUNS) await payOnce(next++);
      }),
    );

    // fc sends no key of its own to --api-base: every run used the default sandbox key's account.
    const store = env.sandbox.forKey(SANDBOX_KEY).store;
    const intents = store.all<Stripe.PaymentIntent>('payment_intent');
    const charges = store.all<Stripe.Charge>('charge');
    const perIntent = new Map<string, number>();
    for (const c of charges) perIntent.set(c.payment_intent as string, (perIntent.get(c.payment_intent as string) ?? 0) + 1);
    const log = env.sandbox.store.requestLog();
    const faults = log.filter((r) => r.fault).length;
    const reruns = attempts.reduce((a, b) => a + b, 0) - RUNS;
    const failed = last.filter((r) => r.code !== 0);
    // The counts a person reads when this test runs.
    console.log(
      `fault test: runs=${RUNS} reruns=${reruns} requests=${log.length} injected_faults=${faults} ` +
        `payment_intents=${intents.length} confirmed_intents=${perIntent.size} max_confirms_per_intent=${Math.max(...perIntent.values())} failed_runs=${failed.length}`,
    );
    expect(failed.map((r) => r.stderr)).toEqual([]);
    expect(faults).toBeGreaterThan(RUNS); // the faults really happened
    expect(intents).toHaveLength(RUNS);
    expect(new Set(intents.map((p) => p.amount)).size).toBe(RUNS);
    expect(perIntent.size).toBe(RUNS);
    expect(Math.max(...perIntent.values())).toBe(1);
    expect(intents.every((p) => p.status === 'processing')).toBe(true);
  }, 600_000);
});
