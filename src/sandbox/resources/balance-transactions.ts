import type Stripe from 'stripe';
import type { JobHandler, RequestContext, Route } from '../context.js';
import { newId } from '../ids.js';
import { invalidParam, missingResource } from '../wire/errors.js';
import { listObjects, rangeConditions } from '../wire/list.js';
import { expandList, expandObject } from './expand.js';
import type { Effects } from './intent-params.js';

/**
 * The money side of a payment: a succeeded ACH debit adds a `charge` balance
 * transaction with Stripe's fee, pending until the funds settle into the balance.
 * A debit that fails before it settles never reached the balance, so it has none
 * (its charge's `balance_transaction` stays null, as on Stripe).
 */
export const TYPE = 'balance_transaction';
export const AVAILABLE_JOB = 'balance_transaction.available';

/** US ACH Direct Debit pricing: 0.8% of the amount, capped at $5.00 (API.md §12). */
export function achDebitFee(amount: number): number {
  return Math.min(Math.round(amount * 0.008), 500);
}

/** Funds from a settled ACH debit become available two days later, at midnight UTC as Stripe dates them. */
const AVAILABLE_AFTER_DAYS = 2;

function availableOn(now: number): number {
  const midnight = Math.floor(now / 86_400) * 86_400;
  return midnight + (AVAILABLE_AFTER_DAYS + 1) * 86_400;
}

export function createChargeBalanceTransaction(fx: Effects & { schedule?: boolean }, charge: Stripe.Charge): Stripe.BalanceTransaction {
  const fee = charge.currency === 'usd' ? achDebitFee(charge.amount) : 0;
  const txn: Stripe.BalanceTransaction = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: charge.amount,
    available_on: availableOn(fx.now),
    balance_type: 'payments',
    created: fx.now,
    currency: charge.currency,
    description: charge.description,
    exchange_rate: null,
    fee,
    fee_details: fee ? [{ amount: fee, application: null, currency: charge.currency, description: 'Stripe processing fees', type: 'stripe_fee' }] : [],
    net: charge.amount - fee,
    reporting_category: 'charge',
    source: charge.id,
    status: 'pending',
    type: 'charge',
  };
  fx.store.insert({ id: txn.id, type: TYPE, parent: charge.id, sort: fx.now, data: txn });
  fx.store.schedule(txn.available_on * 1000, AVAILABLE_JOB, txn.id);
  return txn;
}

/** On its `available_on` the transaction's funds join the available balance. */
const makeAvailable: JobHandler = (jctx, ref) => {
  const txn = jctx.store.get<Stripe.BalanceTransaction>(TYPE, ref);
  if (txn && txn.status === 'pending') jctx.store.put(TYPE, ref, { ...txn, status: 'available' });
};

function retrieve(ctx: RequestContext): Stripe.BalanceTransaction {
  const txn = ctx.store.get<Stripe.BalanceTransaction>(TYPE, ctx.pathParams.id!);
  if (!txn) throw missingResource('balance transaction', ctx.pathParams.id!, 'id');
  return expandObject(ctx, txn, ['source']);
}

const TYPES = new Set<string>(['charge', 'refund', 'payment_failure_refund', 'adjustment', 'payout']);

function list(ctx: RequestContext) {
  const where = [...rangeConditions(ctx, 'created', 'sort')];
  const source = ctx.params.str('source');
  if (source) where.push({ sql: 'parent = ?', params: [source] });
  const type = ctx.params.str('type');
  if (type) {
    if (!TYPES.has(type)) throw invalidParam('type', `Invalid type: ${type.slice(0, 40)}.`);
    where.push({ sql: "json_extract(data, '$.type') = ?", params: [type] });
  }
  const currency = ctx.params.str('currency');
  if (currency) where.push({ sql: "json_extract(data, '$.currency') = ?", params: [currency.toLowerCase()] });
  const page = listObjects<Stripe.BalanceTransaction>(ctx, '/v1/balance_transactions', { type: TYPE, where });
  return { ...page, data: expandList(ctx, page.data as Stripe.BalanceTransaction[], ['source']) };
}

type Funds = Stripe.Balance.Available;

/** Sums nets per currency; every sandbox payment is an ACH debit, so its source type is bank_account. */
function sumByCurrency(txns: Stripe.BalanceTransaction[]): Funds[] {
  const sums = new Map<string, number>([['usd', 0]]);
  for (const t of txns) sums.set(t.currency, (sums.get(t.currency) ?? 0) + t.net);
  return [...sums].map(([currency, amount]) => ({ amount, currency, source_types: { bank_account: amount } }));
}

/**
 * `GET /v1/balance`: where the balance transactions' money is, as Stripe reports it —
 * pending until each one's available_on, then available (a refund leaves at once).
 */
function balance(ctx: RequestContext): Stripe.Balance {
  const txns = ctx.store.all<Stripe.BalanceTransaction>(TYPE);
  return {
    object: 'balance',
    available: sumByCurrency(txns.filter((t) => t.status === 'available')),
    livemode: false,
    pending: sumByCurrency(txns.filter((t) => t.status !== 'available')),
  };
}

export const balanceTransactionRoutes: Route[] = [
  { method: 'GET', path: '/v1/balance', handler: balance },
  { method: 'GET', path: '/v1/balance_transactions', handler: list },
  { method: 'GET', path: '/v1/balance_transactions/:id', handler: retrieve },
];

export const balanceTransactionJobs: Record<string, JobHandler> = { [AVAILABLE_JOB]: makeAvailable };
