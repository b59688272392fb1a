import { featureResult, subscribeTransactions } from '../../api/accounts.js';
import { formatTimestamp } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { accountLabel, refreshNote } from './render.js';
import { stateWrite } from '../../api/write-journal.js';
import { argument, defineCommand } from '../define.js';
import { pickAccount } from '../shared/pick.js';

export default defineCommand({
  description: 'subscribe to daily transaction refreshes (starts one now)',
  args: [argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')],
  examples: ['fc accounts subscribe fca_123'],
  run: async (ctx, given) => {
    const format = outputFormat(ctx);
    const id = given ?? (await pickAccount(ctx, undefined, { missing: 'Missing <fca_…>: the account to subscribe' }));
    parseAccountId(id);
    const stripe = await ctx.stripe();
    const account = await stateWrite(
      () => subscribeTransactions(stripe, id),
      `Running it again is harmless: it sets the same subscription state. Check with fc accounts get ${id}.`,
    );
    if (format === 'json') {
      printJson(ctx.io, account);
      return;
    }
    const label = `${accountLabel(account)} (${account.id})`;
    const r = account.transaction_refresh;
    const now = featureResult(account, 'transactions', undefined, Math.floor(ctx.clock.now().getTime() / 1000));
    const state = !r
      ? ''
      : r.status === 'pending'
        ? ` A transaction refresh is running (started ${formatTimestamp(r.last_attempted_at)}); \`fc accounts transactions ${id} --refresh\` waits for it.`
        : ` Last transaction refresh: ${r.status} (${formatTimestamp(r.last_attempted_at)})${refreshNote(now) ? `; ${refreshNote(now)}` : ''}.`;
    ctx.io.out(`Subscribed ${label} to daily transaction refreshes.${state}`);
  },
});
