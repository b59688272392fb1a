import type Stripe from 'stripe';
import type { RequestContext, Route } from '../context.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { listObjects, rangeConditions } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import { SETTLE_JOB } from './ach-settlement.js';
import { createAchCharge, getCharge, settleChargeFailed } from './charges.js';
import { expandList, expandObject } from './expand.js';
import { atomic, checkAmount, emit, newIntentFields, readCurrency, readCustomerRefs, readPaymentMethodTypes, stripeKeyOrder, unexpectedState } from './intent-params.js';
import { createMandate, existingMandate, readCustomerAcceptance, reusableMandate } from './mandates.js';
import { attachPaymentMethod, getPaymentMethod, readPaymentMethodParams, type PaymentMethod } from './payment-methods.js';

export type PaymentIntent = Stripe.PaymentIntent;

const EXPANDABLE = ['customer', 'payment_method', 'latest_charge'] as const;
const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation'] as const;
const UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'] as const;
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'] as const;

/** Fields Stripe lets you change whatever the status. */
const ALWAYS_UPDATABLE = ['description', 'metadata', 'receipt_email', 'shipping', 'expand'];

function getIntent(ctx: RequestContext, id: string): PaymentIntent {
  const intent = ctx.store.get<PaymentIntent>('payment_intent', id);
  if (!intent) throw missingResource('payment_intent', id, 'intent');
  return intent;
}

function save(ctx: RequestContext, intent: PaymentIntent): PaymentIntent {
  ctx.store.put('payment_intent', intent.id, intent);
  return intent;
}

function customerId(intent: PaymentIntent): string | null {
  return typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null);
}

function readSetupFutureUsage(p: Params): 'off_session' | 'on_session' | null | undefined {
  if (p.has('setup_future_usage') && p.str('setup_future_usage') === null) return null;
  return p.enumOf('setup_future_usage', ['off_session', 'on_session'] as const);
}

function readMethodOptions(p: Params): Stripe.PaymentIntent.PaymentMethodOptions | undefined {
  const bank = p.obj('payment_method_options')?.obj('us_bank_account');
  if (!bank) return undefined;
  const collection = bank.obj('mandate_options')?.enumOf('collection_method', ['paper'] as const);
  return {
    us_bank_account: {
      verification_method: bank.enumOf('verification_method', ['automatic', 'instant', 'microdeposits'] as const) ?? 'automatic',
      ...(collection ? { mandate_options: { collection_method: collection } } : {}),
    },
  };
}

