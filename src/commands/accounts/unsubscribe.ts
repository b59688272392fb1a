import { unsubscribeTransactions } from '../../api/accounts.js';
import { stateWrite } from '../../api/write-journal.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { accountLabel } from './render.js';
import { argument, defineCommand } from '../define.js';
import { pickAccount } from '../shared/pick.js';

export default defineCommand({
  description: 'stop daily transaction refreshes',
  args: [argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')],
  examples: ['fc accounts unsubscribe fca_123'],
  run: async (ctx, given) => {
    const format = outputFormat(ctx);
    const id = given ?? (await pickAccount(ctx, undefined, { missing: 'Missing <fca_…>: the account to unsubscribe' }));
    parseAccountId(id);
    const stripe = await ctx.stripe();
    const account = await stateWrite(
      () => unsubscribeTransactions(stripe, id),
      `Running it again is harmless: it sets the same subscription state. Check with fc accounts get ${id}.`,
    );
    if (format === 'json') printJson(ctx.io, account);
    else ctx.io.out(`Unsubscribed ${accountLabel(account)} (${account.id}) from daily transaction refreshes.`);
  },
});
