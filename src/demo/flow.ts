// fc demo's flow: customer → session → linked account → data → $1.00 ACH debit →
// settled, over any Stripe-compatible client. Each step runs through `ui.step`,
// so the command decides how a step looks (spinner, narration); the flow decides
// what happens and returns everything it made.
import type Stripe from 'stripe';
import { listOwners, transactions, waitForRefresh, type FcAccount, type FcOwner, type FcTransaction, type RefreshFeature } from '../api/accounts.js';
import { createCustomer } from '../api/customers.js';
import { confirmAchPayment, createAchPayment, getPayment, waitForPayment } from '../api/payments.js';
import { completeSession } from '../api/sandbox-helpers.js';
import { createSession, type FcSession } from '../api/sessions.js';
import type { Clock } from '../context.js';
import { ApiError } from '../errors.js';
import { explainFailure } from '../payments/failures.js';
import { newAttemptId, outcomeOf } from '../payments/record.js';
import { VERSION } from '../version.js';

/** A documentation address (RFC 5737): the demo's customer accepts the mandate from it. */
export const DEMO_IP = '192.0.2.10';
export const DEMO_AMOUNT = 100;
export const DEMO_FEATURES: readonly RefreshFeature[] = ['balance', 'ownership', 'transactions'];

/** What each step yields, by name, in the order they run. */
export interface DemoSteps {
  customer: Stripe.Customer;
  session: FcSession;
  link: FcAccount;
  refresh: FcAccount;
  /** The refreshed account with its owners and most recent transactions. */
  read: { account: FcAccount; owners: FcOwner[]; recent: FcTransaction[] };
  debit: Stripe.PaymentIntent;
  settle: Stripe.PaymentIntent;
}
export const DEMO_STEP_COUNT = 7;

/** Reports a step's progress: a short text, and how long it has waited when it is waiting. */
export type Progress = (text: string, elapsedMs?: number) => void;

export interface DemoUi {
  step<K extends keyof DemoSteps>(name: K, work: (progress: Progress) => Promise<DemoSteps[K]>): Promise<DemoSteps[K]>;
}

export interface DemoResult {
  customer: Stripe.Customer;
  session: FcSession;
  account: FcAccount;
  owners: FcOwner[];
  transactions: FcTransaction[];
  payment: Stripe.PaymentIntent;
}

export async function runDemo(stripe: Stripe, deps: { clock: Clock; ui: DemoUi }): Promise<DemoResult> {
  const { clock, ui } = deps;
  const customer = await ui.step('customer', () =>
    createCustomer(stripe, { email: 'jenny.rosen@example.com', name: 'Jenny Rosen', description: 'fc demo' }),
  );

  const session = await ui.step('session', () =>
    createSession(stripe, {
      holder: { customer: customer.id },
      permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
      prefetch: ['balances', 'ownership', 'transactions'],
    }),
  );

  const linked = await ui.step('link', async () => {
    const done = await completeSession(stripe, session.id, { accounts: ['checking'] });
    const account = done.accounts.data[0];
    if (!account) throw new ApiError(`Session ${session.id} completed without an account.`);
    return account;
  });

  const refreshed = await ui.step('refresh', async (progress) => {
    const r = await waitForRefresh(stripe, linked.id, DEMO_FEATURES, {
      timeoutMs: 60_000,
      clock,
      onProgress: (p) => progress(`waiting for ${p.pending.join(', ')}`, p.elapsedMs),
    });
    const bad = r.features.filter((f) => f.status !== 'succeeded');
    if (r.timedOut || bad.length) {
      throw new ApiError(`Refreshes did not succeed: ${bad.map((f) => `${f.feature} ${f.status}`).join(', ') || 'timed out'}.`);
    }
    return r.account;
  });

  const data = await ui.step('read', async () => {
    const ownership = typeof refreshed.ownership === 'string' ? refreshed.ownership : refreshed.ownership?.id;
    const owners: FcOwner[] = ownership ? await listOwners(stripe, refreshed.id, ownership) : [];
    const recent: FcTransaction[] = [];
    for await (const t of transactions(stripe, { account: refreshed.id, pageSize: 5 })) {
      recent.push(t);
      if (recent.length === 5) break;
    }
    return { account: refreshed, owners, recent };
  });

  const attempt = newAttemptId();
  const ownerName = data.owners[0]?.name ?? customer.name ?? 'Jenny Rosen';
  const started = await ui.step('debit', async () => {
    const pi = await createAchPayment(
      stripe,
      { amount: DEMO_AMOUNT, currency: 'usd', account: refreshed.id, customer: customer.id, billingName: ownerName, description: 'fc demo', attempt },
      `fc-demo-${attempt}-create`,
    );
    return confirmAchPayment(
      stripe,
      pi.id,
      { ipAddress: DEMO_IP, userAgent: `fc/${VERSION}`, acceptedAt: Math.floor(clock.now().getTime() / 1000) },
      `fc-demo-${attempt}-confirm`,
    );
  });

  const settled = await ui.step('settle', async (progress) => {
    const r = await waitForPayment(stripe, started.id, {
      timeoutMs: 60_000,
      clock,
      onProgress: (p, ms) => progress(p.status, ms),
    });
    if (outcomeOf(r.pi) !== 'succeeded') {
      const e = r.pi.last_payment_error;
      throw new ApiError(
        r.timedOut ? `Payment ${r.pi.id} is still ${r.pi.status}.` : `Payment ${r.pi.id} ended ${r.pi.status}: ${explainFailure(e?.code, e?.message).reason}`,
        { code: e?.code },
      );
    }
    return r.pi.latest_charge && typeof r.pi.latest_charge === 'object' ? r.pi : getPayment(stripe, r.pi.id);
  });

  return { customer, session, account: refreshed, owners: data.owners, transactions: data.recent, payment: settled };
}
