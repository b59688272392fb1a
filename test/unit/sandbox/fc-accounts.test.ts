import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { advance, keysOf, link, openSandbox, stripeError } from './fc-setup.js';

let sandbox: RunningSandbox;
let stripe: Stripe;
const DELAY = 1_000;
const COOLDOWN = 60_000;

const OWNER_FIXTURE_KEYS = ['email', 'id', 'name', 'object', 'ownership', 'phone', 'raw_address', 'refreshed_at'];
const OWNERSHIP_FIXTURE_KEYS = ['created', 'id', 'object', 'owners'];

beforeEach(async () => {
  ({ sandbox, stripe } = await openSandbox({ refreshDelayMs: DELAY, refreshCooldownMs: COOLDOWN }));
});
afterEach(async () => sandbox.close());

async function one(key: string, opts: Parameters<typeof link>[1] = {}) {
  const { accounts, customer, session } = await link(stripe, { accounts: [key], ...opts });
  return { account: accounts[0]!, customer, session };
}

describe('refresh lifecycle', () => {
  it('goes null → pending → succeeded on the sandbox clock, fills the balance and sends an event', async () => {
    const { account } = await one('checking');
    expect(account.balance_refresh).toBeNull();
    const started = await stripe.financialConnections.accounts.refresh(account.id, { features: ['balance'] });
    const t0 = started.balance_refresh!.last_attempted_at;
    expect(started.balance_refresh).toEqual({ status: 'pending', last_attempted_at: t0, next_refresh_available_at: null });
    expect((await stripe.financialConnections.accounts.retrieve(account.id)).balance_refresh!.status).toBe('pending');
    advance(sandbox, DELAY);
    const done = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(done.balance_refresh!.status).toBe('succeeded');
    expect(done.balance_refresh!.next_refresh_available_at).toBe(t0 + (DELAY + COOLDOWN) / 1000);
    expect(done.balance).toEqual({
      as_of: t0 + DELAY / 1000,
      type: 'cash',
      current: { usd: 1_184_632 },
      cash: { available: { usd: 1_159_632 } },
    });
    const events = await stripe.events.list({ type: 'financial_connections.account.refreshed_balance' });
    expect(events.data).toHaveLength(1);
    expect((events.data[0]!.data.object as Stripe.FinancialConnections.Account).balance_refresh!.status).toBe('succeeded');
  });

  it('returns the account unchanged while pending or cooling down, and refreshes again after the cooldown', async () => {
    const { account } = await one('checking');
    const first = await stripe.financialConnections.accounts.refresh(account.id, { features: ['balance'] });
    advance(sandbox, 200);
    const whilePending = await stripe.financialConnections.accounts.refresh(account.id, { features: ['balance'] });
    expect(whilePending.balance_refresh).toEqual(first.balance_refresh);
    advance(sandbox, DELAY);
    const settled = await stripe.financialConnections.accounts.retrieve(account.id);
    const early = await stripe.financialConnections.accounts.refresh(account.id, { features: ['balance'] });
    expect(early.balance_refresh).toEqual(settled.balance_refresh);
    advance(sandbox, COOLDOWN);
    const again = await stripe.financialConnections.accounts.refresh(account.id, { features: ['balance'] });
    expect(again.balance_refresh!.status).toBe('pending');
    expect(again.balance_refresh!.last_attempted_at).toBeGreaterThan(first.balance_refresh!.last_attempted_at);
  });

  it('credit balances report used', async () => {
    const { account } = await one('credit_card', { prefetch: ['balances'] });
    advance(sandbox, DELAY);
    const a = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(a.balance).toMatchObject({ type: 'credit', current: { usd: -123_218 }, credit: { used: { usd: 123_218 } } });
  });

  it('ends failed for the refresh_fails account, still with an event', async () => {
    const { account } = await one('refresh_fails');
    await stripe.financialConnections.accounts.refresh(account.id, { features: ['balance', 'ownership', 'transactions'] });
    advance(sandbox, DELAY);
    const a = await stripe.financialConnections.accounts.retrieve(account.id);
    expect([a.balance_refresh!.status, a.ownership_refresh!.status, a.transaction_refresh!.status]).toEqual(['failed', 'failed', 'failed']);
    expect(a.balance).toBeNull();
    expect(a.ownership).toBeNull();
    const events = await stripe.events.list({ type: 'financial_connections.account.*' });
    expect(events.data.map((e) => e.type).sort()).toEqual([
      'financial_connections.account.created',
      'financial_connections.account.refreshed_balance',
      'financial_connections.account.refreshed_ownership',
      'financial_connections.account.refreshed_transactions',
    ]);
  });

  it('rejects features without their permission, bad features, and inactive accounts', async () => {
    const { account } = await one('checking', { permissions: ['balances', 'payment_method'] });
    const noPerm = await stripeError(stripe.financialConnections.accounts.refresh(account.id, { features: ['balance', 'ownership'] }));
    expect([noPerm.statusCode, noPerm.code, noPerm.param]).toEqual([400, undefined, 'features']);
    expect(noPerm.message).toMatch(/without the 'ownership' permission/);
    // Nothing started: the request is all or nothing.
    expect((await stripe.financialConnections.accounts.retrieve(account.id)).balance_refresh).toBeNull();
    const bad = await stripeError(stripe.financialConnections.accounts.refresh(account.id, { features: ['balances'] }));
    expect([bad.code, bad.param]).toEqual([undefined, 'features[0]']);
    const none = await stripeError(stripe.financialConnections.accounts.refresh(account.id, {} as Stripe.FinancialConnections.AccountRefreshParams));
    expect([none.code, none.param]).toEqual(['parameter_missing', 'features']);
    const sub = await stripeError(stripe.financialConnections.accounts.subscribe(account.id, { features: ['transactions'] }));
    expect([sub.code, sub.param]).toEqual([undefined, 'features']);

    const gone = await stripe.financialConnections.accounts.disconnect(account.id);
    expect(gone.status).toBe('disconnected');
    const inactive = await stripeError(stripe.financialConnections.accounts.refresh(account.id, { features: ['balance'] }));
    expect([inactive.statusCode, inactive.code]).toEqual([400, 'financial_connections_account_inactive']);
    const events = await stripe.events.list({ type: 'financial_connections.account.disconnected' });
    expect(events.data).toHaveLength(1);
    const missing = await stripeError(stripe.financialConnections.accounts.retrieve('fca_nope'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'resource_missing']);
  });
});

