import type Stripe from 'stripe';
import type { RequestContext, Route } from '../context.js';
import { newId } from '../ids.js';
import { missingResource } from '../wire/errors.js';
import { expandObject } from './expand.js';
import { emit, type Effects } from './intent-params.js';
import { createChargeBalanceTransaction } from './balance-transactions.js';

export type Charge = Stripe.Charge;

/** The ACH debit behind a confirmed PaymentIntent: `pending` until the sandbox clock settles it. */
export function createAchCharge(
  fx: Effects,
  opts: { intent: Stripe.PaymentIntent; pm: Stripe.PaymentMethod; mandate: string; expectedDebitDate: string },
): Charge {
  const { intent, pm } = opts;
  const bank = pm.us_bank_account!;
  const charge: Charge = {
    id: newId('py'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: intent.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: intent.statement_descriptor ?? 'FC SANDBOX',
    captured: true,
    created: fx.now,
    currency: intent.currency,
    customer: typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null),
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: null,
    paid: false,
    payment_intent: intent.id,
    payment_method: pm.id,
    payment_method_details: {
      type: 'us_bank_account',
      us_bank_account: {
        account_holder_type: bank.account_holder_type,
        account_type: bank.account_type,
        bank_name: bank.bank_name,
        expected_debit_date: opts.expectedDebitDate,
        fingerprint: bank.fingerprint,
        last4: bank.last4,
        mandate: opts.mandate,
        payment_reference: null,
        routing_number: bank.routing_number,
      },
    },
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: '' },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: intent.statement_descriptor,
    statement_descriptor_suffix: intent.statement_descriptor_suffix,
    status: 'pending',
    transfer_data: null,
    transfer_group: null,
  };
  charge.refunds!.url = `/v1/charges/${charge.id}/refunds`;
  fx.store.insert({ id: charge.id, type: 'charge', parent: intent.id, sort: fx.now, data: charge });
  emit(fx, 'charge.pending', charge);
  return charge;
}

export function getCharge(store: Effects['store'], id: string): Charge | undefined {
  return store.get<Charge>('charge', id);
}

export function settleChargeSucceeded(fx: Effects, charge: Charge): Charge {
  const txn = createChargeBalanceTransaction(fx, charge);
  const next: Charge = {
    ...charge,
    balance_transaction: txn.id,
    paid: true,
    status: 'succeeded',
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'not_assessed',
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
  };
  fx.store.put('charge', charge.id, next);
  emit(fx, 'charge.succeeded', next, { status: charge.status, paid: charge.paid, outcome: charge.outcome, balance_transaction: null });
  return next;
}

/** `code` null means the debit was withdrawn before it settled (the intent was canceled). */
export function settleChargeFailed(fx: Effects, charge: Charge, code: string | null, message: string): Charge {
  const next: Charge = {
    ...charge,
    amount_captured: 0,
    captured: false,
    failure_code: code,
    failure_message: message,
    status: 'failed',
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: code,
      network_status: code ? 'declined_by_network' : 'not_sent_to_network',
      reason: code,
      risk_level: 'not_assessed',
      seller_message: code ? 'The bank returned this debit.' : 'The debit was canceled before it was sent to the bank.',
      type: code ? 'issuer_declined' : 'invalid',
    },
  };
  fx.store.put('charge', charge.id, next);
  emit(fx, 'charge.failed', next, { status: charge.status, failure_code: charge.failure_code, failure_message: charge.failure_message });
  return next;
}

function retrieveCharge(ctx: RequestContext): Charge {
  const charge = getCharge(ctx.store, ctx.pathParams.charge!);
  if (!charge) throw missingResource('charge', ctx.pathParams.charge!, 'id');
  return expandObject(ctx, charge, ['customer', 'payment_intent', 'balance_transaction', 'payment_method']);
}

export const chargeRoutes: Route[] = [{ method: 'GET', path: '/v1/charges/:charge', handler: retrieveCharge }];
