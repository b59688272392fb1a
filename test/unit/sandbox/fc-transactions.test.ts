import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { advance, FC_KEY, keysOf, link, openSandbox, stripeError } from './fc-setup.js';

let sandbox: RunningSandbox;
let stripe: Stripe;
const DELAY = 1_000;
const COOLDOWN = 60_000;
const DAY_MS = 86_400_000;

const TRANSACTION_FIXTURE_KEYS = [
  'account', 'amount', 'currency', 'description', 'id', 'livemode', 'object', 'status', 'status_transitions', 'transacted_at',
  'transaction_refresh', 'updated',
];

beforeEach(async () => {
  ({ sandbox, stripe } = await openSandbox({ refreshDelayMs: DELAY, refreshCooldownMs: COOLDOWN }));
});
afterEach(async () => sandbox.close());

async function all(params: Stripe.FinancialConnections.TransactionListParams): Promise<Stripe.FinancialConnections.Transaction[]> {
  const out: Stripe.FinancialConnections.Transaction[] = [];
  for await (const t of stripe.financialConnections.transactions.list({ limit: 100, ...params })) out.push(t);
  return out;
}

async function checkingWithTransactions(how: 'subscribe' | 'refresh' = 'subscribe') {
  const { accounts } = await link(stripe, { accounts: ['checking'] });
  const account = accounts[0]!;
  const started =
    how === 'subscribe'
      ? await stripe.financialConnections.accounts.subscribe(account.id, { features: ['transactions'] })
      : await stripe.financialConnections.accounts.refresh(account.id, { features: ['transactions'] });
  advance(sandbox, DELAY);
  return { account, refresh: started.transaction_refresh! };
}

