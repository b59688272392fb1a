import type Stripe from 'stripe';
import { mandateIdOf } from '../../../api/payments.js';
import type { Context } from '../../../context.js';
import { ApiError, FcError, ExitCode, PendingError } from '../../../errors.js';
import type { IO } from '../../../io/io.js';
import { formatMoney, formatMoneyWithMinor, formatTimestamp } from '../../../io/format.js';
import { printDetails, printJson, printTable } from '../../../io/render.js';
import { explainFailure } from '../../../payments/failures.js';
import { outcomeOf } from '../../../payments/record.js';
import type { OutputFormat } from '../../shared/output.js';
import { forDisplay } from '../../../io/sanitize.js';
import { statusColor } from '../../../io/status.js';

/** The bank account a payment debits, from whichever object still carries it (a failed intent drops payment_method). */
export function bankOf(pi: Stripe.PaymentIntent): { bank: string | null; last4: string | null; type: string | null; name: string | null } {
  const pm = typeof pi.payment_method === 'object' && pi.payment_method ? pi.payment_method : pi.last_payment_error?.payment_method;
  if (pm?.us_bank_account) {
    const b = pm.us_bank_account;
    return { bank: b.bank_name, last4: b.last4, type: b.account_type, name: pm.billing_details?.name ?? null };
  }
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const b = charge?.payment_method_details?.us_bank_account;
  return { bank: b?.bank_name ?? null, last4: b?.last4 ?? null, type: b?.account_type ?? null, name: charge?.billing_details?.name ?? null };
}

function bankLabel(pi: Stripe.PaymentIntent): string | null {
  const b = bankOf(pi);
  if (!b.last4) return null;
  return `${b.bank ?? 'Bank'} ••${b.last4}${b.type ? ` (${b.type})` : ''}`;
}

function customerOf(pi: Stripe.PaymentIntent): string | null {
  const c = typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
  return c ?? pi.customer_account ?? null;
}

function statusText(ctx: Context, pi: Stripe.PaymentIntent): string {
  const c = ctx.io.color;
  switch (outcomeOf(pi)) {
    case 'succeeded':
      return c.green('succeeded');
    case 'failed':
      return c.red(`failed (${pi.status})`);
    case 'canceled':
      return c.yellow(`canceled${pi.cancellation_reason ? ` (${pi.cancellation_reason})` : ''}`);
    default:
      return pi.status;
  }
}

function mandateText(mandateId: string | undefined, mandate: Stripe.Mandate | undefined): string | null {
  if (!mandateId) return null;
  const a = mandate?.customer_acceptance;
  if (!a) return mandateId;
  const where = a.online?.ip_address ? ` from ${a.online.ip_address}` : a.type === 'offline' ? ' offline' : '';
  const ua = a.online?.user_agent ? ` (${a.online.user_agent})` : '';
  return `${mandateId}, ${mandate.status}, ${mandate.type}: accepted ${formatTimestamp(a.accepted_at)}${where}${ua}`;
}

/**
 * The spinner text while a payment settles. A TTY spinner shows a ticking timer;
 * plain progress lines (logs, pipes) print on every change of text, so there the
 * text changes only with the status.
 */
export function waitingText(ctx: Context, pi: Pick<Stripe.PaymentIntent, 'id' | 'status'>, elapsedMs: number): string {
  const ticking = ctx.io.stderrIsTTY && ctx.env.TERM !== 'dumb' && !ctx.env.CI;
  return `Waiting for the bank to settle ${pi.id}: ${pi.status}${ticking ? ` (${Math.round(elapsedMs / 1000)}s)` : ''}`;
}

/** Stripe's fee and what lands in the balance, once the charge has a balance transaction (expanded). */
function feeRows(pi: Stripe.PaymentIntent): [string, string][] {
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const txn = charge && typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
  if (!txn) return [];
  const available = txn.status === 'available' ? 'available' : `available ${formatTimestamp(txn.available_on)}`;
  return [
    ['Fee', formatMoney(txn.fee, txn.currency)],
    ['Net', `${formatMoney(txn.net, txn.currency)} (${available}; ${txn.id})`],
  ];
}

