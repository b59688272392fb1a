import { getAccount } from '../../api/accounts.js';
import { printAccount } from './shared/render.js';
import { ACCOUNT_ARGUMENT, accountIdOrPick } from './shared/ids.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: 'show one linked account',
  args: [ACCOUNT_ARGUMENT],
  examples: ['fc accounts get fca_123', 'fc accounts get fca_123 --json'],
  run: async (ctx, given) => getAccount(await ctx.stripe(), await accountIdOrPick(ctx, given)),
  render: (ctx, account) => printAccount(ctx.io, account),
});
