import type Stripe from 'stripe';
import { cancelPayment, getPayment } from '../../api/payments.js';
import { CancelError, UsageError } from '../../errors.js';
import { formatMoney } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { liveGuard, liveGuardPrecheck } from '../shared/live-guard.js';
import { shown } from '../shared/validate.js';
import { bankOf, printPayment } from './shared/render.js';
import { stateWrite } from '../../api/write-journal.js';
import { argument, defineCommand, option } from '../define.js';
import { pickPayment, idOrPick, PAYMENT_ID } from '../shared/pick.js';

const REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const;
type Reason = Stripe.PaymentIntentCancelParams.CancellationReason;

function parseReason(value: string | undefined): Reason | undefined {
  if (value === undefined) return undefined;
  if (!(REASONS as readonly string[]).includes(value)) {
    throw new UsageError(`--reason must be one of ${REASONS.join(', ')}, got ${shown(value)}.`);
  }
  return value as Reason;
}

const CANCELABLE = new Set(['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing']);

export default defineCommand({
  description: 'cancel a payment that has not settled (asks first)',
  args: [argument('[pi_…]', 'PaymentIntent id (asked for on a terminal when left out)')],
  options: [
    option('--reason <reason>', 'abandoned, duplicate, fraudulent or requested_by_customer'),
    option('--live', 'confirm a live-mode cancel in scripts (with --yes)'),
  ],
  examples: ['fc payments cancel pi_123', 'fc payments cancel pi_123 --yes --reason requested_by_customer'],
  run: async (ctx, given, opts) => {
    const missing = `<pi_…>${ctx.globals.yes ? '' : ' and --yes'}: the payment to cancel`;
    const id = await idOrPick(ctx, given, PAYMENT_ID, missing, (c, o) => pickPayment(c, o, (s) => CANCELABLE.has(s)));
    const reason = parseReason(opts.reason);
    // Refuse before the first request when nobody can be asked.
    if (!ctx.globals.yes && !ctx.prompter.canPrompt()) {
      throw new UsageError('Cancelling a payment needs confirmation: pass --yes to proceed without a terminal. Nothing was done.');
    }
    liveGuardPrecheck(ctx, opts, 'cancel a payment');
    const stripe = await ctx.stripe();
    const current = await getPayment(stripe, id);
    const b = bankOf(current);
    const what = `${formatMoney(current.amount, current.currency)} payment ${id}${b.last4 ? ` from ••${b.last4}` : ''} (${current.status})`;
    if (!ctx.globals.yes) {
      const ok = await ctx.prompter.confirm(`Cancel the ${what}?`, { missing: '--yes' });
      if (!ok) throw new CancelError('Cancelled: the payment was left as it is.');
    }
    await liveGuard(ctx, opts, `cancel the ${what}`, id);
    const pi = await stateWrite(
      () => cancelPayment(stripe, id, reason),
      `Check with fc payments get ${id}; running the cancel again is harmless (a canceled payment stays canceled, and fc says so).`,
    );
    if (opts.format === 'json') printJson(ctx.io, pi);
    else printPayment(ctx, pi);
    ctx.io.err(ctx.io.color.green(`✔ Canceled ${id}: nothing will be debited.`));
  },
});
