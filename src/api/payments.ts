import type Stripe from 'stripe';
import type { Clock } from '../context.js';
import { pageOf } from './page.js';

/** Expanded on every read, so the mandate id (on the charge) and the bank details show. */
/** The charge's balance transaction too: its fee and net are what reconciliation reads. */
export const PAYMENT_EXPAND = ['payment_method', 'latest_charge.balance_transaction'];

export interface NewAchPayment {
  amount: number;
  currency: string;
  account: string;
  customer?: string;
  customerAccount?: string;
  billingName: string;
  description?: string;
  /** Tags the PaymentIntent with fc's attempt id, so a resumed run can find it even after idempotency keys expire. */
  attempt: string;
}

export interface MandateAcceptance {
  ipAddress: string;
  userAgent: string;
  acceptedAt: number;
}

/** Creates the ACH PaymentIntent (status requires_confirmation); the debit starts at confirm. */
export function createAchPayment(stripe: Stripe, p: NewAchPayment, idempotencyKey: string): Promise<Stripe.PaymentIntent> {
  const params: Stripe.PaymentIntentCreateParams = {
    amount: p.amount,
    currency: p.currency,
    allowed_payment_method_types: ['us_bank_account'],
    payment_method_data: {
      type: 'us_bank_account',
      us_bank_account: { financial_connections_account: p.account },
      billing_details: { name: p.billingName },
    },
    ...(p.customer ? { customer: p.customer } : {}),
    ...(p.customerAccount ? { customer_account: p.customerAccount } : {}),
    ...(p.description ? { description: p.description } : {}),
    metadata: { fc_attempt: p.attempt },
  };
  return stripe.paymentIntents.create(params, { idempotencyKey });
}

/** Confirms with the customer's online acceptance of the mandate: this is what starts the debit. */
export function confirmAchPayment(stripe: Stripe, id: string, a: MandateAcceptance, idempotencyKey: string): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.confirm(
    id,
    {
      mandate_data: {
        customer_acceptance: {
          type: 'online',
          accepted_at: a.acceptedAt,
          online: { ip_address: a.ipAddress, user_agent: a.userAgent },
        },
      },
    },
    { idempotencyKey },
  );
}

export function getPayment(stripe: Stripe, id: string): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.retrieve(id, { expand: PAYMENT_EXPAND });
}

export async function listPayments(
  stripe: Stripe,
  q: { customer?: string; customerAccount?: string; limit: number; all: boolean; createdGte?: number },
): Promise<Stripe.PaymentIntent[]> {
  const params: Stripe.PaymentIntentListParams = {
    limit: q.all ? 100 : q.limit,
    // The bank's last4 for the table; the charge stays an id to keep pages small.
    expand: ['data.payment_method'],
    ...(q.customer ? { customer: q.customer } : {}),
    ...(q.customerAccount ? { customer_account: q.customerAccount } : {}),
    ...(q.createdGte !== undefined ? { created: { gte: q.createdGte } } : {}),
  };
  const list = stripe.paymentIntents.list(params);
  if (!q.all) return pageOf(await list);
  const all: Stripe.PaymentIntent[] = [];
  for await (const pi of list) all.push(pi);
  return all;
}

/** The PaymentIntent an fc attempt created, if any: the fallback when an idempotency key may have expired. */
export async function findPaymentByAttempt(
  stripe: Stripe,
  q: { customer?: string; customerAccount?: string; createdGte: number; attempt: string },
): Promise<Stripe.PaymentIntent | undefined> {
  const all = await listPayments(stripe, { ...q, limit: 100, all: true });
  return all.find((pi) => pi.metadata?.fc_attempt === q.attempt);
}

export function cancelPayment(
  stripe: Stripe,
  id: string,
  reason?: Stripe.PaymentIntentCancelParams.CancellationReason,
): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.cancel(id, { ...(reason ? { cancellation_reason: reason } : {}), expand: PAYMENT_EXPAND });
}

export function getMandate(stripe: Stripe, id: string): Promise<Stripe.Mandate> {
  return stripe.mandates.retrieve(id);
}

/** The mandate id of a confirmed ACH payment: Stripe keeps it on the charge, not the PaymentIntent. */
export function mandateIdOf(pi: Stripe.PaymentIntent): string | undefined {
  const charge = pi.latest_charge;
  if (!charge || typeof charge === 'string') return undefined;
  const mandate = charge.payment_method_details?.us_bank_account?.mandate;
  return typeof mandate === 'string' ? mandate : (mandate?.id ?? undefined);
}

export interface WaitOptions {
  timeoutMs: number;
  clock: Clock;
  onProgress?: (pi: Stripe.PaymentIntent, elapsedMs: number) => void;
  /** Injected by tests; real waits use timers. */
  sleep?: (ms: number) => Promise<void>;
  /** First poll interval; it grows to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls until the payment is final or the time is up. ACH settles on the bank's
 * schedule, so the interval backs off instead of hammering the API.
 */
export async function waitForPayment(
  stripe: Stripe,
  id: string,
  opts: WaitOptions,
): Promise<{ pi: Stripe.PaymentIntent; timedOut: boolean }> {
  const sleep = opts.sleep ?? sleepFor;
  const start = opts.clock.now().getTime();
  let interval = opts.intervalMs ?? 250;
  const maxInterval = opts.maxIntervalMs ?? 3_000;
  for (;;) {
    const pi = await getPayment(stripe, id);
    const elapsed = opts.clock.now().getTime() - start;
    opts.onProgress?.(pi, elapsed);
    // Only a processing debit moves on by itself; any other status is where it stays.
    if (pi.status !== 'processing') return { pi, timedOut: false };
    if (elapsed >= opts.timeoutMs) return { pi, timedOut: true };
    await sleep(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

/** A customer's (cus_…) or customer Account's (acct_…) bank-account payment methods, every page. */
export function bankPaymentMethodsOf(stripe: Stripe, holder: string) {
  const params: Stripe.PaymentMethodListParams = holder.startsWith('acct_')
    ? { customer_account: holder, type: 'us_bank_account', limit: 100 }
    : { customer: holder, type: 'us_bank_account', limit: 100 };
  return stripe.paymentMethods.list(params);
}

/** A customer's (or customer Account's) payments created since `since` (unix seconds), expanded as getPayment's, every page. */
export function paymentsSince(stripe: Stripe, holder: string, since: number) {
  return stripe.paymentIntents.list({
    ...(holder.startsWith('acct_') ? { customer_account: holder } : { customer: holder }),
    created: { gte: since },
    limit: 100,
    expand: PAYMENT_EXPAND.map((p) => `data.${p}`),
  });
}

/**
 * The name of the business whose key this is, for the mandate text; undefined
 * when the account has none or the key may not read it (restricted keys).
 */
export async function businessNameOf(stripe: Stripe): Promise<string | undefined> {
  try {
    const me = await stripe.accounts.retrieveCurrent();
    return me.business_profile?.name || me.settings?.dashboard?.display_name || undefined;
  } catch {
    return undefined;
  }
}
