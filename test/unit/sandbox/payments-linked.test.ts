import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { FC_KEY, link, openSandbox, stripeError } from './fc-setup.js';
import { ONLINE_ACCEPTANCE } from '../../helpers/stripe-client.js';

/** Payments on accounts linked through a real session: the contract with the Financial Connections side. */
const ONLINE = ONLINE_ACCEPTANCE;
const SETTLE_MS = 3_000;

let sandbox: RunningSandbox;
let stripe: Stripe;

beforeEach(async () => {
  ({ sandbox, stripe } = await openSandbox({ settleDelayMs: SETTLE_MS }));
});
afterEach(async () => sandbox.close());

function debit(customer: string, fca: string) {
  return stripe.paymentIntents.create({
    amount: 100,
    currency: 'usd',
    customer,
    payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca }, billing_details: { name: 'Jenny Rosen' } },
    confirm: true,
    mandate_data: { customer_acceptance: ONLINE },
  });
}

describe('ACH debits on linked test accounts', () => {
  it('settles each Test Institution outcome account as its name says', async () => {
    const { customer, accounts } = await link(stripe, { accounts: ['checking', 'insufficient_funds', 'account_closed', 'processing'] });
    const byKey = (name: string) => accounts.find((a) => a.display_name?.toLowerCase().includes(name))!.id;
    const ok = await debit(customer, accounts.find((a) => a.display_name === 'Checking')!.id);
    const nsf = await debit(customer, byKey('insufficient funds'));
    const closed = await debit(customer, byKey('account closed'));
    const stuck = await debit(customer, byKey('stay processing'));
    sandbox.forKey(FC_KEY).clock.advance(SETTLE_MS);
    expect((await stripe.paymentIntents.retrieve(ok.id)).status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(nsf.id)).last_payment_error?.code).toBe('insufficient_funds');
    expect((await stripe.paymentIntents.retrieve(closed.id)).last_payment_error?.code).toBe('account_closed');
    expect((await stripe.paymentIntents.retrieve(stuck.id)).status).toBe('processing');
    const pm = await stripe.paymentMethods.retrieve(ok.payment_method as string);
    expect(pm.us_bank_account).toMatchObject({ bank_name: 'Test Institution', routing_number: '110000000', last4: '6789' });
  });

  it('refuses accounts linked without payment_method, or that cannot be debited', async () => {
    const noPermission = await link(stripe, { permissions: ['balances'] });
    expect((await stripeError(debit(noPermission.customer, noPermission.accounts[0]!.id))).code).toBe('payment_method_invalid_parameter');
    const invalid = await link(stripe, { institution: 'Invalid Payment Accounts' });
    expect((await stripeError(debit(invalid.customer, invalid.accounts[0]!.id))).code).toBe('payment_method_unsupported_type');
  });
});
