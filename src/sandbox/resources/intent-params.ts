import type Stripe from 'stripe';
import type { Handler, RequestContext } from '../context.js';
import { emitEvent } from '../events.js';
import type { Store } from '../store.js';
import { newId, newSecret } from '../ids.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import { getV2Account } from './v2accounts.js';

/** What a state change needs, in a request or in a job running on the sandbox clock. */
export interface Effects {
  store: Store;
  now: number;
  requestId?: string;
  idempotencyKey?: string;
}

export function emit(fx: Effects, type: string, object: unknown, previous?: Record<string, unknown>): void {
  emitEvent(fx.store, fx.now, type, object, { previous, requestId: fx.requestId, idempotencyKey: fx.idempotencyKey });
}

/**
 * The server commits a handler's writes even when it answers with an error, so a
 * create-and-confirm that fails half way would leave a PaymentMethod or intent
 * behind. A nested better-sqlite3 transaction is a savepoint: a throw undoes it.
 */
export function atomic(handler: Handler): Handler {
  return (ctx) => ctx.store.db.transaction(() => handler(ctx))();
}

export const MIN_USD_AMOUNT = 50;
export const MAX_AMOUNT = 99_999_999;

export function checkAmount(amount: number, currency: string): void {
  if (amount < MIN_USD_AMOUNT) {
    throw invalidRequest(`Amount must be at least $0.50 ${currency}: amount is in cents, so 50 or more.`, { code: 'amount_too_small', param: 'amount' });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than $999,999.99 ${currency}.`, { code: 'amount_too_large', param: 'amount' });
  }
}

/** ACH debits move US dollars only; any other currency is refused with the reason. */
export function readCurrency(p: Params, required: boolean): string | undefined {
  const raw = required ? p.requireStr('currency') : p.str('currency');
  if (raw === undefined || raw === null) {
    if (raw === null) throw invalidRequest('currency cannot be empty.', { code: 'parameter_invalid_empty', param: 'currency' });
    return undefined;
  }
  const currency = raw.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${raw}. Use a three-letter ISO code such as usd.`, { param: 'currency' });
  if (currency !== 'usd') {
    throw invalidRequest(`The currency provided (${currency}) is invalid for us_bank_account payments, which support only usd.`, {
      code: 'payment_intent_invalid_parameter',
      param: 'currency',
    });
  }
  return currency;
}

/**
 * `allowed_payment_method_types` (stripe-node 23) and `payment_method_types` (older
 * clients, curl) mean the same; the sandbox settles only us_bank_account.
 */
export function readPaymentMethodTypes(p: Params, intentCode: string): string[] | undefined {
  const allowed = p.strArray('allowed_payment_method_types');
  const legacy = p.strArray('payment_method_types');
  if (allowed && legacy && allowed.join() !== legacy.join()) {
    throw invalidRequest('You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.', {
      code: 'parameters_exclusive',
      param: 'payment_method_types',
    });
  }
  const types = allowed ?? legacy;
  if (types === undefined) return undefined;
  const name = allowed ? 'allowed_payment_method_types' : 'payment_method_types';
  if (types.length === 0) throw invalidRequest(`${name} cannot be empty.`, { code: 'parameter_invalid_empty', param: name });
  types.forEach((t, i) => {
    if (t !== 'us_bank_account') {
      throw invalidRequest(`The payment method type "${t}" is not available in the fc sandbox, which supports only us_bank_account.`, {
        code: intentCode,
        param: `${name}[${i}]`,
      });
    }
  });
  return [...new Set(types)];
}

/** `customer` / `customer_account`: each, when given, must name an existing object. */
export function readCustomerRefs(ctx: RequestContext): { customer?: string | null; customer_account?: string | null } {
  const p = ctx.params;
  const customer = p.str('customer');
  if (customer && !ctx.store.get<Stripe.Customer>('customer', customer)) throw missingResource('customer', customer, 'customer');
  const account = p.str('customer_account');
  if (account && !getV2Account(ctx, account)) throw missingResource('account', account, 'customer_account');
  return { customer, customer_account: account };
}

const PARTICIPLE = { confirm: 'confirmed', cancel: 'canceled', update: 'updated' } as const;

export function unexpectedState(
  kind: 'PaymentIntent' | 'SetupIntent',
  action: keyof typeof PARTICIPLE,
  status: string,
  allowed: readonly string[],
  intent: unknown,
) {
  const err = invalidRequest(
    `You cannot ${action} this ${kind} because it has a status of ${status}. Only a ${kind} with one of the following statuses may be ${PARTICIPLE[action]}: ${allowed.join(', ')}.`,
    { code: kind === 'PaymentIntent' ? 'payment_intent_unexpected_state' : 'setup_intent_unexpected_state' },
  );
  if (kind === 'PaymentIntent') err.body.payment_intent = intent;
  return err;
}

/**
 * What a new PaymentIntent and a new SetupIntent share, read from the same
 * parameters. Callers pass the whole object through `stripeKeyOrder`.
 */
export function newIntentFields(ctx: RequestContext, prefix: 'pi' | 'seti', refs: ReturnType<typeof readCustomerRefs>, pm: { id: string } | undefined, types: string[]) {
  const id = newId(prefix);
  return {
    id,
    client_secret: newSecret(id),
    created: ctx.now,
    customer: refs.customer ?? null,
    customer_account: refs.customer_account ?? null,
    description: ctx.params.str('description') ?? null,
    excluded_payment_method_types: null,
    livemode: false,
    metadata: mergeMetadata({}, ctx.params.metadata()),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_types: types,
    status: pm ? ('requires_confirmation' as const) : ('requires_payment_method' as const),
  };
}

/** Stripe's own key order: id and object, then the rest alphabetically (as in its fixtures). */
export function stripeKeyOrder<T extends { id: string; object: string }>(o: T): T {
  const { id, object, ...rest } = o;
  return { id, object, ...Object.fromEntries(Object.keys(rest).sort().map((k) => [k, rest[k as keyof typeof rest]])) } as T;
}
