import { getAccount } from '../../api/accounts.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { printAccount } from './render.js';
import { parseAccountId } from './ids.js';
import { argument, defineCommand } from '../define.js';
import { pickAccount } from '../shared/pick.js';

export default defineCommand({
  description: 'show one linked account',
  args: [argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')],
  examples: ['fc accounts get fca_123', 'fc accounts get fca_123 --json'],
  run: async (ctx, accountArg) => {
    const id = accountArg ?? (await pickAccount(ctx));
    const format = outputFormat(ctx);
    parseAccountId(id);
    const stripe = await ctx.stripe();
    const account = await getAccount(stripe, id);
    if (format === 'json') printJson(ctx.io, account);
    else printAccount(ctx.io, account);
  },
});