describe('transactions', () => {
  it('tells the user to refresh or subscribe before any successful transaction refresh', async () => {
    const { accounts } = await link(stripe, { accounts: ['checking'] });
    const err = await stripeError(stripe.financialConnections.transactions.list({ account: accounts[0]!.id }));
    expect([err.statusCode, err.code]).toEqual([400, 'financial_connections_no_successful_transaction_refresh']);
    expect(err.message).toMatch(/refresh.*transactions.*subscribe/s);
    const missing = await stripeError(stripe.financialConnections.transactions.list({ account: 'fca_nope' }));
    expect([missing.code, missing.param]).toEqual(['resource_missing', 'account']);
  });

  it('subscribe starts a refresh that stores ~180 days of realistic history', async () => {
    const { account, refresh } = await checkingWithTransactions();
    expect(refresh).toMatchObject({ id: expect.stringMatching(/^fctxnref_/), status: 'pending' });
    const a = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(a.subscriptions).toEqual(['transactions']);
    expect(a.transaction_refresh).toMatchObject({ id: refresh.id, status: 'succeeded' });

    const txns = await all({ account: account.id });
    expect(txns.length).toBeGreaterThan(200);
    expect(keysOf(txns[0]!)).toEqual(TRANSACTION_FIXTURE_KEYS);
    // Newest first, within 180 days, every one stamped with the refresh.
    const times = txns.map((t) => t.transacted_at);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const now = sandbox.forKey(FC_KEY).clock.now();
    expect(now - times[times.length - 1]!).toBeLessThanOrEqual(180 * 86_400);
    expect(now - times[times.length - 1]!).toBeGreaterThan(170 * 86_400);
    expect(new Set(txns.map((t) => t.transaction_refresh))).toEqual(new Set([refresh.id]));

    const payroll = txns.filter((t) => t.description === 'ACME CORP PAYROLL');
    expect(payroll.length).toBeGreaterThanOrEqual(12);
    expect(new Set(payroll.map((t) => t.amount))).toEqual(new Set([245_000]));
    const gaps = payroll.slice(1).map((t, i) => Math.round((payroll[i]!.transacted_at - t.transacted_at) / 86_400));
    expect(new Set(gaps)).toEqual(new Set([14]));
    for (const d of ['OAKWOOD APARTMENTS RENT', 'NETFLIX.COM', 'SPOTIFY USA', 'PG&E ENERGY BILL', 'CHASE CREDIT CRD AUTOPAY', 'ONLINE TRANSFER TO SAVINGS']) {
      expect(txns.some((t) => t.description === d), d).toBe(true);
    }
    expect(txns.some((t) => t.description === 'ATM WITHDRAWAL')).toBe(true);
    expect(txns.filter((t) => t.amount < 0).length).toBeGreaterThan(txns.length / 2);
    const statuses = new Set(txns.map((t) => t.status));
    expect(statuses).toEqual(new Set(['pending', 'posted', 'void']));
    for (const t of txns) {
      if (t.status === 'pending') {
        expect(now - t.transacted_at).toBeLessThan(3 * 86_400 + 2);
        expect(t.status_transitions).toEqual({ posted_at: null, void_at: null });
      }
      if (t.status === 'posted') expect(t.status_transitions.posted_at).toBeGreaterThan(t.transacted_at);
      if (t.status === 'void') expect(t.status_transitions.void_at).toBeGreaterThan(t.transacted_at);
    }
    const one = await stripe.financialConnections.transactions.retrieve(txns[5]!.id);
    expect(one).toEqual(txns[5]);
  });

  it('filters by transacted_at and pages without gaps or repeats', async () => {
    const { account } = await checkingWithTransactions();
    const everything = await all({ account: account.id });
    const mid = everything[Math.floor(everything.length / 2)]!.transacted_at;
    const older = await all({ account: account.id, transacted_at: { lt: mid } });
    const newer = await all({ account: account.id, transacted_at: { gte: mid } });
    expect([...newer, ...older].map((t) => t.id)).toEqual(everything.map((t) => t.id));
    const exact = await all({ account: account.id, transacted_at: mid });
    expect(exact.every((t) => t.transacted_at === mid)).toBe(true);
    const page = await stripe.financialConnections.transactions.list({ account: account.id, limit: 7 });
    expect(page.data.map((t) => t.id)).toEqual(everything.slice(0, 7).map((t) => t.id));
    expect(page.has_more).toBe(true);
    const back = await stripe.financialConnections.transactions.list({ account: account.id, limit: 3, ending_before: everything[7]!.id });
    expect(back.data.map((t) => t.id)).toEqual(everything.slice(4, 7).map((t) => t.id));
    const bad = await stripeError(stripe.financialConnections.transactions.list({ account: account.id, transacted_at: { after: 1 } as Stripe.RangeQueryParam }));
    expect(bad.param).toBe('transacted_at[after]');
  });

  it('later refreshes add new days and settle pending items, visible with the transaction_refresh after filter', async () => {
    const { account, refresh } = await checkingWithTransactions('refresh');
    const before = await all({ account: account.id });
    const pending = before.filter((t) => t.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    // Five days later every earlier pending item has settled.
    advance(sandbox, 5 * DAY_MS);
    const second = await stripe.financialConnections.accounts.refresh(account.id, { features: ['transactions'] });
    const secondId = second.transaction_refresh!.id;
    expect(secondId).not.toBe(refresh.id);
    advance(sandbox, DELAY);
    const changed = await all({ account: account.id, transaction_refresh: { after: refresh.id } });
    expect(changed.length).toBeGreaterThan(pending.length);
    expect(new Set(changed.map((t) => t.transaction_refresh))).toEqual(new Set([secondId]));
    for (const p of pending) {
      const now = changed.find((t) => t.id === p.id);
      expect(now, p.description).toBeDefined();
      expect(['posted', 'void']).toContain(now!.status);
      expect(now!.updated).toBeGreaterThan(p.updated);
    }
    const after = await all({ account: account.id });
    expect(new Set(after.map((t) => t.id)).size).toBe(after.length);
    expect(after.length).toBeGreaterThan(before.length);
    expect(await all({ account: account.id, transaction_refresh: { after: secondId } })).toEqual([]);
    const unknown = await stripeError(stripe.financialConnections.transactions.list({ account: account.id, transaction_refresh: { after: 'fctxnref_nope' } }));
    expect([unknown.code, unknown.param]).toEqual(['resource_missing', 'transaction_refresh[after]']);
  });

  it('a subscription refreshes daily on the sandbox clock until unsubscribed', async () => {
    const { account, refresh } = await checkingWithTransactions();
    advance(sandbox, DAY_MS);
    await stripe.financialConnections.accounts.retrieve(account.id); // runs the daily job, which starts a refresh
    advance(sandbox, DELAY);
    const a = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(a.transaction_refresh!.id).not.toBe(refresh.id);
    expect(a.transaction_refresh!.status).toBe('succeeded');
    const off = await stripe.financialConnections.accounts.unsubscribe(account.id, { features: ['transactions'] });
    expect(off.subscriptions).toEqual([]);
    advance(sandbox, 2 * DAY_MS);
    await stripe.financialConnections.accounts.retrieve(account.id);
    advance(sandbox, DELAY);
    expect((await stripe.financialConnections.accounts.retrieve(account.id)).transaction_refresh!.id).toBe(a.transaction_refresh!.id);
  });
});

describe('POST /_sandbox/financial_connections/accounts/:account/history', () => {
  it('replaces the history with N transactions that page by index range, without a prior refresh', async () => {
    const { accounts } = await link(stripe, { accounts: ['checking'] });
    const id = accounts[0]!.id;
    const res = (await stripe.rawRequest('POST', `/_sandbox/financial_connections/accounts/${id}/history`, { count: 100_000 })) as unknown as {
      object: string;
      account: string;
      count: number;
    };
    expect({ object: res.object, account: res.account, count: res.count }).toEqual({ object: 'sandbox.history', account: id, count: 100_000 });
    expect(sandbox.forKey(FC_KEY).store.count('financial_connections.transaction', id)).toBe(100_000);
    const a = await stripe.financialConnections.accounts.retrieve(id);
    expect(a.transaction_refresh!.status).toBe('succeeded');

    const first = await stripe.financialConnections.transactions.list({ account: id, limit: 100 });
    expect(first.data).toHaveLength(100);
    // Deep pages continue exactly where the last one ended: newest first, nothing twice, nothing skipped.
    // (What a deep page costs is measured by `npm run bench`, not here.)
    const seen = new Set(first.data.map((t) => t.id));
    let last = first.data[99]!;
    for (let i = 0; i < 20; i++) {
      const page = await stripe.financialConnections.transactions.list({ account: id, limit: 100, starting_after: last.id });
      expect(page.data).toHaveLength(100);
      for (const t of page.data) {
        expect(seen.has(t.id)).toBe(false);
        expect(t.transacted_at).toBeLessThanOrEqual(last.transacted_at);
        seen.add(t.id);
        last = t;
      }
    }
    expect(seen.size).toBe(2100);

    const err = await stripeError(stripe.rawRequest('POST', `/_sandbox/financial_connections/accounts/${id}/history`, { count: 1_000_001 }));
    expect(err.param).toBe('count');
  });

  it('needs the transactions permission', async () => {
    const { accounts } = await link(stripe, { accounts: ['checking'], permissions: ['balances'] });
    const err = await stripeError(stripe.rawRequest('POST', `/_sandbox/financial_connections/accounts/${accounts[0]!.id}/history`, { count: 10 }));
    expect([err.code, err.param]).toEqual([undefined, 'features']);
  });
});
