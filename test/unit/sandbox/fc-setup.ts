import Stripe from 'stripe';
import { expect } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxSettings } from '../../../src/sandbox/index.js';
import { stripeFor } from '../../helpers/stripe-client.js';

/** Tests run at a fixed instant (moved only by `advance`), so generated histories are the same on every run. */
export const TEST_NOW_MS = Date.UTC(2026, 2, 16, 15, 30);

/** The key every openSandbox() client uses: its account is `sandbox.forKey(FC_KEY)`. */
export const FC_KEY = 'sk_test_fc';

/** A port-0 sandbox and a stripe-node client pointed at it, as fc's own commands use. */
export async function openSandbox(settings: Partial<SandboxSettings> = {}): Promise<{ sandbox: RunningSandbox; stripe: Stripe }> {
  const sandbox = await startSandbox({
    dbPath: ':memory:',
    clock: { nowMs: () => TEST_NOW_MS },
    settings: { refreshDelayMs: 1_000, refreshCooldownMs: 60_000, ...settings },
  });
  const stripe = stripeFor(sandbox, FC_KEY);
  return { sandbox, stripe };
}

export interface LinkOptions {
  permissions?: Stripe.FinancialConnections.SessionCreateParams.Permission[];
  prefetch?: Stripe.FinancialConnections.SessionCreateParams.Prefetch[];
  accounts?: string[];
  institution?: string;
  customer?: string;
}

/** Creates a customer and session, then finishes the flow through the sandbox helper. */
export async function link(stripe: Stripe, opts: LinkOptions = {}) {
  const customer = opts.customer ?? (await stripe.customers.create({ email: 'jenny.rosen@example.com' })).id;
  const session = await stripe.financialConnections.sessions.create({
    account_holder: { type: 'customer', customer },
    permissions: opts.permissions ?? ['balances', 'ownership', 'payment_method', 'transactions'],
    prefetch: opts.prefetch,
  });
  const params: Record<string, unknown> = {};
  if (opts.accounts) params.accounts = opts.accounts;
  if (opts.institution) params.institution = opts.institution;
  const completed = (await stripe.rawRequest('POST', `/_sandbox/financial_connections/sessions/${session.id}/complete`, params)) as unknown as Stripe.FinancialConnections.Session;
  return { customer, session: completed, accounts: completed.accounts.data };
}

/** The Stripe error a call fails with (fails the test if it succeeds). */
export async function stripeError(p: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(Stripe.errors.StripeError);
    return err as InstanceType<typeof Stripe.errors.StripeError>;
  }
  throw new Error('expected the request to fail');
}

/** Moves the sandbox clock; due refresh jobs settle on the next request. */
export function advance(sandbox: RunningSandbox, ms: number): void {
  sandbox.forKey(FC_KEY).clock.advance(ms);
}

export function keysOf(obj: object): string[] {
  return Object.keys(obj).sort();
}
