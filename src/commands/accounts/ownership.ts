import { listOwners } from '../../api/accounts.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { loadAccount, noDataYet, ownershipIdOf, parseTimeout } from './refresh-flow.js';
import { printOwners } from './render.js';
import { argument, defineCommand, option } from '../define.js';
import { pickAccount } from '../shared/pick.js';

export default defineCommand({
  description: "show an account's owners: name, email, phone, address",
  args: [argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')],
  options: [
    option('--refresh', 'refresh ownership first and wait for it'),
    option('--timeout <s>', 'seconds to wait for the refresh', { default: '60' }),
  ],
  examples: ['fc accounts ownership fca_123', 'fc accounts ownership fca_123 --refresh --json'],
  run: async (ctx, accountArg, opts) => {
    const id = accountArg ?? (await pickAccount(ctx));
    const format = outputFormat(ctx);
    parseAccountId(id);
    const timeoutS = parseTimeout(opts.timeout);
    const stripe = await ctx.stripe();
    const account = await loadAccount(ctx, stripe, id, 'ownership', opts.refresh, timeoutS);
    const ownership = ownershipIdOf(account);
    if (!ownership) throw noDataYet(account, 'ownership', `fc accounts ownership ${account.id} --refresh`);
    const owners = await listOwners(stripe, id, ownership);
    if (format === 'json') printJson(ctx.io, owners);
    else printOwners(ctx.io, owners);
  },
});