function createIntent(ctx: RequestContext): PaymentIntent {
  const p = ctx.params;
  const amount = p.requireInt('amount');
  const currency = readCurrency(p, true)!;
  checkAmount(amount, currency);
  const types = readPaymentMethodTypes(p, 'payment_intent_invalid_parameter') ?? ['us_bank_account'];
  const refs = readCustomerRefs(ctx);
  const confirm = p.bool('confirm') ?? false;
  if (!confirm) {
    for (const key of ['mandate', 'mandate_data', 'off_session']) {
      if (p.has(key)) throw invalidRequest(`${key} can only be used with confirm=true.`, { param: key });
    }
  }
  const pm = readPaymentMethodParams(ctx, refs.customer ?? null);
  const intent: PaymentIntent = stripeKeyOrder({
    ...newIntentFields(ctx, 'pi', refs, pm, types),
    object: 'payment_intent',
    allowed_payment_method_types: types as Stripe.PaymentIntent.AllowedPaymentMethodType[],
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.enumOf('capture_method', ['automatic', 'automatic_async'] as const) ?? 'automatic_async',
    confirmation_method: p.enumOf('confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic',
    currency,
    last_payment_error: null,
    latest_charge: null,
    managed_payments: null,
    payment_method_options: readMethodOptions(p) ?? { us_bank_account: { verification_method: 'automatic' } },
    payment_record: null,
    processing: null,
    receipt_email: p.str('receipt_email') ?? null,
    review: null,
    setup_future_usage: readSetupFutureUsage(p) ?? null,
    shipping: null,
    source: null,
    statement_descriptor: p.str('statement_descriptor') ?? null,
    statement_descriptor_suffix: p.str('statement_descriptor_suffix') ?? null,
    transfer_data: null,
    transfer_group: p.str('transfer_group') ?? null,
  });
  ctx.store.insert({ id: intent.id, type: 'payment_intent', parent: intent.customer as string | null, sort: ctx.now, data: intent });
  emit(ctx, 'payment_intent.created', intent);
  const result = confirm ? confirmWith(ctx, intent, pm) : intent;
  return expandObject(ctx, result, EXPANDABLE);
}

/**
 * Starts the ACH debit: a mandate (new from mandate_data, given, or the saved
 * multi-use one), a pending `py_` charge, status `processing`, and a job that
 * settles it after `settleDelayMs` of sandbox time.
 */
function confirmWith(ctx: RequestContext, intent: PaymentIntent, given: PaymentMethod | undefined): PaymentIntent {
  if (!(CONFIRMABLE as readonly string[]).includes(intent.status)) throw unexpectedState('PaymentIntent', 'confirm', intent.status, CONFIRMABLE, intent);
  const p = ctx.params;
  const pm = given ?? (intent.payment_method ? getPaymentMethod(ctx, intent.payment_method as string, 'payment_method') : undefined);
  if (!pm) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Pass payment_method=pm_… or payment_method_data[type]=us_bank_account with payment_method_data[us_bank_account][financial_connections_account]=fca_….",
      { code: 'parameter_missing', param: 'payment_method' },
    );
  }
  const sfu = readSetupFutureUsage(p) ?? intent.setup_future_usage;
  const acceptance = readCustomerAcceptance(p, ctx.now);
  const mandateId = p.str('mandate');
  if (acceptance && mandateId) {
    throw invalidRequest('You may only specify one of these parameters: mandate, mandate_data.', { code: 'parameters_exclusive', param: 'mandate_data' });
  }
  const collectionMethod = (readMethodOptions(p) ?? intent.payment_method_options)?.us_bank_account?.mandate_options?.collection_method;
  const mandate = mandateId
    ? existingMandate(ctx.store, mandateId, pm.id)
    : acceptance
      ? createMandate(ctx, {
          paymentMethod: pm.id,
          acceptance,
          usage: sfu ? { type: 'multi_use' } : { type: 'single_use', amount: intent.amount, currency: intent.currency },
          collectionMethod: collectionMethod === 'paper' ? 'paper' : undefined,
        })
      : reusableMandate(ctx.store, pm.id);
  if (!mandate) {
    throw invalidRequest(
      'ACH Direct Debit needs proof that the customer accepted the mandate: pass mandate_data[customer_acceptance][type]=online with mandate_data[customer_acceptance][online][ip_address] and [user_agent], or mandate=mandate_… .',
      { code: 'parameter_missing', param: 'mandate_data' },
    );
  }
  const customer = customerId(intent);
  const usedPm = sfu && customer ? attachPaymentMethod(ctx, pm, customer) : pm;
  const settleAtMs = ctx.clock.nowMs() + ctx.settings.settleDelayMs;
  const pending: PaymentIntent = {
    ...intent,
    payment_method: usedPm.id,
    setup_future_usage: sfu ?? null,
    receipt_email: p.str('receipt_email') ?? intent.receipt_email,
    last_payment_error: null,
  };
  const charge = createAchCharge(ctx, { intent: pending, pm: usedPm, mandate: mandate.id, expectedDebitDate: new Date(settleAtMs).toISOString().slice(0, 10) });
  const next = save(ctx, { ...pending, status: 'processing', latest_charge: charge.id });
  emit(ctx, 'payment_intent.processing', next, { status: intent.status, latest_charge: intent.latest_charge });
  ctx.store.schedule(settleAtMs, SETTLE_JOB, next.id, { charge: charge.id });
  return next;
}

function confirmIntent(ctx: RequestContext): PaymentIntent {
  const intent = getIntent(ctx, ctx.pathParams.intent!);
  if (!(CONFIRMABLE as readonly string[]).includes(intent.status)) throw unexpectedState('PaymentIntent', 'confirm', intent.status, CONFIRMABLE, intent);
  if (ctx.params.has('allowed_payment_method_types') || ctx.params.has('payment_method_types')) {
    readPaymentMethodTypes(ctx.params, 'payment_intent_invalid_parameter');
  }
  const pm = readPaymentMethodParams(ctx, customerId(intent));
  return expandObject(ctx, confirmWith(ctx, intent, pm), EXPANDABLE);
}

