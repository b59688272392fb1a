import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { seedFcAccount, type SeedFcOptions } from '../../helpers/seed-fc.js';
import { stripeFor } from '../../helpers/stripe-client.js';

const ONLINE = { type: 'online', online: { ip_address: '2001:db8::1', user_agent: 'fc/test' } } as const;
const FCA_PARAM = 'payment_method_data[us_bank_account][financial_connections_account]';

let sandbox: RunningSandbox;
let stripe: Stripe;
let customer: Stripe.Customer;

beforeEach(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', settings: { settleDelayMs: 1_000 } });
  stripe = stripeFor(sandbox, 'sk_test_validation');
  customer = await stripe.customers.create({ name: 'Jenny Rosen' });
});
afterEach(async () => sandbox.close());

async function form(path: string, body: string) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    body,
    headers: { Authorization: 'Bearer sk_test_validation', 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function params(fca: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Stripe.PaymentIntentCreateParams {
  return {
    amount: 100,
    currency: 'usd',
    customer: customer.id,
    payment_method_data: {
      type: 'us_bank_account',
      us_bank_account: { financial_connections_account: fca },
      billing_details: { name: 'Jenny Rosen' },
    },
    confirm: true,
    mandate_data: { customer_acceptance: ONLINE },
    ...extra,
  };
}

async function nothingWritten() {
  expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
  expect(sandbox.forKey('sk_test_validation').store.count('payment_method')).toBe(0);
  expect(sandbox.forKey('sk_test_validation').store.count('mandate')).toBe(0);
}

describe('payment intent parameters', () => {
  it('checks amount and currency like Stripe, naming the parameter', async () => {
    const cases: [Partial<Stripe.PaymentIntentCreateParams>, string | undefined, string][] = [
      [{ amount: 49 }, 'amount_too_small', 'amount'],
      [{ amount: 100_000_000 }, 'amount_too_large', 'amount'],
      [{ currency: 'eur' }, 'payment_intent_invalid_parameter', 'currency'],
      [{ currency: 'dollars' }, undefined, 'currency'],
      [{ customer: 'cus_missing' }, 'resource_missing', 'customer'],
      [{ customer_account: 'acct_missing' }, 'resource_missing', 'customer_account'],
      [{ allowed_payment_method_types: ['card'] }, 'payment_intent_invalid_parameter', 'allowed_payment_method_types[0]'],
    ];
    for (const [extra, code, param] of cases) {
      await expect(stripe.paymentIntents.create({ amount: 100, currency: 'usd', ...extra }), code).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        code,
        param,
      });
    }
    const eur = await stripe.paymentIntents.create({ amount: 100, currency: 'eur' }).catch((e: Stripe.errors.StripeError) => e);
    expect((eur as Stripe.errors.StripeError).message).toMatch(/only usd/);
  });

  it('requires amount and currency, and refuses non-integer amounts and unknown parameters', async () => {
    expect((await form('/v1/payment_intents', 'currency=usd')).json.error).toMatchObject({ code: 'parameter_missing', param: 'amount' });
    expect((await form('/v1/payment_intents', 'amount=100')).json.error).toMatchObject({ code: 'parameter_missing', param: 'currency' });
    expect((await form('/v1/payment_intents', 'amount=1.5&currency=usd')).json.error).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'amount',
    });
    const unknown = await form('/v1/payment_intents', 'amount=100&currency=usd&colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
  });

  it('accepts the pre-v23 payment_method_types list spelling and echoes both fields', async () => {
    const r = await form('/v1/payment_intents', 'amount=100&currency=usd&payment_method_types[]=us_bank_account');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ payment_method_types: ['us_bank_account'], allowed_payment_method_types: ['us_bank_account'] });
    const both = await form('/v1/payment_intents', 'amount=100&currency=usd&payment_method_types[0]=us_bank_account&allowed_payment_method_types[0]=card');
    expect(both.json.error).toMatchObject({ code: 'parameters_exclusive' });
  });

  it('only takes mandate_data with confirm=true', async () => {
    await expect(
      stripe.paymentIntents.create({ amount: 100, currency: 'usd', mandate_data: { customer_acceptance: ONLINE } }),
    ).rejects.toMatchObject({ code: undefined, param: 'mandate_data' });
  });
});

