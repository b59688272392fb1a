import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';
import { ONLINE_ACCEPTANCE, stripeFor } from '../../helpers/stripe-client.js';

/**
 * Top-level field names of the official samples (stripe/openapi fixtures3.json @ f6c2a48f,
 * /work/shared/stripe/fixtures.json). The samples are card/SEPA typed; the ACH versions swap
 * that one key for `us_bank_account`.
 */
const SAMPLE_KEYS = {
  payment_intent: [
    'amount', 'amount_capturable', 'amount_details', 'amount_received', 'application', 'application_fee_amount', 'automatic_payment_methods',
    'canceled_at', 'cancellation_reason', 'capture_method', 'client_secret', 'confirmation_method', 'created', 'currency', 'customer',
    'customer_account', 'description', 'excluded_payment_method_types', 'id', 'last_payment_error', 'latest_charge', 'livemode',
    'managed_payments', 'metadata', 'next_action', 'object', 'on_behalf_of', 'payment_method', 'payment_method_configuration_details',
    'payment_method_options', 'payment_method_types', 'processing', 'receipt_email', 'review', 'setup_future_usage', 'shipping', 'source',
    'statement_descriptor', 'statement_descriptor_suffix', 'status', 'transfer_data', 'transfer_group',
  ],
  payment_method: ['allow_redisplay', 'billing_details', 'card', 'created', 'customer', 'customer_account', 'id', 'livemode', 'metadata', 'object', 'type'],
  setup_intent: [
    'application', 'automatic_payment_methods', 'cancellation_reason', 'client_secret', 'created', 'customer', 'description',
    'excluded_payment_method_types', 'flow_directions', 'id', 'last_setup_error', 'latest_attempt', 'livemode', 'mandate', 'metadata',
    'next_action', 'object', 'on_behalf_of', 'payment_method', 'payment_method_configuration_details', 'payment_method_options',
    'payment_method_types', 'single_use_mandate', 'status', 'usage', 'excluded_payment_method_types',
  ],
  mandate: ['customer_acceptance', 'id', 'livemode', 'multi_use', 'object', 'payment_method', 'payment_method_details', 'status', 'type'],
  event: ['api_version', 'created', 'data', 'id', 'livemode', 'object', 'pending_webhooks', 'request', 'type'],
};

const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

let sandbox: RunningSandbox;
let stripe: Stripe;
let intent: Stripe.PaymentIntent;
let setup: Stripe.SetupIntent;

beforeAll(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', settings: { settleDelayMs: 1_000 } });
  stripe = stripeFor(sandbox, 'sk_test_shapes');
  const customer = await stripe.customers.create({ name: 'Jenny Rosen' });
  const fca = seedFcAccount(sandbox.forKey('sk_test_shapes'), { customer: customer.id });
  const pmData = {
    type: 'us_bank_account',
    us_bank_account: { financial_connections_account: fca.id },
    billing_details: { name: 'Jenny Rosen' },
  } as const;
  intent = await stripe.paymentIntents.create({
    amount: 100,
    currency: 'usd',
    customer: customer.id,
    payment_method_data: pmData,
    confirm: true,
    mandate_data: { customer_acceptance: ONLINE_ACCEPTANCE },
  });
  setup = await stripe.setupIntents.create({
    customer: customer.id,
    confirm: true,
    payment_method_data: pmData,
    mandate_data: { customer_acceptance: ONLINE_ACCEPTANCE },
  });
});
afterAll(async () => sandbox.close());

describe('field names match the official samples', () => {
  it('payment_intent: the sample fields, plus the two stripe-node 23 types add', () => {
    expect(sorted(Object.keys(intent))).toEqual(sorted([...SAMPLE_KEYS.payment_intent, 'allowed_payment_method_types', 'payment_record']));
  });

  it('payment_method: the sample fields with card → us_bank_account', async () => {
    const pm = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(sorted(Object.keys(pm))).toEqual(sorted(SAMPLE_KEYS.payment_method.map((k) => (k === 'card' ? 'us_bank_account' : k))));
    expect(sorted(Object.keys(pm.billing_details))).toEqual(['address', 'email', 'name', 'phone', 'tax_id']);
    expect(sorted(Object.keys(pm.us_bank_account!))).toEqual(
      sorted(['account_holder_type', 'account_type', 'bank_name', 'financial_connections_account', 'fingerprint', 'last4', 'networks', 'routing_number', 'status_details']),
    );
  });

  it('setup_intent: the sample fields, plus allowed_payment_method_types and customer_account', () => {
    expect(sorted(Object.keys(setup))).toEqual(sorted([...SAMPLE_KEYS.setup_intent, 'allowed_payment_method_types', 'customer_account']));
  });

  it('mandate: the sample fields, with us_bank_account payment_method_details', async () => {
    const mandate = await stripe.mandates.retrieve(setup.mandate as string);
    expect(sorted(Object.keys(mandate))).toEqual(sorted(SAMPLE_KEYS.mandate));
    expect(sorted(Object.keys(mandate.payment_method_details))).toEqual(['type', 'us_bank_account']);
    expect(sorted(Object.keys(mandate.customer_acceptance))).toEqual(['accepted_at', 'online', 'type']);
  });

  it('event: the sample fields, for payment events', async () => {
    const events = await stripe.events.list({ type: 'payment_intent.processing' });
    expect(events.data).toHaveLength(1);
    expect(sorted(Object.keys(events.data[0]!))).toEqual(sorted(SAMPLE_KEYS.event));
    expect((events.data[0]!.data.object as Stripe.PaymentIntent).id).toBe(intent.id);
  });

  it('charge: an ACH charge with the mandate in its us_bank_account details', async () => {
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ object: 'charge', amount: 100, currency: 'usd', payment_intent: intent.id, payment_method: intent.payment_method });
    expect(sorted(Object.keys(charge.payment_method_details!.us_bank_account!))).toEqual(
      sorted(['account_holder_type', 'account_type', 'bank_name', 'expected_debit_date', 'fingerprint', 'last4', 'mandate', 'payment_reference', 'routing_number']),
    );
  });
});
