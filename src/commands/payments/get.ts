import { getMandate, getPayment, mandateIdOf } from '../../api/payments.js';
import { printPayment } from './shared/render.js';
import { argument, defineCommand } from '../define.js';
import { idOrPick, PAYMENT_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'show a payment with its mandate and bank account details',
  args: [argument('[pi_…]', 'PaymentIntent id (asked for on a terminal when left out)')],
  examples: ['fc payments get pi_123', 'fc payments get pi_123 --json'],
  // Expanded, so --json carries the us_bank_account details and (on the charge) the mandate id.
  run: async (ctx, given) => getPayment(await ctx.stripe(), await idOrPick(ctx, given, PAYMENT_ID, '<pi_…>: the payment to show')),
  render: async (ctx, pi) => {
    const mandateId = mandateIdOf(pi);
    printPayment(ctx, pi, mandateId ? await getMandate(await ctx.stripe(), mandateId) : undefined);
  },
});
