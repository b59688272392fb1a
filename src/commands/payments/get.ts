import { getMandate, getPayment, mandateIdOf } from '../../api/payments.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseId } from '../shared/validate.js';
import { printPayment } from './render.js';

export async function run(ctx: Context, id: string): Promise<void> {
  const format = outputFormat(ctx);
  parseId(id, ['pi'], '<pi_…>', 'PaymentIntent');
  const stripe = await ctx.stripe();
  // Expanded, so --json carries the us_bank_account details and (on the charge) the mandate id.
  const pi = await getPayment(stripe, id);
  if (format === 'json') {
    printJson(ctx.io, pi);
    return;
  }
  const mandateId = mandateIdOf(pi);
  const mandate = mandateId ? await getMandate(stripe, mandateId) : undefined;
  printPayment(ctx, pi, mandate);
}
