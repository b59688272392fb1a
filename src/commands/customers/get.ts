import { getCustomer, getCustomerAccount, V2_PREVIEW_VERSION } from '../../api/customers.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseId } from '../shared/validate.js';
import { printCustomer, printCustomerAccount } from './render.js';

export async function run(ctx: Context, id: string): Promise<void> {
  const format = outputFormat(ctx);
  parseId(id, ['cus', 'acct'], '<id>', 'customer or customer Account');
  const stripe = await ctx.stripe();
  if (id.startsWith('acct_')) {
    const account = await getCustomerAccount(stripe, id, ctx.globals.stripeVersion || ctx.env.FC_V2_API_VERSION || V2_PREVIEW_VERSION);
    if (format === 'json') printJson(ctx.io, account);
    else printCustomerAccount(ctx.io, account);
    return;
  }
  const customer = await getCustomer(stripe, id);
  if (format === 'json') printJson(ctx.io, customer);
  else printCustomer(ctx.io, customer);
}
