import type Stripe from 'stripe';
import type { RequestContext, Route } from '../context.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { expandObject } from './expand.js';
import { atomic, emit, newIntentFields, readCurrency, readCustomerRefs, readPaymentMethodTypes, stripeKeyOrder, unexpectedState } from './intent-params.js';
import { createMandate, readCustomerAcceptance } from './mandates.js';
import { attachPaymentMethod, getPaymentMethod, readPaymentMethodParams, type PaymentMethod } from './payment-methods.js';

export type SetupIntent = Stripe.SetupIntent;

const EXPANDABLE = ['customer', 'payment_method', 'mandate', 'single_use_mandate'] as const;
const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation'] as const;

function getSetupIntent(ctx: RequestContext, id: string): SetupIntent {
  const seti = ctx.store.get<SetupIntent>('setup_intent', id);
  if (!seti) throw missingResource('setup_intent', id, 'intent');
  return seti;
}

function customerOf(seti: SetupIntent): string | null {
  return typeof seti.customer === 'string' ? seti.customer : (seti.customer?.id ?? null);
}

/** `single_use[amount]` + `[currency]`: the mandate then covers exactly one debit of that amount. */
function readSingleUse(ctx: RequestContext): { amount: number; currency: string } | undefined {
  const single = ctx.params.obj('single_use');
  if (!single) return undefined;
  return { amount: single.requireInt('amount'), currency: readCurrency(single, true)! };
}

function createSetupIntent(ctx: RequestContext): SetupIntent {
  const p = ctx.params;
  const types = readPaymentMethodTypes(p, 'setup_intent_invalid_parameter') ?? ['us_bank_account'];
  const refs = readCustomerRefs(ctx);
  const confirm = p.bool('confirm') ?? false;
  if (!confirm && p.has('mandate_data')) {
    throw invalidRequest('mandate_data can only be used with confirm=true.', { param: 'mandate_data' });
  }
  const singleUse = readSingleUse(ctx);
  const pm = readPaymentMethodParams(ctx, refs.customer ?? null);
  const seti: SetupIntent = stripeKeyOrder({
    ...newIntentFields(ctx, 'seti', refs, pm, types),
    object: 'setup_intent',
    allowed_payment_method_types: types as Stripe.SetupIntent.AllowedPaymentMethodType[],
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    flow_directions: p.enumArray('flow_directions', ['inbound', 'outbound'] as const) ?? null,
    last_setup_error: null,
    latest_attempt: null,
    mandate: null,
    payment_method_options: { us_bank_account: { verification_method: 'automatic' } },
    single_use_mandate: null,
    usage: singleUse ? 'on_session' : (p.enumOf('usage', ['off_session', 'on_session'] as const) ?? 'off_session'),
  });
  ctx.store.insert({ id: seti.id, type: 'setup_intent', parent: seti.customer as string | null, sort: ctx.now, data: seti });
  // The SetupIntent object does not show single_use; a private row keeps it for a later confirm.
  if (singleUse) ctx.store.insert({ id: `single_use_${seti.id}`, type: 'sandbox.seti_single_use', parent: seti.id, sort: ctx.now, data: singleUse });
  emit(ctx, 'setup_intent.created', seti);
  const result = confirm ? confirmWith(ctx, seti, pm, singleUse) : seti;
  return expandObject(ctx, result, EXPANDABLE);
}

/**
 * A linked (instantly verified) account needs no microdeposits, so confirming with
 * an accepted mandate succeeds at once and saves the method on the customer.
 */
function confirmWith(
  ctx: RequestContext,
  seti: SetupIntent,
  given: PaymentMethod | undefined,
  singleUse?: { amount: number; currency: string },
): SetupIntent {
  if (!(CONFIRMABLE as readonly string[]).includes(seti.status)) throw unexpectedState('SetupIntent', 'confirm', seti.status, CONFIRMABLE, seti);
  const pm = given ?? (seti.payment_method ? getPaymentMethod(ctx, seti.payment_method as string, 'payment_method') : undefined);
  if (!pm) {
    throw invalidRequest(
      "You cannot confirm this SetupIntent because it's missing a payment method. Pass payment_method=pm_… or payment_method_data[type]=us_bank_account with payment_method_data[us_bank_account][financial_connections_account]=fca_….",
      { code: 'parameter_missing', param: 'payment_method' },
    );
  }
  const acceptance = readCustomerAcceptance(ctx.params, ctx.now);
  if (!acceptance) {
    throw invalidRequest(
      'Saving a bank account for later debits needs the customer to accept the mandate: pass mandate_data[customer_acceptance][type]=online with mandate_data[customer_acceptance][online][ip_address] and [user_agent].',
      { code: 'parameter_missing', param: 'mandate_data' },
    );
  }
  const mandate = createMandate(ctx, {
    paymentMethod: pm.id,
    acceptance,
    usage: singleUse ? { type: 'single_use', ...singleUse } : { type: 'multi_use' },
  });
  const customer = customerOf(seti);
  if (customer) attachPaymentMethod(ctx, pm, customer);
  const next: SetupIntent = {
    ...seti,
    payment_method: pm.id,
    status: 'succeeded',
    mandate: singleUse ? null : mandate.id,
    single_use_mandate: singleUse ? mandate.id : null,
  };
  ctx.store.put('setup_intent', seti.id, next);
  emit(ctx, 'setup_intent.succeeded', next, { status: seti.status });
  return next;
}

function confirmSetupIntent(ctx: RequestContext): SetupIntent {
  const seti = getSetupIntent(ctx, ctx.pathParams.intent!);
  if (!(CONFIRMABLE as readonly string[]).includes(seti.status)) throw unexpectedState('SetupIntent', 'confirm', seti.status, CONFIRMABLE, seti);
  const pm = readPaymentMethodParams(ctx, customerOf(seti));
  const singleUse = ctx.store.get<{ amount: number; currency: string }>('sandbox.seti_single_use', `single_use_${seti.id}`);
  return expandObject(ctx, confirmWith(ctx, seti, pm, singleUse), EXPANDABLE);
}

function retrieveSetupIntent(ctx: RequestContext): SetupIntent {
  return expandObject(ctx, getSetupIntent(ctx, ctx.pathParams.intent!), EXPANDABLE);
}

export const setupIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/setup_intents', handler: atomic(createSetupIntent) },
  { method: 'GET', path: '/v1/setup_intents/:intent', handler: retrieveSetupIntent },
  { method: 'POST', path: '/v1/setup_intents/:intent/confirm', handler: atomic(confirmSetupIntent) },
];