export function printPayment(ctx: Context, pi: Stripe.PaymentIntent, mandate?: Stripe.Mandate): void {
  pi = forDisplay(pi);
  mandate = forDisplay(mandate);
  const err = pi.last_payment_error;
  const failure = err ? explainFailure(err.code, err.message) : undefined;
  const charge = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  printDetails(ctx.io, `Payment ${pi.id}`, [
    ['Amount', formatMoneyWithMinor(pi.amount, pi.currency)],
    ['Status', statusText(ctx, pi)],
    ['Customer', customerOf(pi)],
    ['Description', pi.description],
    ['Bank account', bankLabel(pi)],
    ['Billing name', bankOf(pi).name],
    ['Mandate', mandateText(mandateIdOf(pi), mandate)],
    ['Charge', charge ?? null],
    ...feeRows(pi),
    ['Created', formatTimestamp(pi.created)],
    ...(pi.canceled_at ? ([['Canceled', formatTimestamp(pi.canceled_at)]] as [string, string][]) : []),
    ...(failure ? ([['Failure', `${failure.code}: ${failure.reason}`]] as [string, string][]) : []),
  ]);
}

export function printPaymentTable(io: IO, list: Stripe.PaymentIntent[]): void {
  list = forDisplay(list);
  printTable(
    io,
    ['ID', 'Amount', 'Status', 'Customer', 'Bank', 'Created', 'Description'],
    list.map((pi) => {
      const b = bankOf(pi);
      const status = pi.last_payment_error?.code ? `failed: ${pi.last_payment_error.code}` : pi.status;
      return [pi.id, formatMoney(pi.amount, pi.currency), statusColor(io.color, status), customerOf(pi) ?? '—', b.last4 ? `••${b.last4}` : '—', formatTimestamp(pi.created), pi.description ?? '—'];
    }),
    'No payments found.',
    { drop: ['Bank', 'Customer', 'Created'] },
  );
}

export function paymentCsvRows(list: Stripe.PaymentIntent[]): (string | number)[][] {
  return list.map((pi) => [
    pi.id,
    pi.amount,
    pi.currency,
    pi.status,
    pi.last_payment_error?.code ?? '',
    customerOf(pi) ?? '',
    bankOf(pi).last4 ?? '',
    pi.created,
    pi.description ?? '',
  ]);
}
export const PAYMENT_CSV_HEADER = ['id', 'amount', 'currency', 'status', 'failure_code', 'customer', 'bank_last4', 'created', 'description'];

/**
 * Prints a payment as data (JSON or the details view), then turns its outcome
 * into the exit code: succeeded 0; failed or canceled 1 with the reason in plain
 * words and Stripe's code; still processing after a wait 5 (pending: the debit
 * goes on, its outcome is not known yet).
 */
export function reportOutcome(
  ctx: Context,
  pi: Stripe.PaymentIntent,
  opts: { format: OutputFormat; mandate?: Stripe.Mandate; timedOut?: boolean; waited: boolean; resume: string },
): void {
  if (opts.format === 'json') printJson(ctx.io, pi);
  else printPayment(ctx, pi, opts.mandate);
  const c = ctx.io.color;
  const amount = formatMoney(pi.amount, pi.currency);
  switch (outcomeOf(pi)) {
    case 'succeeded':
      ctx.io.err(c.green(`✔ ${amount} payment ${pi.id} succeeded.`));
      return;
    case 'failed': {
      const e = pi.last_payment_error!;
      const f = explainFailure(e.code, e.message);
      throw new ApiError(`Payment ${pi.id} failed: ${f.reason}`, { code: f.code, type: e.type }, f.next);
    }
    case 'canceled':
      throw new FcError(`Payment ${pi.id} was canceled${pi.cancellation_reason ? ` (${pi.cancellation_reason})` : ''}; nothing was debited.`, ExitCode.api);
    case 'processing':
      if (opts.timedOut) {
        throw new PendingError(
          `Payment ${pi.id} is still processing: its outcome is not known yet.`,
          `ACH debits can take days to settle. Run ${opts.resume} again to keep waiting, or check later with fc payments get ${pi.id}.`,
        );
      }
      if (!opts.waited) ctx.io.err(`Payment ${pi.id} is processing: ACH debits settle later. Follow it with: fc payments wait ${pi.id}`);
      return;
    default:
      throw new FcError(`Payment ${pi.id} is ${pi.status}: it is not on its way to the bank, so there is nothing to wait for.`, ExitCode.api);
  }
}