describe('ownership', () => {
  it('makes a new ownership per refresh; the joint account has two owners', async () => {
    const { account } = await one('joint', { prefetch: ['ownership'] });
    advance(sandbox, DELAY);
    const a = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(a.ownership).toMatch(/^fcaowns_/);
    const owners = await stripe.financialConnections.accounts.listOwners(account.id, { ownership: a.ownership as string });
    expect(owners.data.map((o) => o.name)).toEqual(['Jenny Rosen', 'Mateo Rosen']);
    expect(keysOf(owners.data[0]!)).toEqual(OWNER_FIXTURE_KEYS);
    expect(owners.data[0]).toMatchObject({
      id: expect.stringMatching(/^fcaown_/),
      object: 'financial_connections.account_owner',
      ownership: a.ownership,
      email: 'jenny.rosen@example.com',
      phone: '+1 415-555-0142',
      raw_address: '510 Townsend St, San Francisco, CA 94103, US',
    });
    const expanded = await stripe.financialConnections.accounts.retrieve(account.id, { expand: ['ownership'] });
    const ownership = expanded.ownership as Stripe.FinancialConnections.AccountOwnership;
    expect(keysOf(ownership)).toEqual(OWNERSHIP_FIXTURE_KEYS);
    expect(ownership.owners.data).toHaveLength(2);

    advance(sandbox, COOLDOWN);
    await stripe.financialConnections.accounts.refresh(account.id, { features: ['ownership'] });
    advance(sandbox, DELAY);
    const b = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(b.ownership).not.toBe(a.ownership);
    const wrong = await stripeError(stripe.financialConnections.accounts.listOwners(account.id, { ownership: 'fcaowns_nope' }));
    expect([wrong.code, wrong.param]).toEqual(['resource_missing', 'ownership']);
  });

  it('the no_ownership account has an ownership without owners', async () => {
    const { account } = await one('no_ownership', { prefetch: ['ownership'] });
    advance(sandbox, DELAY);
    const a = await stripe.financialConnections.accounts.retrieve(account.id);
    expect(a.ownership_refresh!.status).toBe('succeeded');
    const owners = await stripe.financialConnections.accounts.listOwners(account.id, { ownership: a.ownership as string });
    expect(owners.data).toEqual([]);
  });
});

describe('listing accounts', () => {
  it('filters by customer, customer_account or session, which are exclusive', async () => {
    const a = await link(stripe, { accounts: ['checking', 'savings', 'joint'] });
    const b = await link(stripe, { accounts: ['savings'] });
    const byCustomer = await stripe.financialConnections.accounts.list({ account_holder: { customer: a.customer }, limit: 2 });
    expect(byCustomer.data).toHaveLength(2);
    expect(byCustomer.has_more).toBe(true);
    const all: string[] = [];
    for await (const acc of stripe.financialConnections.accounts.list({ account_holder: { customer: a.customer }, limit: 1 })) all.push(acc.id);
    expect(all.sort()).toEqual(a.accounts.map((x) => x.id).sort());
    const bySession = await stripe.financialConnections.accounts.list({ session: b.session.id });
    expect(bySession.data.map((x) => x.id)).toEqual([b.accounts[0]!.id]);
    const both = await stripeError(stripe.financialConnections.accounts.list({ session: b.session.id, account_holder: { customer: a.customer } }));
    expect(both.code).toBe('parameters_exclusive');
    const noCustomer = await stripeError(stripe.financialConnections.accounts.list({ account_holder: { customer: 'cus_nope' } }));
    expect([noCustomer.code, noCustomer.param]).toEqual(['resource_missing', 'account_holder[customer]']);

    const v2 = (await stripe.rawRequest('POST', '/v2/core/accounts', { configuration: { customer: {} } })) as unknown as { id: string };
    const s = await stripe.financialConnections.sessions.create({ account_holder: { type: 'customer', customer_account: v2.id }, permissions: ['balances'] });
    await stripe.rawRequest('POST', `/_sandbox/financial_connections/sessions/${s.id}/complete`, { accounts: ['checking'] });
    const byV2 = await stripe.financialConnections.accounts.list({ account_holder: { customer_account: v2.id } });
    expect(byV2.data.map((x) => x.account_holder)).toEqual([{ type: 'customer', customer_account: v2.id }]);
  });
});