function updateIntent(ctx: RequestContext): PaymentIntent {
  const p = ctx.params;
  const current = getIntent(ctx, ctx.pathParams.intent!);
  const restricted = p.keys().filter((k) => !ALWAYS_UPDATABLE.includes(k));
  if (restricted.length && !(UPDATABLE as readonly string[]).includes(current.status)) {
    throw unexpectedState('PaymentIntent', 'update', current.status, UPDATABLE, current);
  }
  const next: PaymentIntent = { ...current };
  if (p.has('description')) next.description = p.str('description') ?? null;
  if (p.has('metadata')) next.metadata = mergeMetadata(current.metadata, p.metadata());
  if (p.has('receipt_email')) next.receipt_email = p.str('receipt_email') ?? null;
  const currency = readCurrency(p, false);
  if (currency) next.currency = currency;
  const amount = p.int('amount');
  if (amount !== undefined) next.amount = amount;
  if (amount !== undefined || currency) checkAmount(next.amount, next.currency);
  const types = readPaymentMethodTypes(p, 'payment_intent_invalid_parameter');
  if (types) {
    next.payment_method_types = types;
    next.allowed_payment_method_types = types as Stripe.PaymentIntent.AllowedPaymentMethodType[];
  }
  if (p.has('customer') || p.has('customer_account')) {
    const refs = readCustomerRefs(ctx);
    if (refs.customer !== undefined) next.customer = refs.customer;
    if (refs.customer_account !== undefined) next.customer_account = refs.customer_account;
  }
  const sfu = readSetupFutureUsage(p);
  if (sfu !== undefined) next.setup_future_usage = sfu;
  if (p.has('statement_descriptor')) next.statement_descriptor = p.str('statement_descriptor') ?? null;
  if (p.has('statement_descriptor_suffix')) next.statement_descriptor_suffix = p.str('statement_descriptor_suffix') ?? null;
  const options = readMethodOptions(p);
  if (options) next.payment_method_options = options;
  if (p.has('payment_method') || p.has('payment_method_data')) {
    next.payment_method = readPaymentMethodParams(ctx, customerId(next))?.id ?? null;
    if (next.status !== 'requires_action') next.status = next.payment_method ? 'requires_confirmation' : 'requires_payment_method';
  }
  return expandObject(ctx, save(ctx, next), EXPANDABLE);
}

function cancelIntent(ctx: RequestContext): PaymentIntent {
  const p = ctx.params;
  const intent = getIntent(ctx, ctx.pathParams.intent!);
  if (!(CANCELABLE as readonly string[]).includes(intent.status)) throw unexpectedState('PaymentIntent', 'cancel', intent.status, CANCELABLE, intent);
  const reason = p.enumOf('cancellation_reason', ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  if (intent.status === 'processing' && typeof intent.latest_charge === 'string') {
    // The debit had not settled: withdraw it, so the charge does not stay pending forever.
    const charge = getCharge(ctx.store, intent.latest_charge);
    if (charge?.status === 'pending') settleChargeFailed(ctx, charge, null, 'The PaymentIntent was canceled before the debit settled.');
  }
  const next = save(ctx, { ...intent, status: 'canceled', canceled_at: ctx.now, cancellation_reason: reason });
  emit(ctx, 'payment_intent.canceled', next, { status: intent.status, canceled_at: null, cancellation_reason: null });
  return expandObject(ctx, next, EXPANDABLE);
}

function retrieveIntent(ctx: RequestContext): PaymentIntent {
  return expandObject(ctx, getIntent(ctx, ctx.pathParams.intent!), EXPANDABLE);
}

function listIntents(ctx: RequestContext) {
  const where = rangeConditions(ctx, 'created', 'sort');
  const customer = ctx.params.str('customer');
  // Filter on the JSON field, not the row's parent: an update can set the customer later.
  if (customer) where.push({ sql: "json_extract(data, '$.customer') = ?", params: [customer] });
  const account = ctx.params.str('customer_account');
  if (account) where.push({ sql: "json_extract(data, '$.customer_account') = ?", params: [account] });
  const list = listObjects(ctx, '/v1/payment_intents', { type: 'payment_intent', where });
  return { ...list, data: expandList(ctx, list.data as PaymentIntent[], EXPANDABLE) };
}

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: atomic(createIntent) },
  { method: 'GET', path: '/v1/payment_intents', handler: listIntents },
  { method: 'GET', path: '/v1/payment_intents/:intent', handler: retrieveIntent },
  { method: 'POST', path: '/v1/payment_intents/:intent', handler: atomic(updateIntent) },
  { method: 'POST', path: '/v1/payment_intents/:intent/confirm', handler: atomic(confirmIntent) },
  { method: 'POST', path: '/v1/payment_intents/:intent/cancel', handler: atomic(cancelIntent) },
];
