import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';
import { stripeFor, ONLINE_ACCEPTANCE } from '../../helpers/stripe-client.js';

const ONLINE = ONLINE_ACCEPTANCE;

let sandbox: RunningSandbox;
let stripe: Stripe;
let customer: Stripe.Customer;

beforeEach(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', settings: { settleDelayMs: 5_000 } });
  stripe = stripeFor(sandbox, 'sk_test_setup');
  customer = await stripe.customers.create({ name: 'Jenny Rosen' });
});
afterEach(async () => sandbox.close());

describe('setup intents for later debits', () => {
  it('saves a linked account: succeeded, multi_use mandate, method attached, then debits off-session', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_setup'), { customer: customer.id });
    const seti = await stripe.setupIntents.create({
      customer: customer.id,
      allowed_payment_method_types: ['us_bank_account'],
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'Jenny Rosen' } },
    });
    expect(seti).toMatchObject({ object: 'setup_intent', status: 'requires_confirmation', usage: 'off_session', mandate: null });
    const done = await stripe.setupIntents.confirm(seti.id, { mandate_data: { customer_acceptance: ONLINE }, expand: ['mandate'] });
    expect(done.status).toBe('succeeded');
    const mandate = done.mandate as Stripe.Mandate;
    expect(mandate).toMatchObject({ type: 'multi_use', status: 'active', payment_method: done.payment_method, customer_acceptance: ONLINE });
    const pm = await stripe.paymentMethods.retrieve(done.payment_method as string);
    expect(pm.customer).toBe(customer.id);
    expect((await stripe.setupIntents.retrieve(seti.id)).status).toBe('succeeded');
    const types = (await stripe.events.list()).data.map((e) => e.type).reverse();
    expect(types).toEqual(['customer.created', 'setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);

    const pi = await stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, mandate: mandate.id });
    expect(pi.status).toBe('processing');
    sandbox.forKey('sk_test_setup').clock.advance(5_000);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('creates and confirms in one call, and refuses a second confirm', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_setup'));
    const seti = await stripe.setupIntents.create({
      customer: customer.id,
      confirm: true,
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'J' } },
      mandate_data: { customer_acceptance: ONLINE },
    });
    expect(seti.status).toBe('succeeded');
    await expect(stripe.setupIntents.confirm(seti.id, { mandate_data: { customer_acceptance: ONLINE } })).rejects.toMatchObject({
      code: 'setup_intent_unexpected_state',
      message: expect.stringContaining('status of succeeded'),
    });
  });

  it('needs mandate data and a usable account', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_setup'));
    const seti = await stripe.setupIntents.create({ customer: customer.id });
    expect(seti.status).toBe('requires_payment_method');
    await expect(
      stripe.setupIntents.confirm(seti.id, {
        payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'J' } },
      }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'mandate_data' });
    expect(sandbox.forKey('sk_test_setup').store.count('payment_method')).toBe(0);
    const noPermission = seedFcAccount(sandbox.forKey('sk_test_setup'), { permissions: ['balances'] });
    await expect(
      stripe.setupIntents.confirm(seti.id, {
        payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: noPermission.id }, billing_details: { name: 'J' } },
        mandate_data: { customer_acceptance: ONLINE },
      }),
    ).rejects.toMatchObject({ code: 'payment_method_invalid_parameter' });
    await expect(stripe.setupIntents.retrieve('seti_missing')).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('records a single_use mandate when single_use is given', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_setup'));
    const seti = await stripe.setupIntents.create({
      single_use: { amount: 5_000, currency: 'usd' },
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'J' } },
    });
    const done = await stripe.setupIntents.confirm(seti.id, { mandate_data: { customer_acceptance: ONLINE } });
    expect(done.mandate).toBeNull();
    const mandate = await stripe.mandates.retrieve(done.single_use_mandate as string);
    expect(mandate).toMatchObject({ type: 'single_use', single_use: { amount: 5_000, currency: 'usd' } });
  });
});
