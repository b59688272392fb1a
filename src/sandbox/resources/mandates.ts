import { isIP } from 'node:net';
import type Stripe from 'stripe';
import type { RequestContext, Route } from '../context.js';
import { newId } from '../ids.js';
import type { Store } from '../store.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import type { Params } from '../wire/params.js';
import { expandObject } from './expand.js';
import type { Effects } from './intent-params.js';

export type Mandate = Stripe.Mandate;

/**
 * `mandate_data[customer_acceptance]`: Nacha rules require proof that the customer
 * accepted the debit terms, so every field that proves it is checked and named.
 */
export function readCustomerAcceptance(p: Params, now: number): Stripe.Mandate.CustomerAcceptance | undefined {
  const data = p.obj('mandate_data');
  if (!data) return undefined;
  const acceptance = data.requireObj('customer_acceptance');
  const type = acceptance.enumOf('type', ['online', 'offline'] as const);
  if (!type) throw invalidRequest(`Missing required param: ${acceptance.name('type')}.`, { code: 'parameter_missing', param: acceptance.name('type') });
  const acceptedAt = acceptance.int('accepted_at') ?? now;
  if (acceptedAt > now + 60) {
    throw invalidRequest(`${acceptance.name('accepted_at')} is in the future; the customer must have accepted the mandate already.`, {
      param: acceptance.name('accepted_at'),
    });
  }
  if (type === 'offline') return { accepted_at: acceptedAt, offline: {}, type };
  const online = acceptance.requireObj('online');
  const ip = online.requireStr('ip_address');
  if (isIP(ip) === 0) {
    throw invalidRequest(`Invalid IP address: ${ip}. ${online.name('ip_address')} must be the IPv4 or IPv6 address the customer accepted from.`, {
      param: online.name('ip_address'),
    });
  }
  const userAgent = online.requireStr('user_agent');
  return { accepted_at: acceptedAt, online: { ip_address: ip, user_agent: userAgent }, type };
}

export function createMandate(
  fx: Effects,
  opts: {
    paymentMethod: string;
    acceptance: Stripe.Mandate.CustomerAcceptance;
    usage: { type: 'multi_use' } | { type: 'single_use'; amount: number; currency: string };
    collectionMethod?: 'paper';
  },
): Mandate {
  const mandate: Mandate = {
    id: newId('mandate'),
    object: 'mandate',
    customer_acceptance: opts.acceptance,
    livemode: false,
    payment_method: opts.paymentMethod,
    payment_method_details: {
      type: 'us_bank_account',
      us_bank_account: opts.collectionMethod ? { collection_method: opts.collectionMethod } : {},
    },
    status: 'active',
    type: opts.usage.type,
    ...(opts.usage.type === 'multi_use' ? { multi_use: {} } : { single_use: { amount: opts.usage.amount, currency: opts.usage.currency } }),
  };
  fx.store.insert({ id: mandate.id, type: 'mandate', parent: opts.paymentMethod, sort: fx.now, data: mandate });
  return mandate;
}

/** An active multi-use mandate already on the payment method lets later debits skip mandate_data (off-session). */
export function reusableMandate(store: Store, paymentMethod: string): Mandate | undefined {
  return store.all<Mandate>('mandate', paymentMethod).find((m) => m.type === 'multi_use' && m.status === 'active');
}

/** `mandate=mandate_…`: it must exist, be active, and belong to the payment method being debited. */
export function existingMandate(store: Store, id: string, paymentMethod: string): Mandate {
  const mandate = store.get<Mandate>('mandate', id);
  if (!mandate) throw missingResource('mandate', id, 'mandate');
  if (mandate.status !== 'active' || mandate.payment_method !== paymentMethod) {
    throw invalidRequest(
      mandate.status !== 'active'
        ? `The mandate ${id} is ${mandate.status}; collect a new one with mandate_data.`
        : `The mandate ${id} was accepted for ${String(mandate.payment_method)}, not ${paymentMethod}; collect a new one with mandate_data.`,
      { code: 'payment_intent_mandate_invalid', param: 'mandate' },
    );
  }
  return mandate;
}

function getMandate(ctx: RequestContext): Mandate {
  const mandate = ctx.store.get<Mandate>('mandate', ctx.pathParams.mandate!);
  if (!mandate) throw missingResource('mandate', ctx.pathParams.mandate!, 'mandate');
  return expandObject(ctx, mandate, ['payment_method']);
}

export const mandateRoutes: Route[] = [{ method: 'GET', path: '/v1/mandates/:mandate', handler: getMandate }];
