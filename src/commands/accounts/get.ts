import { getAccount } from '../../api/accounts.js';
import { printJson } from '../../io/render.js';
import { printAccount } from './shared/render.js';
import { ACCOUNT_ARGUMENT, accountIdOrPick } from './shared/ids.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: 'show one linked account',
  args: [ACCOUNT_ARGUMENT],
  examples: ['fc accounts get fca_123', 'fc accounts get fca_123 --json'],
  run: async (ctx, accountArg, opts) => {
    const id = await accountIdOrPick(ctx, accountArg);
    const stripe = await ctx.stripe();
    const account = await getAccount(stripe, id);
    if (opts.format === 'json') printJson(ctx.io, account);
    else printAccount(ctx.io, account);
  },
});
