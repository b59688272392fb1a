import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  classifyStart,
  mapLimit,
  requestRefresh,
  waitForRefresh,
  type FcAccount,
  type RefreshState,
} from '../../../src/api/accounts.js';

/** A clock whose sleep moves time forward, so waiting takes no real time. */
function fakeClock(startMs = 1_767_225_600_000) {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleeper: {
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    sleeps,
    advance: (ms: number) => (now += ms),
    nowS: () => Math.floor(now / 1000),
  };
}

const T0 = 1_767_225_600;

function account(over: Partial<FcAccount> = {}): FcAccount {
  return {
    id: 'fca_1',
    object: 'financial_connections.account',
    account_holder: { type: 'customer', customer: 'cus_1' },
    account_numbers: null,
    balance: null,
    balance_refresh: null,
    category: 'cash',
    created: T0,
    display_name: 'Checking',
    institution_name: 'StripeBank',
    last4: '6789',
    livemode: false,
    ownership: null,
    ownership_refresh: null,
    permissions: ['balances', 'ownership', 'transactions'],
    status: 'active',
    subcategory: 'checking',
    subscriptions: [],
    supported_payment_method_types: ['us_bank_account'],
    transaction_refresh: null,
    ...over,
  };
}

const pending = (at: number): RefreshState => ({ status: 'pending', last_attempted_at: at, next_refresh_available_at: null });
const done = (status: 'succeeded' | 'failed', at: number, next: number | null = at + 60): RefreshState => ({
  status,
  last_attempted_at: at,
  next_refresh_available_at: next,
});

/** A stripe-node stand-in that answers retrieve from a script of accounts (the last one repeats). */
function scripted(retrieves: FcAccount[], refreshed?: FcAccount) {
  const calls: string[] = [];
  const stripe = {
    financialConnections: {
      accounts: {
        retrieve: async (id: string) => {
          calls.push(`retrieve ${id}`);
          return retrieves.length > 1 ? retrieves.shift()! : retrieves[0]!;
        },
        refresh: async (id: string, params: { features: string[] }) => {
          calls.push(`refresh ${id} ${params.features.join(',')}`);
          return refreshed!;
        },
      },
    },
  } as unknown as Stripe;
  return { stripe, calls };
}

describe('classifyStart', () => {
  it('tells a new attempt from a running one and from one refused as too early', () => {
    expect(classifyStart(null, pending(T0))).toBe('started');
    expect(classifyStart(done('succeeded', T0 - 100), pending(T0))).toBe('started');
    expect(classifyStart(pending(T0 - 5), pending(T0 - 5))).toBe('running');
    expect(classifyStart(done('succeeded', T0 - 5), done('succeeded', T0 - 5))).toBe('too_early');
    expect(classifyStart(done('failed', T0 - 5), done('failed', T0 - 5))).toBe('too_early');
    // Finished within the request itself: a different attempt, so it started.
    expect(classifyStart(done('succeeded', T0 - 100), done('succeeded', T0))).toBe('started');
    // Transaction refreshes carry ids: a new id is a new attempt even in the same second.
    expect(classifyStart({ ...done('succeeded', T0), id: 'fctxnref_a' }, { ...pending(T0), id: 'fctxnref_b' })).toBe('started');
    expect(classifyStart(null, null)).toBe('too_early');
  });
});

describe('requestRefresh + waitForRefresh', () => {
  it('polls with a growing interval until every feature has finished', async () => {
    const t = fakeClock();
    const before = account();
    const after = account({ balance_refresh: pending(T0), ownership_refresh: pending(T0) });
    const { stripe, calls } = scripted(
      [
        before,
        account({ balance_refresh: done('succeeded', T0), ownership_refresh: pending(T0) }),
        account({ balance_refresh: pending(T0), ownership_refresh: pending(T0) }),
        account({ balance_refresh: done('succeeded', T0), ownership_refresh: done('failed', T0) }),
      ],
      after,
    );
    const start = await requestRefresh(stripe, 'fca_1', ['balance', 'ownership']);
    expect(start.started).toEqual({ balance: 'started', ownership: 'started' });
    const progress: string[][] = [];
    const r = await waitForRefresh(stripe, 'fca_1', ['balance', 'ownership'], {
      timeoutMs: 60_000,
      clock: t.clock,
      sleeper: t.sleeper,
      start,
      onProgress: (p) => progress.push(p.pending),
    });
    expect(r.timedOut).toBe(false);
    expect(r.features.map((f) => [f.feature, f.status, f.tooEarly])).toEqual([
      ['balance', 'succeeded', false],
      ['ownership', 'failed', false],
    ]);
    expect(t.sleeps).toEqual([250, 375, 563]);
    expect(progress).toEqual([['balance', 'ownership'], ['ownership'], ['balance', 'ownership']]);
    expect(calls).toEqual(['retrieve fca_1', 'refresh fca_1 balance,ownership', 'retrieve fca_1', 'retrieve fca_1', 'retrieve fca_1']);
  });

  it('caps the poll interval and stops at the timeout with what is known', async () => {
    const t = fakeClock();
    const stuck = account({ transaction_refresh: { ...pending(T0), id: 'fctxnref_1' } });
    const { stripe } = scripted([stuck], stuck);
    const r = await waitForRefresh(stripe, 'fca_1', ['transactions'], { timeoutMs: 10_000, clock: t.clock, sleeper: t.sleeper, maxIntervalMs: 2_000 });
    expect(r.timedOut).toBe(true);
    expect(r.features[0]).toMatchObject({ feature: 'transactions', status: 'pending', tooEarly: false });
    expect(Math.max(...t.sleeps)).toBe(2_000);
    expect(t.sleeps.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(r.elapsedMs).toBe(10_000);
  });

  it('reports a refresh refused as too early with the time the next one is available', async () => {
    const t = fakeClock();
    const last = account({ balance_refresh: done('succeeded', T0 - 5, T0 + 55) });
    const { stripe, calls } = scripted([last], last);
    const start = await requestRefresh(stripe, 'fca_1', ['balance']);
    const r = await waitForRefresh(stripe, 'fca_1', ['balance'], { timeoutMs: 5_000, clock: t.clock, sleeper: t.sleeper, start });
    expect(r.features[0]).toEqual({
      feature: 'balance',
      status: 'succeeded',
      start: 'too_early',
      lastAttemptedAt: T0 - 5,
      nextRefreshAvailableAt: T0 + 55,
      tooEarly: true,
    });
    expect(t.sleeps).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('without a start, judges "too early" from next_refresh_available_at against the clock', async () => {
    const t = fakeClock();
    const { stripe } = scripted([account({ balance_refresh: done('failed', t.nowS() - 5, t.nowS() + 30) })]);
    const r = await waitForRefresh(stripe, 'fca_1', ['balance'], { timeoutMs: 5_000, clock: t.clock, sleeper: t.sleeper });
    expect(r.features[0]).toMatchObject({ status: 'failed', tooEarly: true });
    const { stripe: s2 } = scripted([account({ balance_refresh: done('failed', t.nowS() - 50, t.nowS() - 1) })]);
    const r2 = await waitForRefresh(s2, 'fca_1', ['balance'], { timeoutMs: 5_000, clock: t.clock, sleeper: t.sleeper });
    expect(r2.features[0]).toMatchObject({ status: 'failed', tooEarly: false });
  });
});

describe('mapLimit', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, x));
      active--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });
});
