import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';
import { SETTLE_MS, settlingSandbox } from '../../helpers/settling-sandbox.js';
import { ONLINE_ACCEPTANCE } from '../../helpers/stripe-client.js';

const KEY = 'sk_test_balance';
const ONLINE = ONLINE_ACCEPTANCE;

let sandbox: RunningSandbox;
let stripe: Stripe;
let customer: Stripe.Customer;

beforeEach(async () => ({ sandbox, stripe, customer } = await settlingSandbox(KEY)));
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

  it('GET /v1/balance shows a settled debit\'s net as pending, available after available_on, less a refund at once', async () => {
    const empty = await stripe.balance.retrieve();
    expect(empty).toMatchObject({ object: 'balance', livemode: false, available: [{ amount: 0, currency: 'usd' }], pending: [{ amount: 0, currency: 'usd' }] });
    const pi = await debit(10_000);
    const txn = (pi.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
    const settled = await stripe.balance.retrieve();
    expect(settled.pending).toEqual([{ amount: 9_920, currency: 'usd', source_types: { bank_account: 9_920 } }]);
    expect(settled.available[0]!.amount).toBe(0);
    sandbox.forKey(KEY).clock.advance((txn.available_on - txn.created) * 1000);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 1_000 });
    const after = await stripe.balance.retrieve();
    expect(after.available[0]!.amount).toBe(9_920 - 1_000);
    expect(after.pending[0]!.amount).toBe(0);
  });

  it('404s an unknown id with param id', async () => {
    const err = await stripe.balanceTransactions.retrieve('txn_missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).code).toBe('resource_missing');
    expect((err as Stripe.errors.StripeError).param).toBe('id');
  });
});

function noFailure(): never {
  throw new Error('expected the request to fail');
}

describe('refunds', () => {
  it('a refund takes the amount out of the balance at once, no fee back, pending until the bank credit goes out', async () => {
    const pi = await debit(10_000);
    const charge = pi.latest_charge as Stripe.Charge;
    const part = await stripe.refunds.create({ payment_intent: pi.id, amount: 2_500, reason: 'requested_by_customer' });
    expect(part).toMatchObject({ object: 'refund', amount: 2_500, status: 'pending', charge: charge.id, payment_intent: pi.id });
    const txn = await stripe.balanceTransactions.retrieve(part.balance_transaction as string);
    expect(txn).toMatchObject({ type: 'refund', amount: -2_500, fee: 0, net: -2_500, source: part.id, status: 'available' });
    const after = await stripe.charges.retrieve(charge.id);
    expect([after.amount_refunded, after.refunded]).toEqual([2_500, false]);

    const tooMuch = await stripe.refunds.create({ charge: charge.id, amount: 8_000 }).then(noFailure, (e: Stripe.errors.StripeError) => e);
    expect([tooMuch.code, tooMuch.param]).toEqual(['amount_too_large', 'amount']);
    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(7_500);
    expect((await stripe.charges.retrieve(charge.id)).refunded).toBe(true);
    const again = await stripe.refunds.create({ charge: charge.id }).then(noFailure, (e: Stripe.errors.StripeError) => e);
    expect(again.code).toBe('charge_already_refunded');

    sandbox.forKey(KEY).clock.advance(SETTLE_MS);
    expect((await stripe.refunds.retrieve(part.id)).status).toBe('succeeded');
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.amount).sort()).toEqual([2_500, 7_500]);
    const types = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types.filter((t) => t === 'charge.refunded')).toHaveLength(2);
    expect(types).toContain('refund.updated');
  });

  it('a failed debit cannot be refunded', async () => {
    const pi = await debit(10_000, 'insufficient_funds');
    const err = await stripe.refunds.create({ payment_intent: pi.id }).then(noFailure, (e: Stripe.errors.StripeError) => e);
    expect(err.code).toBe('charge_not_refundable');
  });
});
