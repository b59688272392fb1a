import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { getAccountMeta } from '../../../src/sandbox/bank/meta.js';
import { FC_KEY, keysOf, link, openSandbox, stripeError } from './fc-setup.js';

let sandbox: RunningSandbox;
let stripe: Stripe;
let customer: string;

/** Field names of the official samples (fixtures3.json, see /work/shared/stripe/fixtures.json). */
const SESSION_FIXTURE_KEYS = ['account_holder', 'accounts', 'client_secret', 'id', 'livemode', 'object', 'permissions', 'prefetch'];
const ACCOUNT_FIXTURE_KEYS = [
  'account_holder', 'account_numbers', 'balance', 'balance_refresh', 'category', 'created', 'display_name', 'id', 'institution_name', 'last4',
  'livemode', 'object', 'ownership', 'ownership_refresh', 'permissions', 'status', 'subcategory', 'subscriptions',
  'supported_payment_method_types', 'transaction_refresh',
];

beforeEach(async () => {
  ({ sandbox, stripe } = await openSandbox());
  customer = (await stripe.customers.create({ email: 'jenny.rosen@example.com' })).id;
});
afterEach(async () => sandbox.close());

function complete(session: string, params: Record<string, unknown> = {}) {
  return stripe.rawRequest('POST', `/_sandbox/financial_connections/sessions/${session}/complete`, params) as unknown as Promise<Stripe.FinancialConnections.Session>;
}

describe('creating a session', () => {
  it('returns a Stripe-shaped session with a client secret and no accounts yet', async () => {
    const s = await stripe.financialConnections.sessions.create({
      account_holder: { type: 'customer', customer },
      permissions: ['balances', 'payment_method'],
      prefetch: ['balances'],
    });
    expect(s.id).toMatch(/^fcsess_/);
    expect(s.client_secret).toMatch(new RegExp(`^${s.id}_secret_[A-Za-z0-9]+$`));
    expect(keysOf(s)).toEqual(SESSION_FIXTURE_KEYS);
    expect(s.account_holder).toEqual({ type: 'customer', customer });
    expect(s.accounts).toEqual({ object: 'list', data: [], has_more: false, url: '/v1/financial_connections/accounts' });
    expect(s.prefetch).toEqual(['balances']);
    expect(await stripe.financialConnections.sessions.retrieve(s.id)).toEqual(s);
  });

  it('accepts a v2 account as customer_account and echoes filters, limits and return_url', async () => {
    const acct = (await stripe.rawRequest('POST', '/v2/core/accounts', { configuration: { customer: {} } })) as unknown as { id: string };
    const s = await stripe.financialConnections.sessions.create({
      account_holder: { type: 'customer', customer_account: acct.id },
      permissions: ['transactions'],
      filters: { country: 'us', account_subcategories: ['checking'] },
      limits: { accounts: 2 },
      return_url: 'https://example.com/done',
    });
    expect(s.account_holder).toEqual({ type: 'customer', customer_account: acct.id });
    expect(s.filters).toEqual({ country: 'US', account_subcategories: ['checking'] });
    expect(s.limits).toEqual({ accounts: 2 });
    expect(s.return_url).toBe('https://example.com/done');
  });

  it.each([
    ['no account_holder', { permissions: ['balances'] }, 'parameter_missing', 'account_holder'],
    ['neither customer nor customer_account', { account_holder: { type: 'customer' }, permissions: ['balances'] }, 'parameter_missing', 'account_holder[customer]'],
    ['both customer and customer_account', { account_holder: { type: 'customer', customer: 'CUS', customer_account: 'acct_1' }, permissions: ['balances'] }, 'parameters_exclusive', 'account_holder[customer_account]'],
    ['a bad account_holder type', { account_holder: { type: 'person', customer: 'CUS' }, permissions: ['balances'] }, undefined, 'account_holder[type]'],
    ['no permissions', { account_holder: { type: 'customer', customer: 'CUS' } }, 'parameter_missing', 'permissions'],
    ['empty permissions', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: '' }, 'parameter_invalid_empty', 'permissions'],
    ['an unknown permission', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances', 'bogus'] }, undefined, 'permissions[1]'],
    ['an unknown prefetch', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], prefetch: ['balance'] }, undefined, 'prefetch[0]'],
    ['prefetch without its permission', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], prefetch: ['balances', 'transactions'] }, undefined, 'prefetch[1]'],
    ['a bad subcategory filter', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], filters: { account_subcategories: ['checking', 'brokerage'] } }, undefined, 'filters[account_subcategories][1]'],
    ['a bad country filter', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], filters: { country: 'USA' } }, undefined, 'filters[country]'],
    ['a bad limit', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], limits: { accounts: 0 } }, undefined, 'limits[accounts]'],
    ['a bad return_url', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], return_url: 'not a url' }, 'url_invalid', 'return_url'],
    ['an unknown parameter', { account_holder: { type: 'customer', customer: 'CUS' }, permissions: ['balances'], colour: 'red' }, 'parameter_unknown', 'colour'],
  ])('rejects %s, naming the param', async (_label, params, code, param) => {
    const body = JSON.parse(JSON.stringify(params).replaceAll('"CUS"', JSON.stringify(customer))) as Stripe.FinancialConnections.SessionCreateParams;
    const err = await stripeError(stripe.financialConnections.sessions.create(body));
    expect(err.statusCode).toBe(400);
    expect({ code: err.code, param: err.param }).toEqual({ code, param });
    expect(err.message.length).toBeGreaterThan(10);
  });

  it('answers resource_missing for a customer or customer_account that does not exist', async () => {
    const e1 = await stripeError(
      stripe.financialConnections.sessions.create({ account_holder: { type: 'customer', customer: 'cus_doesnotexist' }, permissions: ['balances'] }),
    );
    expect([e1.statusCode, e1.code, e1.param, e1.message]).toEqual([404, 'resource_missing', 'account_holder[customer]', "No such customer: 'cus_doesnotexist'"]);
    const e2 = await stripeError(
      stripe.financialConnections.sessions.create({ account_holder: { type: 'customer', customer_account: 'acct_nope' }, permissions: ['balances'] }),
    );
    expect([e2.code, e2.param]).toEqual(['resource_missing', 'account_holder[customer_account]']);
    const e3 = await stripeError(stripe.financialConnections.sessions.retrieve('fcsess_nope'));
    expect([e3.statusCode, e3.code]).toEqual([404, 'resource_missing']);
  });
});

