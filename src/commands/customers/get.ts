import { getCustomer, getCustomerAccount, V2_PREVIEW_VERSION } from '../../api/customers.js';
import { printCustomer, printCustomerAccount } from './shared/render.js';
import { argument, defineCommand } from '../define.js';
import { idOrPick, CUSTOMER_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'show one customer (cus_…) or customer Account (acct_…)',
  args: [argument('[id]', 'cus_… or acct_… (asked for on a terminal when left out)')],
  examples: ['fc customers get cus_123', 'fc customers get acct_123 --json'],
  run: async (ctx, given) => {
    const id = await idOrPick(ctx, given, CUSTOMER_ID, '<id>: the customer (cus_… or acct_…) to show');
    const stripe = await ctx.stripe();
    if (!id.startsWith('acct_')) return getCustomer(stripe, id);
    return getCustomerAccount(stripe, id, ctx.globals.stripeVersion || ctx.env.FC_V2_API_VERSION || V2_PREVIEW_VERSION);
  },
  render: (ctx, found) => (found.object === 'customer' ? printCustomer(ctx.io, found) : printCustomerAccount(ctx.io, found)),
});
