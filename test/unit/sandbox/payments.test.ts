import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import type { PaymentOutcome } from '../../../src/sandbox/bank/institutions.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';
import { SETTLE_MS, settlingSandbox } from '../../helpers/settling-sandbox.js';
import { ONLINE_ACCEPTANCE } from '../../helpers/stripe-client.js';

const ONLINE = ONLINE_ACCEPTANCE;

let sandbox: RunningSandbox;
let stripe: Stripe;
let customer: Stripe.Customer;

beforeEach(async () => ({ sandbox, stripe, customer } = await settlingSandbox('sk_test_payments')));
afterEach(async () => sandbox.close());

function pay(fca: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}, options?: Stripe.RequestOptions) {
  return stripe.paymentIntents.create(
    {
      amount: 100,
      currency: 'usd',
      customer: customer.id,
      allowed_payment_method_types: ['us_bank_account'],
      payment_method_data: {
        type: 'us_bank_account',
        us_bank_account: { financial_connections_account: fca },
        billing_details: { name: 'Jenny Rosen' },
      },
      confirm: true,
      mandate_data: { customer_acceptance: ONLINE },
      ...extra,
    },
    options,
  );
}

async function eventTypes(): Promise<string[]> {
  const list = await stripe.events.list({ limit: 100 });
  return list.data.map((e) => e.type).reverse();
}

