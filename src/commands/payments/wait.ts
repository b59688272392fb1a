import { getMandate, getPayment, mandateIdOf, waitForPayment } from '../../api/payments.js';
import { outcomeOf } from '../../payments/record.js';
import { parseInteger } from '../shared/validate.js';
import { reportOutcome, waitingText } from './shared/render.js';
import { argument, defineCommand, option } from '../define.js';
import { pickPayment, idOrPick, PAYMENT_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'wait until a payment succeeds or fails',
  args: [argument('[pi_…]', 'PaymentIntent id (asked for on a terminal when left out)')],
  options: [
    option('--timeout <s>', 'seconds to wait', { default: '120' }),
  ],
  examples: ['fc payments wait pi_123', 'fc payments wait pi_123 --timeout 600 --json'],
  run: async (ctx, given, opts) => {
    const id = await idOrPick(ctx, given, PAYMENT_ID, '<pi_…>: the payment to wait for', (c, o) => pickPayment(c, o, (s) => s === 'processing'));
    const timeoutMs = parseInteger(opts.timeout, '--timeout', 1, 86_400) * 1000;
    const stripe = await ctx.stripe();
    let pi = await getPayment(stripe, id);
    let timedOut = false;
    if (pi.status === 'processing') {
      ctx.lifecycle.inFlight = `Payment ${id} is still processing at the bank; it goes on without fc. Keep following it with: fc payments wait ${id}`;
      const io = ctx.io;
      const spinner = io.spinner(`Waiting for the bank to settle ${id}: processing`);
      const res = await waitForPayment(stripe, id, {
        timeoutMs,
        clock: ctx.clock,
        onProgress: (p, ms) => spinner.update(waitingText(ctx, p, ms)),
      }).catch((err: unknown) => {
        spinner.fail(`Lost track of ${id}`);
        throw err;
      });
      pi = res.pi;
      timedOut = res.timedOut;
      const o = outcomeOf(pi);
      if (o === 'succeeded') spinner.succeed(`Settled: ${id} succeeded`);
      else if (o === 'processing') spinner.warn(`${id} is still processing after ${timeoutMs / 1000}s`);
      else spinner.fail(`${id} ${o === 'failed' ? 'failed' : pi.status}`);
    }
    const mandateId = mandateIdOf(pi);
    const mandate = opts.format === 'table' && mandateId ? await getMandate(stripe, mandateId).catch(() => undefined) : undefined;
    reportOutcome(ctx, pi, { format: opts.format, mandate, timedOut, waited: true, resume: `fc payments wait ${id}` });
  },
});
