import type Stripe from 'stripe';
import type { JobHandler, RequestContext, Route } from '../context.js';
import { newId } from '../ids.js';
import { invalidParam, invalidRequest, missingParam, missingResource } from '../wire/errors.js';
import { equalityConditions, listObjects } from '../wire/list.js';
import { mergeMetadata } from '../wire/params.js';
import { TYPE as TXN } from './balance-transactions.js';
import { getCharge } from './charges.js';
import { emit, type Effects } from './intent-params.js';

/**
 * Refunds of settled ACH debits. The refunded amount leaves the balance at once (a
 * `refund` balance transaction, no fee returned: Stripe keeps the ACH fee), and the
 * refund is `pending` until the bank credit goes out, one settle delay later.
 */
const TYPE = 'refund';
export const REFUND_JOB = 'refund.succeed';
const REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

function refundable(ctx: RequestContext): Stripe.Charge {
  const p = ctx.params;
  const chargeId = p.str('charge') ?? undefined;
  const intentId = p.str('payment_intent') ?? undefined;
  if (chargeId && intentId) {
    throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', { code: 'parameters_exclusive', param: 'payment_intent' });
  }
  if (!chargeId && !intentId) throw missingParam('charge');
  let charge: Stripe.Charge | undefined;
  if (intentId) {
    const intent = ctx.store.get<Stripe.PaymentIntent>('payment_intent', intentId);
    if (!intent) throw missingResource('payment_intent', intentId, 'payment_intent');
    const latest = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
    charge = latest ? getCharge(ctx.store, latest) : undefined;
    if (!charge) throw invalidRequest(`PaymentIntent ${intentId} has no charge to refund.`, { code: 'charge_not_refundable', param: 'payment_intent' });
  } else {
    charge = getCharge(ctx.store, chargeId!);
    if (!charge) throw missingResource('charge', chargeId!, 'charge');
  }
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} is ${charge.status}: only a succeeded charge can be refunded.`, { code: 'charge_not_refundable' });
  }
  if (charge.amount_refunded >= charge.amount) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  return charge;
}

function createRefund(ctx: RequestContext): Stripe.Refund {
  const p = ctx.params;
  const charge = refundable(ctx);
  const left = charge.amount - charge.amount_refunded;
  const amount = p.int('amount') ?? left;
  if (amount < 1) throw invalidParam('amount', `Invalid amount: must be at least 1, got ${amount}.`);
  if (amount > left) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`, { code: 'amount_too_large', param: 'amount' });
  }
  const reason = p.str('reason') ?? null;
  if (reason !== null && !REASONS.has(reason)) throw invalidParam('reason', `Invalid reason: must be one of ${[...REASONS].join(', ')}.`);
  const fx: Effects = { store: ctx.store, now: ctx.now, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
  const id = newId('re');
  const txn: Stripe.BalanceTransaction = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: -amount,
    available_on: ctx.now,
    balance_type: 'payments',
    created: ctx.now,
    currency: charge.currency,
    description: reason ? `REFUND FOR CHARGE (${reason})` : 'REFUND FOR CHARGE',
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: -amount,
    reporting_category: 'refund',
    source: id,
    status: 'available',
    type: 'refund',
  };
  ctx.store.insert({ id: txn.id, type: TXN, parent: id, sort: ctx.now, data: txn });
  const refund: Stripe.Refund = {
    id,
    object: 'refund',
    amount,
    balance_transaction: txn.id,
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    metadata: mergeMetadata({}, p.metadata()),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: reason as Stripe.Refund.Reason | null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'pending',
    transfer_reversal: null,
  };
  ctx.store.insert({ id, type: TYPE, parent: charge.id, sort: ctx.now, data: refund });
  const refunds = charge.refunds ?? { object: 'list' as const, data: [], has_more: false, url: `/v1/charges/${charge.id}/refunds` };
  const amountRefunded = charge.amount_refunded + amount;
  const next: Stripe.Charge = {
    ...charge,
    amount_refunded: amountRefunded,
    refunded: amountRefunded === charge.amount,
    refunds: { ...refunds, data: [refund, ...refunds.data] },
  };
  ctx.store.put('charge', charge.id, next);
  emit(fx, 'refund.created', refund);
  emit(fx, 'charge.refunded', next, { amount_refunded: charge.amount_refunded, refunded: charge.refunded });
  ctx.store.schedule(ctx.clock.nowMs() + ctx.settings.settleDelayMs, REFUND_JOB, id);
  return refund;
}

/** The bank credit went out: the refund succeeds. */
const succeed: JobHandler = (jctx, ref) => {
  const refund = jctx.store.get<Stripe.Refund>(TYPE, ref);
  if (!refund || refund.status !== 'pending') return;
  const next: Stripe.Refund = { ...refund, status: 'succeeded' };
  jctx.store.put(TYPE, ref, next);
  const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge?.id;
  const charge = chargeId ? getCharge(jctx.store, chargeId) : undefined;
  if (charge?.refunds) {
    jctx.store.put('charge', charge.id, { ...charge, refunds: { ...charge.refunds, data: charge.refunds.data.map((r) => (r.id === ref ? next : r)) } });
  }
  emit({ store: jctx.store, now: jctx.now }, 'refund.updated', next, { status: 'pending' });
};

function retrieveRefund(ctx: RequestContext): Stripe.Refund {
  const refund = ctx.store.get<Stripe.Refund>(TYPE, ctx.pathParams.refund!);
  if (!refund) throw missingResource('refund', ctx.pathParams.refund!, 'id');
  return refund;
}

function listRefunds(ctx: RequestContext) {
  const where = equalityConditions(ctx, { charge: 'parent', payment_intent: "json_extract(data, '$.payment_intent')" });
  return listObjects<Stripe.Refund>(ctx, '/v1/refunds', { type: TYPE, where });
}

export const refundRoutes: Route[] = [
  { method: 'POST', path: '/v1/refunds', handler: createRefund },
  { method: 'GET', path: '/v1/refunds', handler: listRefunds },
  { method: 'GET', path: '/v1/refunds/:refund', handler: retrieveRefund },
];

export const refundJobs: Record<string, JobHandler> = { [REFUND_JOB]: succeed };
