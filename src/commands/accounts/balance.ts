import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { loadAccount, noDataYet, parseTimeout } from './refresh-flow.js';
import { printBalance } from './render.js';
import { argument, defineCommand, option } from '../define.js';
import { pickAccount } from '../shared/pick.js';

export default defineCommand({
  description: "show an account's balance (current, available or used), as of its last refresh",
  args: [argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')],
  options: [
    option('--refresh', 'refresh the balance first and wait for it'),
    option('--timeout <s>', 'seconds to wait for the refresh', { default: '60' }),
  ],
  examples: ['fc accounts balance fca_123', 'fc accounts balance fca_123 --refresh --json'],
  run: async (ctx, accountArg, opts) => {
    const id = accountArg ?? (await pickAccount(ctx));
    const format = outputFormat(ctx);
    parseAccountId(id);
    const timeoutS = parseTimeout(opts.timeout);
    const stripe = await ctx.stripe();
    const account = await loadAccount(ctx, stripe, id, 'balance', opts.refresh, timeoutS);
    if (!account.balance) throw noDataYet(account, 'balance', `fc accounts balance ${account.id} --refresh`);
    // The balance is a field of the account: --json prints the account, as the API returns it.
    if (format === 'json') printJson(ctx.io, account);
    else printBalance(ctx.io, account);
  },
});
