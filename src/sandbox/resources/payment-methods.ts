import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { RequestContext, Route } from '../context.js';
import { newId } from '../ids.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { equalityConditions, listObjects } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import { usableFcAccount } from './ach-accounts.js';
import { emit, type Effects } from './intent-params.js';

export type PaymentMethod = Stripe.PaymentMethod;

/** Stripe's test routing number; used when an account has no sandbox meta record. */
const TEST_ROUTING = '110000000';

function fingerprint(routing: string, account: string): string {
  // Same bank account → same fingerprint, whichever link produced it (that is what fingerprints are for).
  return createHash('sha256').update(`${routing}:${account}`).digest('base64url').slice(0, 16);
}

function readBillingDetails(p: Params | undefined, prefix: string): Stripe.PaymentMethod.BillingDetails {
  const name = p?.str('name');
  if (!name) {
    throw invalidRequest(
      `Missing required param: ${prefix}[billing_details][name]. ACH Direct Debit needs the account holder's name on the payment method.`,
      { code: 'parameter_missing', param: `${prefix}[billing_details][name]` },
    );
  }
  return {
    address: p?.address('address') ?? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
    email: p?.str('email') ?? null,
    name,
    phone: p?.str('phone') ?? null,
    tax_id: p?.str('tax_id') ?? null,
  };
}

/**
 * `payment_method_data` (prefix names it in errors) → a stored us_bank_account
 * PaymentMethod built from a linked Financial Connections account.
 */
export function createPaymentMethodFromData(ctx: RequestContext, data: Params, prefix: string): PaymentMethod {
  const type = data.requireStr('type');
  if (type !== 'us_bank_account') {
    throw invalidRequest(`${prefix}[type] must be us_bank_account: the fc sandbox only supports ACH Direct Debit.`, {
      code: 'payment_method_unsupported_type',
      param: `${prefix}[type]`,
    });
  }
  const bank = data.obj('us_bank_account');
  const fcaParam = `${prefix}[us_bank_account][financial_connections_account]`;
  const fcaId = bank?.str('financial_connections_account');
  if (!fcaId) {
    throw invalidRequest(
      `Missing required param: ${fcaParam}. The sandbox creates us_bank_account payment methods from linked accounts only (manual account entry needs microdeposits, which it does not emulate).`,
      { code: 'parameter_missing', param: fcaParam },
    );
  }
  const billing = readBillingDetails(data.obj('billing_details'), prefix);
  const { account, meta } = usableFcAccount(ctx.store, fcaId, fcaParam);
  const routing = meta?.routing_number ?? TEST_ROUTING;
  const accountNumber = meta?.account_number ?? `00000000${account.last4 ?? '6789'}`;
  const holderType = bank?.enumOf('account_holder_type', ['individual', 'company'] as const) ?? 'individual';
  const pm: PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: data.enumOf('allow_redisplay', ['always', 'limited', 'unspecified'] as const) ?? 'unspecified',
    billing_details: billing,
    created: ctx.now,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: mergeMetadata({}, data.metadata()),
    type: 'us_bank_account',
    us_bank_account: {
      account_holder_type: holderType,
      account_type: account.subcategory === 'savings' ? 'savings' : 'checking',
      bank_name: account.institution_name,
      financial_connections_account: account.id,
      fingerprint: fingerprint(routing, accountNumber),
      last4: account.last4 ?? accountNumber.slice(-4),
      networks: { preferred: 'ach', supported: ['ach'] },
      routing_number: routing,
      status_details: null,
    },
  };
  ctx.store.insert({ id: pm.id, type: 'payment_method', sort: ctx.now, data: pm });
  return pm;
}

export function getPaymentMethod(ctx: { store: Effects['store'] }, id: string, param?: string): PaymentMethod {
  const pm = ctx.store.get<PaymentMethod>('payment_method', id);
  if (!pm) throw missingResource('PaymentMethod', id, param);
  return pm;
}

/** A payment method belongs to at most one customer; using another customer's is refused. */
export function checkOwner(pm: PaymentMethod, customer: string | null | undefined, param: string): void {
  if (pm.customer && customer && pm.customer !== customer) {
    throw invalidRequest(`The PaymentMethod ${pm.id} is attached to customer ${String(pm.customer)}, not ${customer}. Use a payment method of this customer.`, {
      code: 'payment_method_invalid_parameter',
      param,
    });
  }
}

/** Saves the payment method on the customer, for later debits (setup intents, setup_future_usage). */
export function attachPaymentMethod(fx: Effects, pm: PaymentMethod, customer: string): PaymentMethod {
  if (pm.customer === customer) return pm;
  const next: PaymentMethod = { ...pm, customer };
  fx.store.put('payment_method', pm.id, next);
  emit(fx, 'payment_method.attached', next);
  return next;
}

/** `payment_method=pm_…` or `payment_method_data[…]` (which creates one); undefined when neither is given. */
export function readPaymentMethodParams(ctx: RequestContext, customer: string | null): PaymentMethod | undefined {
  const p = ctx.params;
  if (p.has('payment_method') && p.has('payment_method_data')) {
    throw invalidRequest('You may only specify one of these parameters: payment_method, payment_method_data.', {
      code: 'parameters_exclusive',
      param: 'payment_method_data',
    });
  }
  const id = p.str('payment_method');
  if (id) {
    const pm = getPaymentMethod(ctx, id, 'payment_method');
    checkOwner(pm, customer, 'payment_method');
    return pm;
  }
  const data = p.obj('payment_method_data');
  return data ? createPaymentMethodFromData(ctx, data, 'payment_method_data') : undefined;
}

function listPaymentMethods(ctx: RequestContext) {
  const where = equalityConditions(ctx, { customer: "json_extract(data, '$.customer')", type: "json_extract(data, '$.type')" });
  return listObjects(ctx, '/v1/payment_methods', { type: 'payment_method', where });
}

export const paymentMethodRoutes: Route[] = [
  { method: 'GET', path: '/v1/payment_methods', handler: listPaymentMethods },
  { method: 'GET', path: '/v1/payment_methods/:pm', handler: (ctx) => getPaymentMethod(ctx, ctx.pathParams.pm!) },
];
