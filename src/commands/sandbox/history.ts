import { seedHistory } from '../../api/sandbox-helpers.js';
import { printJson } from '../../io/render.js';
import { parseInteger } from '../shared/validate.js';
import { argument, defineCommand, option } from '../define.js';
import { sandboxClient } from './shared/require.js';
import { idOrPick, ACCOUNT_ID } from '../shared/pick.js';

/**
 * Gives a sandbox account a long transaction history in one request, for trying
 * exports, insights and the rate limiter at scale (POST /_sandbox/…/history).
 */
export default defineCommand({
  description: "replace a sandbox account's transactions with a long generated history (for exports at scale)",
  args: [argument('[fca_…]', 'a sandbox account linked with the transactions permission (asked for on a terminal when left out)')],
  options: [option('--count <n>', 'how many transactions, spread over the last 180 days', { default: '10000' })],
  examples: ['fc sandbox history fca_123 --count 10000', 'fc --api-base http://127.0.0.1:12111 sandbox history fca_123 --count 100000'],
  run: async (ctx, given, opts) => {
    const id = await idOrPick(ctx, given, ACCOUNT_ID, '<fca_…>: the account to fill');
    // The server knows its own ceiling and says it with the count.
    const count = parseInteger(opts.count, '--count', 0, 10_000_000);
    const res = await seedHistory(await sandboxClient(ctx, 'history'), id, count);
    if (opts.format === 'json') printJson(ctx.io, res);
    else ctx.io.out(`${id} now has ${res.count} transactions: fc accounts transactions ${id} --all --format csv`);
  },
});
