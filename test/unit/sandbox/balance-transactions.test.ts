import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';

const KEY = 'sk_test_balance';
const SETTLE_MS = 60_000;
const ONLINE = { type: 'online', online: { ip_address: '71.183.194.54', user_agent: 'fc/test' } } as const;

let sandbox: RunningSandbox;
let stripe: Stripe;
let customer: Stripe.Customer;

beforeEach(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', settings: { settleDelayMs: SETTLE_MS } });
  stripe = new Stripe(KEY, { host: sandbox.host, port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 });
  customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jenny@example.com' });
});
afterEach(async () => sandbox.close());

async function debit(amount: number, outcome: 'success' | 'insufficient_funds' = 'success') {
  const fca = seedFcAccount(sandbox.forKey(KEY), { customer: customer.id, outcome });
  const pi = await stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    customer: customer.id,
    allowed_payment_method_types: ['us_bank_account'],
    payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'Jenny Rosen' } },
    confirm: true,
    mandate_data: { customer_acceptance: ONLINE },
  });
  sandbox.forKey(KEY).clock.advance(SETTLE_MS);
  return stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction'] });
}

describe('balance transactions', () => {
  it.each([
    [10_000, 80], // 0.8%
    [55, 0], // 0.8% of 55 cents rounds to 0
    [62_500, 500], // exactly the cap
    [1_000_000, 500], // capped at $5.00
  ])('a succeeded ACH debit of %i has a txn_ with fee %i and net = amount - fee', async (amount, fee) => {
    const pi = await debit(amount);
    expect(pi.status).toBe('succeeded');
    const txn = (pi.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
    expect(txn.id).toMatch(/^txn_/);
    expect(txn).toMatchObject({ object: 'balance_transaction', type: 'charge', reporting_category: 'charge', amount, fee, net: amount - fee, currency: 'usd' });
    expect(txn.source).toBe((pi.latest_charge as Stripe.Charge).id);
    expect(txn.fee_details.reduce((s, d) => s + d.amount, 0)).toBe(fee);
  });

  it('is pending until available_on, then available; retrievable and listable by source and type', async () => {
    const pi = await debit(10_000);
    const charge = pi.latest_charge as Stripe.Charge;
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn.status).toBe('pending');
    expect(txn.available_on).toBeGreaterThan(txn.created);
    expect(txn.available_on % 86_400).toBe(0);
    sandbox.forKey(KEY).clock.advance((txn.available_on - txn.created) * 1000);
    expect((await stripe.balanceTransactions.retrieve(txn.id)).status).toBe('available');
    expect((await stripe.balanceTransactions.list({ source: charge.id })).data.map((t) => t.id)).toEqual([txn.id]);
    expect((await stripe.balanceTransactions.list({ type: 'charge' })).data.map((t) => t.id)).toEqual([txn.id]);
    const expanded = await stripe.balanceTransactions.retrieve(txn.id, { expand: ['source'] });
    expect((expanded.source as Stripe.Charge).id).toBe(charge.id);
  });

  it('a debit that fails before settling never reached the balance: no balance transaction', async () => {
    const pi = await debit(10_000, 'insufficient_funds');
    expect(pi.status).toBe('requires_payment_method');
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.status).toBe('failed');
    expect(charge.balance_transaction).toBeNull();
    expect((await stripe.balanceTransactions.list()).data).toEqual([]);
  });

  it('404s an unknown id with param id', async () => {
    const err = await stripe.balanceTransactions.retrieve('txn_missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).code).toBe('resource_missing');
    expect((err as Stripe.errors.StripeError).param).toBe('id');
  });
});