describe('completing a session in the sandbox', () => {
  it('links checking and savings by default with the session’s holder and permissions, and starts prefetch refreshes', async () => {
    const s = await stripe.financialConnections.sessions.create({
      account_holder: { type: 'customer', customer },
      permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
      prefetch: ['balances'],
    });
    const done = await complete(s.id);
    expect(done.accounts.data.map((a) => a.display_name)).toEqual(['Checking', 'Savings']);
    const [checking] = done.accounts.data;
    expect(keysOf(checking!)).toEqual(ACCOUNT_FIXTURE_KEYS);
    expect(checking).toMatchObject({
      object: 'financial_connections.account',
      account_holder: { type: 'customer', customer },
      permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
      supported_payment_method_types: ['us_bank_account'],
      status: 'active',
      institution_name: 'Test Institution',
      last4: '6789',
      category: 'cash',
      subcategory: 'checking',
      subscriptions: [],
      ownership: null,
      ownership_refresh: null,
      transaction_refresh: null,
      balance: null,
      balance_refresh: { status: 'pending', next_refresh_available_at: null },
    });
    // The session now lists the accounts, and so does the accounts list by session.
    const again = await stripe.financialConnections.sessions.retrieve(s.id);
    expect(again.accounts.data.map((a) => a.id)).toEqual(done.accounts.data.map((a) => a.id));
    const bySession = await stripe.financialConnections.accounts.list({ session: s.id });
    expect(bySession.data.map((a) => a.id).sort()).toEqual(done.accounts.data.map((a) => a.id).sort());
    // Sandbox-private facts for the payment side.
    expect(getAccountMeta(sandbox.forKey(FC_KEY).store, checking!.id)).toEqual({
      account: checking!.id,
      template: 'checking',
      institution: 'fcinst_Rb5TqL2vX9wN8kP3mH7sD4cJ',
      payment_outcome: 'success',
      routing_number: '110000000',
      account_number: '000123456789',
      session: s.id,
    });
    const created = await stripe.events.list({ type: 'financial_connections.account.created' });
    expect(created.data).toHaveLength(2);
  });

  it('links the chosen accounts of the chosen institution', async () => {
    const { accounts } = await link(stripe, { customer, accounts: ['joint', 'credit_card', 'insufficient_funds'] });
    expect(accounts.map((a) => [a.display_name, a.category, a.subcategory, a.supported_payment_method_types])).toEqual([
      ['Joint Checking', 'cash', 'checking', ['us_bank_account']],
      ['Credit Card', 'credit', 'credit_card', []],
      ['Checking (insufficient funds)', 'cash', 'checking', ['us_bank_account']],
    ]);
    expect(getAccountMeta(sandbox.forKey(FC_KEY).store, accounts[2]!.id)?.payment_outcome).toBe('insufficient_funds');
    const invalid = await link(stripe, { customer, institution: 'Invalid Payment Accounts' });
    expect(invalid.accounts.map((a) => [a.institution_name, a.supported_payment_method_types])).toEqual([
      ['Invalid Payment Accounts', []],
      ['Invalid Payment Accounts', []],
    ]);
  });

  it('fails clearly for Down Bank, unknown accounts, filtered accounts and a second completion', async () => {
    const s = await stripe.financialConnections.sessions.create({
      account_holder: { type: 'customer', customer },
      permissions: ['balances'],
      filters: { account_subcategories: ['checking'] },
      limits: { accounts: 2 },
    });
    const down = await stripeError(complete(s.id, { institution: 'Down Bank' }));
    expect([down.statusCode, down.code, down.param]).toEqual([400, undefined, 'institution']);
    expect(down.message).toMatch(/Down Bank is down/);
    const unknown = await stripeError(complete(s.id, { accounts: ['checking', 'brokerage'] }));
    expect([unknown.code, unknown.param]).toEqual([undefined, 'accounts[1]']);
    expect(unknown.message).toMatch(/Valid keys: checking, savings, credit_card, joint/);
    const filtered = await stripeError(complete(s.id, { accounts: ['savings'] }));
    expect(filtered.param).toBe('accounts[0]');
    expect(filtered.message).toMatch(/filters\[account_subcategories\]/);
    const tooMany = await stripeError(complete(s.id, { accounts: ['checking', 'joint', 'processing'] }));
    expect([tooMany.param, tooMany.message]).toEqual(['accounts', expect.stringMatching(/at most 2/)]);
    const missing = await stripeError(complete(s.id, { institution: 'Nowhere Bank' }));
    expect(missing.param).toBe('institution');
    // Defaults honour the filters: savings is left out.
    const done = await complete(s.id);
    expect(done.accounts.data.map((a) => a.subcategory)).toEqual(['checking']);
    const twice = await stripeError(complete(s.id));
    expect([twice.statusCode, twice.code]).toEqual([400, undefined]);
  });

  it('can cancel an open session, which then cannot be completed', async () => {
    const s = await stripe.financialConnections.sessions.create({ account_holder: { type: 'customer', customer }, permissions: ['balances'] });
    await stripe.rawRequest('POST', `/_sandbox/financial_connections/sessions/${s.id}/cancel`, {});
    const state = (await stripe.rawRequest('GET', `/_sandbox/financial_connections/sessions/${s.id}`)) as unknown as { status: string };
    expect(state.status).toBe('cancelled');
    const err = await stripeError(complete(s.id));
    expect(err.code).toBeUndefined();
    expect(err.message).toMatch(/was cancelled/);
  });
});