describe('ACH debit on a linked account', () => {
  it('goes processing → succeeded on the sandbox clock, with a pending then succeeded py_ charge', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'), { customer: customer.id });
    const pi = await pay(fca.id);
    expect(pi.status).toBe('processing');
    expect(pi.object).toBe('payment_intent');
    expect(pi.payment_method_types).toEqual(['us_bank_account']);
    expect(pi.allowed_payment_method_types).toEqual(['us_bank_account']);
    expect(pi.latest_charge).toMatch(/^py_/);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.status).toBe('pending');
    expect(charge.payment_method_details?.us_bank_account?.mandate).toMatch(/^mandate_/);

    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS - 1_000);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('processing');
    sandbox.forKey('sk_test_payments').clock.advance(1_000);
    const done = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'payment_method', 'customer'] });
    expect(done.status).toBe('succeeded');
    expect(done.amount_received).toBe(100);
    const settled = done.latest_charge as Stripe.Charge;
    expect(settled.status).toBe('succeeded');
    expect(settled.paid).toBe(true);
    expect((done.payment_method as Stripe.PaymentMethod).us_bank_account?.financial_connections_account).toBe(fca.id);
    expect((done.customer as Stripe.Customer).email).toBe('jenny@example.com');
    expect(await eventTypes()).toEqual([
      'customer.created',
      'payment_intent.created',
      'charge.pending',
      'payment_intent.processing',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
  });

  const failures: Exclude<PaymentOutcome, 'success' | 'processing'>[] = ['insufficient_funds', 'account_closed', 'no_account', 'debit_not_authorized'];
  for (const outcome of failures) {
    it(`fails with ${outcome}: back to requires_payment_method with last_payment_error`, async () => {
      const fca = seedFcAccount(sandbox.forKey('sk_test_payments'), { outcome });
      const pi = await pay(fca.id);
      sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS);
      const failed = await stripe.paymentIntents.retrieve(pi.id);
      expect(failed.status).toBe('requires_payment_method');
      expect(failed.payment_method).toBeNull();
      expect(failed.last_payment_error).toMatchObject({ type: 'card_error', code: outcome, charge: pi.latest_charge });
      expect(failed.last_payment_error?.message).toMatch(/customer/);
      expect(failed.last_payment_error?.payment_method?.id).toBe(pi.payment_method);
      const charge = await stripe.charges.retrieve(pi.latest_charge as string);
      expect(charge).toMatchObject({ status: 'failed', failure_code: outcome, paid: false });
      const types = await eventTypes();
      // R02/R03/R10 returns mean the bank will not honour the mandate again; insufficient funds (R01) does not end it.
      const endsMandate = outcome !== 'insufficient_funds';
      expect(types.slice(endsMandate ? -3 : -2)).toEqual(['charge.failed', 'payment_intent.payment_failed', ...(endsMandate ? ['mandate.updated'] : [])]);
      const mandate = await stripe.mandates.retrieve(charge.payment_method_details!.us_bank_account!.mandate as string);
      expect(mandate.status).toBe(endsMandate ? 'inactive' : 'active');
    });
  }

  it('stays processing on the processing account, and can be canceled there', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'), { outcome: 'processing' });
    const pi = await pay(fca.id);
    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS * 10);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('processing');
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(Math.abs(canceled.canceled_at! - sandbox.forKey('sk_test_payments').clock.now())).toBeLessThanOrEqual(2);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).status).toBe('failed');
    expect((await eventTypes()).at(-1)).toBe('payment_intent.canceled');
    // A canceled debit never settles, even once the clock passes the settle time.
    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('canceled');
  });

  it('does not settle a success account that was canceled while processing', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'));
    const pi = await pay(fca.id);
    await stripe.paymentIntents.cancel(pi.id);
    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS);
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('canceled');
    expect(after.amount_received).toBe(0);
  });

  it('answers payment_intent_unexpected_state for confirm and cancel in final states, naming the status', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'));
    const pi = await pay(fca.id);
    await expect(stripe.paymentIntents.confirm(pi.id, { mandate_data: { customer_acceptance: ONLINE } })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining('status of processing'),
    });
    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS);
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining('status of succeeded'),
    });
    const other = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    await stripe.paymentIntents.cancel(other.id);
    await expect(stripe.paymentIntents.cancel(other.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    await expect(stripe.paymentIntents.confirm(other.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining('status of canceled'),
    });
  });

  it('creates, updates, then confirms in separate calls, and a failed payment can be retried', async () => {
    const bad = seedFcAccount(sandbox.forKey('sk_test_payments'), { outcome: 'insufficient_funds' });
    const good = seedFcAccount(sandbox.forKey('sk_test_payments'));
    const created = await stripe.paymentIntents.create({ amount: 2500, currency: 'USD', customer: customer.id });
    expect(created).toMatchObject({ status: 'requires_payment_method', currency: 'usd', payment_method: null, latest_charge: null });
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));
    const updated = await stripe.paymentIntents.update(created.id, {
      description: 'Invoice 42',
      metadata: { order: '42' },
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: bad.id }, billing_details: { name: 'J R' } },
    });
    expect(updated).toMatchObject({ status: 'requires_confirmation', description: 'Invoice 42', metadata: { order: '42' } });
    const processing = await stripe.paymentIntents.confirm(created.id, { mandate_data: { customer_acceptance: ONLINE } });
    expect(processing.status).toBe('processing');
    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS);
    expect((await stripe.paymentIntents.retrieve(created.id)).status).toBe('requires_payment_method');

    const retried = await stripe.paymentIntents.confirm(created.id, {
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: good.id }, billing_details: { name: 'J R' } },
      mandate_data: { customer_acceptance: ONLINE },
    });
    expect(retried.status).toBe('processing');
    expect(retried.last_payment_error).toBeNull();
    expect(retried.latest_charge).not.toBe(processing.latest_charge);
    sandbox.forKey('sk_test_payments').clock.advance(SETTLE_MS);
    expect((await stripe.paymentIntents.retrieve(created.id)).status).toBe('succeeded');
    // Metadata may change after success; payment fields may not.
    await expect(stripe.paymentIntents.update(created.id, { metadata: { note: 'paid' } })).resolves.toMatchObject({ status: 'succeeded' });
    await expect(stripe.paymentIntents.update(created.id, { amount: 9000 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('replays a create with the same Idempotency-Key: one PaymentIntent, one confirmation', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'));
    const first = await pay(fca.id, {}, { idempotencyKey: 'fc-pay-1' });
    const again = await pay(fca.id, {}, { idempotencyKey: 'fc-pay-1' });
    expect(again.id).toBe(first.id);
    expect(again.latest_charge).toBe(first.latest_charge);
    const all = await stripe.paymentIntents.list({ customer: customer.id });
    expect(all.data.map((p) => p.id)).toEqual([first.id]);
    expect((await eventTypes()).filter((t) => t === 'payment_intent.processing')).toHaveLength(1);
  });

  it('lists by customer, newest first, with pagination', async () => {
    const other = await stripe.customers.create({ name: 'Other' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stripe.paymentIntents.create({ amount: 100 + i, currency: 'usd', customer: customer.id })).id);
    await stripe.paymentIntents.create({ amount: 999, currency: 'usd', customer: other.id });
    const page1 = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(page1.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: ids[1] });
    expect(page2.data.map((p) => p.id)).toEqual([ids[0]]);
    expect(page2.has_more).toBe(false);
    expect((await stripe.paymentIntents.list({ limit: 10 })).data).toHaveLength(4);
  });

  it('records a single_use mandate with the online acceptance, and multi_use with setup_future_usage', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'));
    const acceptedAt = sandbox.forKey('sk_test_payments').clock.now() - 30;
    const pi = await pay(fca.id, { mandate_data: { customer_acceptance: { ...ONLINE, accepted_at: acceptedAt } } });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    const mandate = await stripe.mandates.retrieve(charge.payment_method_details!.us_bank_account!.mandate as string);
    expect(mandate).toMatchObject({
      object: 'mandate',
      type: 'single_use',
      status: 'active',
      payment_method: pi.payment_method,
      single_use: { amount: 100, currency: 'usd' },
      customer_acceptance: { type: 'online', accepted_at: acceptedAt, online: { ip_address: '71.183.194.54', user_agent: 'fc/test' } },
      payment_method_details: { type: 'us_bank_account', us_bank_account: {} },
    });

    const saved = await pay(fca.id, { setup_future_usage: 'off_session' });
    const savedCharge = await stripe.charges.retrieve(saved.latest_charge as string, { expand: ['payment_intent'] });
    expect((savedCharge.payment_intent as Stripe.PaymentIntent).id).toBe(saved.id);
    const multi = await stripe.mandates.retrieve(savedCharge.payment_method_details!.us_bank_account!.mandate as string);
    expect(multi).toMatchObject({ type: 'multi_use', multi_use: {} });
    // accepted_at defaults to the time of confirmation.
    expect(Math.abs(multi.customer_acceptance.accepted_at! - sandbox.forKey('sk_test_payments').clock.now())).toBeLessThanOrEqual(2);
    const pm = await stripe.paymentMethods.retrieve(saved.payment_method as string);
    expect(pm.customer).toBe(customer.id);

    // The saved method and its multi-use mandate pay again without new mandate data (off-session).
    const later = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, off_session: true });
    expect(later.status).toBe('processing');
    const laterCharge = await stripe.charges.retrieve(later.latest_charge as string);
    expect(laterCharge.payment_method_details?.us_bank_account?.mandate).toBe(multi.id);
    // An explicit mandate must belong to the payment method being debited.
    await expect(
      stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, mandate: mandate.id }),
    ).rejects.toMatchObject({ code: 'payment_intent_mandate_invalid', param: 'mandate' });
  });

  it('expands nested ids such as the charge mandate', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_payments'));
    const pi = await pay(fca.id, { expand: ['latest_charge.payment_method_details.us_bank_account.mandate'] });
    const charge = pi.latest_charge as Stripe.Charge;
    expect((charge.payment_method_details?.us_bank_account?.mandate as Stripe.Mandate).object).toBe('mandate');
    await expect(stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] })).rejects.toMatchObject({ param: 'expand' });
    const listed = await stripe.paymentIntents.list({ expand: ['data.payment_method'] });
    expect((listed.data[0]!.payment_method as Stripe.PaymentMethod).object).toBe('payment_method');
  });
});