describe('payment method from a linked account', () => {
  it('requires the billing_details name', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_validation'));
    await expect(
      stripe.paymentIntents.create(params(fca.id, { payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id } } })),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'payment_method_data[billing_details][name]' });
    await nothingWritten();
  });

  it('refuses an unknown account with resource_missing, 404', async () => {
    await expect(stripe.paymentIntents.create(params('fca_missing'))).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: FCA_PARAM,
    });
  });

  const unusable: [string, SeedFcOptions, string, RegExp][] = [
    ['inactive', { status: 'inactive' }, 'financial_connections_account_inactive', /Link the bank account again/],
    ['disconnected', { status: 'disconnected' }, 'financial_connections_account_inactive', /disconnected/],
    ['linked without payment_method', { permissions: ['balances'] }, 'payment_method_invalid_parameter', /permissions\[\]=payment_method/],
    ['not debitable', { supported: ['link'], subcategory: 'credit_card' }, 'payment_method_unsupported_type', /checking or savings/],
    [
      'waiting for account numbers',
      { accountNumbers: [{ expected_expiry_date: null, identifier_type: 'account_number', status: 'pending', supported_networks: ['ach'] }] },
      'financial_connections_account_pending_account_numbers',
      /Try again/,
    ],
    [
      'without usable account numbers',
      { accountNumbers: [{ expected_expiry_date: null, identifier_type: 'tokenized_account_number', status: 'expired', supported_networks: ['ach'] }] },
      'financial_connections_account_unavailable_account_numbers',
      /another account/,
    ],
  ];
  for (const [label, opts, code, hint] of unusable) {
    it(`refuses an account ${label} with ${code}`, async () => {
      const fca = seedFcAccount(sandbox.forKey('sk_test_validation'), opts);
      const err = (await stripe.paymentIntents.create(params(fca.id)).catch((e: unknown) => e)) as Stripe.errors.StripeError;
      expect(err).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, code, param: FCA_PARAM });
      expect(err.message).toMatch(hint);
      await nothingWritten();
    });
  }

  it('retrieves the us_bank_account payment method', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_validation'), { accountNumber: '000222222227' });
    const pi = await stripe.paymentIntents.create(params(fca.id, { confirm: false, mandate_data: undefined }));
    expect(pi.status).toBe('requires_confirmation');
    const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
    expect(pm).toMatchObject({
      object: 'payment_method',
      type: 'us_bank_account',
      customer: null,
      billing_details: { name: 'Jenny Rosen' },
      us_bank_account: {
        account_holder_type: 'individual',
        account_type: 'checking',
        bank_name: 'StripeBank',
        financial_connections_account: fca.id,
        last4: '2227',
        networks: { preferred: 'ach', supported: ['ach'] },
        routing_number: '110000000',
        status_details: null,
      },
    });
    expect(pm.us_bank_account?.fingerprint).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await expect(stripe.paymentMethods.retrieve('pm_missing')).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it("refuses another customer's payment method and an unknown one", async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_validation'));
    const saved = await stripe.paymentIntents.create(params(fca.id, { setup_future_usage: 'off_session' }));
    const other = await stripe.customers.create({ name: 'Other' });
    await expect(
      stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer: other.id, payment_method: saved.payment_method as string }),
    ).rejects.toMatchObject({ code: 'payment_method_invalid_parameter', param: 'payment_method' });
    await expect(stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_missing' })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'payment_method',
    });
  });
});

describe('mandate data on confirm', () => {
  it('is required unless a mandate is given, and a refused confirm leaves nothing behind', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_validation'));
    await expect(stripe.paymentIntents.create(params(fca.id, { mandate_data: undefined }))).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'mandate_data',
    });
    await nothingWritten();
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    await expect(stripe.paymentIntents.confirm(pi.id)).rejects.toMatchObject({ code: 'parameter_missing', param: 'payment_method' });
  });

  it('checks the online acceptance fields one by one', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_validation'));
    const base = 'mandate_data[customer_acceptance]';
    const cases: [Stripe.PaymentIntentCreateParams.MandateData.CustomerAcceptance, string | undefined, string][] = [
      [{ type: 'online', online: { ip_address: '999.1.1.1', user_agent: 'x' } }, undefined, `${base}[online][ip_address]`],
      [{ type: 'online', online: { ip_address: '10.0.0.1' } as Stripe.PaymentIntentCreateParams.MandateData.CustomerAcceptance.Online }, 'parameter_missing', `${base}[online][user_agent]`],
      [{ type: 'online' }, 'parameter_missing', `${base}[online]`],
      [{ ...ONLINE, accepted_at: sandbox.forKey('sk_test_validation').clock.now() + 86_400 }, undefined, `${base}[accepted_at]`],
    ];
    for (const [acceptance, code, param] of cases) {
      await expect(stripe.paymentIntents.create(params(fca.id, { mandate_data: { customer_acceptance: acceptance } })), param).rejects.toMatchObject({ code, param });
    }
    await nothingWritten();
  });

  it('does not store a refused request under its Idempotency-Key, so a corrected retry works', async () => {
    const fca = seedFcAccount(sandbox.forKey('sk_test_validation'));
    await expect(stripe.paymentIntents.create(params(fca.id, { mandate_data: undefined }), { idempotencyKey: 'k1' })).rejects.toMatchObject({
      code: 'parameter_missing',
    });
    const ok = await stripe.paymentIntents.create(params(fca.id), { idempotencyKey: 'k1' });
    expect(ok.status).toBe('processing');
  });
});
