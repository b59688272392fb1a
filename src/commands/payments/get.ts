import { getMandate, getPayment, mandateIdOf } from '../../api/payments.js';
import { printJson } from '../../io/render.js';
import { printPayment } from './shared/render.js';
import { argument, defineCommand } from '../define.js';
import { idOrPick, PAYMENT_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'show a payment with its mandate and bank account details',
  args: [argument('[pi_…]', 'PaymentIntent id (asked for on a terminal when left out)')],
  examples: ['fc payments get pi_123', 'fc payments get pi_123 --json'],
  run: async (ctx, given, opts) => {
    const id = await idOrPick(ctx, given, PAYMENT_ID, 'Missing <pi_…>: the payment to show');
    const stripe = await ctx.stripe();
    // Expanded, so --json carries the us_bank_account details and (on the charge) the mandate id.
    const pi = await getPayment(stripe, id);
    if (opts.format === 'json') {
      printJson(ctx.io, pi);
      return;
    }
    const mandateId = mandateIdOf(pi);
    const mandate = mandateId ? await getMandate(stripe, mandateId) : undefined;
    printPayment(ctx, pi, mandate);
  },
});