describe('GET /_sandbox/institutions', () => {
  it('lists the test banks with their account templates', async () => {
    const res = (await stripe.rawRequest('GET', '/_sandbox/institutions')) as unknown as {
      object: string;
      has_more: boolean;
      url: string;
      data: { id: string; object: string; name: string; status: string; accounts: { key: string; supports_payments: boolean; payment_outcome: string }[] }[];
    };
    expect([res.object, res.has_more, res.url]).toEqual(['list', false, '/_sandbox/institutions']);
    expect(res.data.map((i) => [i.name, i.status, i.object])).toEqual([
      ['Test Institution', 'up', 'sandbox.institution'],
      ['Invalid Payment Accounts', 'up', 'sandbox.institution'],
      ['Down Bank', 'down', 'sandbox.institution'],
    ]);
    const test = res.data[0]!;
    expect(test.id).toMatch(/^fcinst_/);
    expect(test.accounts.map((a) => a.key)).toEqual([
      'checking', 'savings', 'credit_card', 'joint', 'no_ownership', 'refresh_fails',
      'insufficient_funds', 'account_closed', 'no_account', 'debit_not_authorized', 'processing',
    ]);
    expect(keysOf(test.accounts[0]!)).toEqual(['category', 'display_name', 'key', 'last4', 'payment_outcome', 'subcategory', 'supports_payments']);
    expect(res.data[1]!.accounts.every((a) => !a.supports_payments)).toBe(true);
  });
});
