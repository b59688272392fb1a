import type Stripe from 'stripe';
import type { JobHandler } from '../context.js';
import type { PaymentOutcome } from '../bank/institutions.js';
import { getAccountMeta } from '../bank/meta.js';
import { getCharge, settleChargeFailed, settleChargeSucceeded } from './charges.js';
import { emit, type Effects } from './intent-params.js';

export const SETTLE_JOB = 'payment_intent.settle';

/** ACH returns after which the bank will not honour the mandate again (R02, R03, R10): it becomes inactive. */
const MANDATE_ENDING = new Set<PaymentOutcome>(['account_closed', 'no_account', 'debit_not_authorized']);

function endMandate(fx: Effects, ref: string | Stripe.Mandate | null | undefined): void {
  const id = typeof ref === 'string' ? ref : ref?.id;
  const mandate = id ? fx.store.get<Stripe.Mandate>('mandate', id) : undefined;
  if (!mandate || mandate.status !== 'active') return;
  const next: Stripe.Mandate = { ...mandate, status: 'inactive' };
  fx.store.put('mandate', mandate.id, next);
  emit(fx, 'mandate.updated', next, { status: mandate.status });
}

type FailureCode = Exclude<PaymentOutcome, 'success' | 'processing'>;

/** Plain-words reasons for the ACH returns the sandbox emulates (the CLI shows them as is). */
export const FAILURE_MESSAGES: Record<FailureCode, string> = {
  insufficient_funds: "The customer's account has insufficient funds to cover this payment.",
  account_closed: "The customer's bank account has been closed.",
  no_account: "The customer's bank account could not be located.",
  debit_not_authorized: 'The customer has notified their bank that this payment was unauthorized.',
};

function outcomeFor(fx: Effects, pm: Stripe.PaymentMethod | undefined): PaymentOutcome {
  const fca = pm?.us_bank_account?.financial_connections_account;
  return (fca && getAccountMeta(fx.store, fca)?.payment_outcome) || 'success';
}

/**
 * Ends an ACH debit on the sandbox clock, by the linked account's test outcome. A
 * job that finds the intent moved on (canceled, reconfirmed) does nothing, so
 * cancel never has to unschedule anything.
 */
export const settlePaymentIntent: JobHandler = (jctx, ref, payload) => {
  const fx: Effects = { store: jctx.store, now: jctx.now };
  const intent = fx.store.get<Stripe.PaymentIntent>('payment_intent', ref);
  const chargeId = typeof payload.charge === 'string' ? payload.charge : undefined;
  if (!intent || intent.status !== 'processing' || !chargeId || intent.latest_charge !== chargeId) return;
  const charge = getCharge(fx.store, chargeId);
  if (!charge || charge.status !== 'pending') return;
  const pm = charge.payment_method ? fx.store.get<Stripe.PaymentMethod>('payment_method', charge.payment_method) : undefined;
  const outcome = outcomeFor(fx, pm);
  if (outcome === 'processing') return;
  if (outcome === 'success') {
    settleChargeSucceeded(fx, charge);
    const next: Stripe.PaymentIntent = { ...intent, status: 'succeeded', amount_received: intent.amount };
    fx.store.put('payment_intent', intent.id, next);
    emit(fx, 'payment_intent.succeeded', next, { status: intent.status, amount_received: intent.amount_received });
    return;
  }
  const message = FAILURE_MESSAGES[outcome];
  settleChargeFailed(fx, charge, outcome, message);
  const next: Stripe.PaymentIntent = {
    ...intent,
    status: 'requires_payment_method',
    // As on Stripe: the failed method moves into the error, and a retry needs a payment method again.
    payment_method: null,
    last_payment_error: {
      type: 'card_error',
      code: outcome,
      charge: charge.id,
      doc_url: `https://docs.stripe.com/error-codes/${outcome.replace(/_/g, '-')}`,
      message,
      ...(pm ? { payment_method: pm } : {}),
    },
  };
  fx.store.put('payment_intent', intent.id, next);
  emit(fx, 'payment_intent.payment_failed', next, { status: intent.status, last_payment_error: null, payment_method: intent.payment_method });
  if (MANDATE_ENDING.has(outcome)) endMandate(fx, charge.payment_method_details?.us_bank_account?.mandate);
};
