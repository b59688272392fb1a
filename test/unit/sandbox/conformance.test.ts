import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { advance, link, openSandbox } from './fc-setup.js';

/**
 * Every object type the sandbox serves carries the fields of Stripe's official
 * sample (spec/fixtures.json, copied from stripe/openapi fixtures3.json). A field
 * beyond the sample must be listed here with its reason: stripe-node 23's types
 * have it, or the sample is card/SEPA-typed where ours is us_bank_account.
 */
const fixtures = JSON.parse(readFileSync(new URL('../../../spec/fixtures.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

const EXTRA: Record<string, string[]> = {
  customer: ['customer_account'], // stripe-node 23 Customer.customer_account
  'financial_connections.session': ['filters', 'return_url', 'limits'], // set from request params (Sessions.d.ts)
  'financial_connections.account': [],
  payment_intent: ['allowed_payment_method_types', 'payment_record'], // stripe-node 23 PaymentIntent
  payment_method: ['us_bank_account'], // the sample is card-typed: `card` becomes `us_bank_account`
  setup_intent: ['allowed_payment_method_types', 'customer_account'], // stripe-node 23 SetupIntent
  mandate: ['single_use'], // single-use ACH mandates (Mandates.d.ts)
};

/** Sample fields that belong to another payment method type, so an ACH object has no reason to carry them. */
const NOT_FOR_ACH: Record<string, string[]> = {
  payment_method: ['card'],
  mandate: ['multi_use'], // present only on multi-use mandates; single-use ones carry `single_use`
};

function checkShape(type: string, obj: object) {
  const sample = fixtures[type];
  expect(sample, `fixture for ${type}`).toBeDefined();
  const expected = Object.keys(sample!).filter((k) => !(NOT_FOR_ACH[type] ?? []).includes(k));
  const actual = Object.keys(obj);
  const missing = expected.filter((k) => !actual.includes(k));
  const extra = actual.filter((k) => !Object.keys(sample!).includes(k) && !(EXTRA[type] ?? []).includes(k));
  expect({ type, missing, extra }).toEqual({ type, missing: [], extra: [] });
}

let sandbox: RunningSandbox;
let stripe: Stripe;
const served: Record<string, object> = {};

beforeAll(async () => {
  ({ sandbox, stripe } = await openSandbox({ refreshDelayMs: 10, settleDelayMs: 10, refreshCooldownMs: 0 }));
  const customer = await stripe.customers.create({ email: 'jenny.rosen@example.com', name: 'Jenny Rosen' });
  served.customer = customer;
  const { session, accounts } = await link(stripe, { customer: customer.id, accounts: ['checking'], prefetch: ['balances', 'ownership', 'transactions'] });
  served['financial_connections.session'] = session;
  advance(sandbox, 1_000);
  const account = await stripe.financialConnections.accounts.retrieve(accounts[0]!.id);
  served['financial_connections.account'] = account;
  const ownershipId = typeof account.ownership === 'string' ? account.ownership : account.ownership!.id;
  const owners = await stripe.financialConnections.accounts.listOwners(account.id, { ownership: ownershipId });
  served['financial_connections.account_owner'] = owners.data[0]!;
  const expanded = await stripe.financialConnections.accounts.retrieve(account.id, { expand: ['ownership'] });
  served['financial_connections.account_ownership'] = expanded.ownership as Stripe.FinancialConnections.AccountOwnership;
  const txns = await stripe.financialConnections.transactions.list({ account: account.id, limit: 1 });
  served['financial_connections.transaction'] = txns.data[0]!;
  const pi = await stripe.paymentIntents.create({
    amount: 100,
    currency: 'usd',
    customer: customer.id,
    allowed_payment_method_types: ['us_bank_account'],
    payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: account.id }, billing_details: { name: 'Jenny Rosen' } },
    confirm: true,
    mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '71.183.194.54', user_agent: 'fc-test' } } },
  });
  served.payment_intent = pi;
  served.payment_method = await stripe.paymentMethods.retrieve(pi.payment_method as string);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  const mandateId = charge.payment_method_details?.us_bank_account?.mandate;
  served.mandate = await stripe.mandates.retrieve(mandateId as string);
  served.setup_intent = await stripe.setupIntents.create({
    customer: customer.id,
    allowed_payment_method_types: ['us_bank_account'],
    payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: account.id }, billing_details: { name: 'Jenny Rosen' } },
    confirm: true,
    mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '71.183.194.54', user_agent: 'fc-test' } } },
  });
  served.event = (await stripe.events.list({ limit: 1 })).data[0]!;
  served.deleted_customer = await stripe.customers.del((await stripe.customers.create({ email: 'gone@example.com' })).id);
});
afterAll(async () => sandbox.close());

describe('conformance with the official samples', () => {
  for (const type of [
    'customer',
    'deleted_customer',
    'financial_connections.session',
    'financial_connections.account',
    'financial_connections.account_owner',
    'financial_connections.account_ownership',
    'financial_connections.transaction',
    'payment_intent',
    'payment_method',
    'setup_intent',
    'mandate',
    'event',
  ]) {
    it(`a served ${type} carries the sample's fields`, () => {
      expect(served[type], `the test produced a ${type}`).toBeDefined();
      checkShape(type, served[type]!);
    });
  }
});
