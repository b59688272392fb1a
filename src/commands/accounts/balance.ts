import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { loadAccount, noDataYet, parseTimeout } from './refresh-flow.js';
import { printBalance } from './render.js';
import { ACCOUNT_ARGUMENT, accountIdOrPick, refreshOptions } from './ids.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: "show an account's balance (current, available or used), as of its last refresh",
  args: [ACCOUNT_ARGUMENT],
  options: [...refreshOptions('the balance')],
  examples: ['fc accounts balance fca_123', 'fc accounts balance fca_123 --refresh --json'],
  run: async (ctx, accountArg, opts) => {
    const format = outputFormat(ctx);
    const id = await accountIdOrPick(ctx, accountArg);
    const timeoutS = parseTimeout(opts.timeout);
    const stripe = await ctx.stripe();
    const account = await loadAccount(ctx, stripe, id, 'balance', opts.refresh, timeoutS);
    if (!account.balance) throw noDataYet(account, 'balance', `fc accounts balance ${account.id} --refresh`);
    // The balance is a field of the account: --json prints the account, as the API returns it.
    if (format === 'json') printJson(ctx.io, account);
    else printBalance(ctx.io, account);
  },
});
