import type Stripe from 'stripe';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { stripeFor } from './stripe-client.js';

/** How long an ACH debit stays processing in a settling sandbox, on its own clock. */
export const SETTLE_MS = 60_000;

/**
 * An in-memory sandbox whose debits settle after SETTLE_MS (tests advance its clock),
 * a stripe-node client for `key`, and a customer to pay from.
 */
export async function settlingSandbox(key: string): Promise<{ sandbox: RunningSandbox; stripe: Stripe; customer: Stripe.Customer }> {
  const sandbox = await startSandbox({ dbPath: ':memory:', settings: { settleDelayMs: SETTLE_MS } });
  const stripe = stripeFor(sandbox, key);
  const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jenny@example.com' });
  return { sandbox, stripe, customer };
}
