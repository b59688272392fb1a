import { featureResult, subscribeTransactions, unsubscribeTransactions } from '../../api/accounts.js';
import type { Context } from '../../context.js';
import { formatTimestamp } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { accountLabel, refreshNote } from './render.js';
import { stateWrite } from '../../api/write-journal.js';

export async function run(ctx: Context, id: string, action: 'subscribe' | 'unsubscribe'): Promise<void> {
  const format = outputFormat(ctx);
  parseAccountId(id);
  const stripe = await ctx.stripe();
  const account = await stateWrite(
    () => (action === 'subscribe' ? subscribeTransactions(stripe, id) : unsubscribeTransactions(stripe, id)),
    `Running it again is harmless: it sets the same subscription state. Check with fc accounts get ${id}.`,
  );
  if (format === 'json') {
    printJson(ctx.io, account);
    return;
  }
  const label = `${accountLabel(account)} (${account.id})`;
  if (action === 'unsubscribe') {
    ctx.io.out(`Unsubscribed ${label} from daily transaction refreshes.`);
    return;
  }
  const r = account.transaction_refresh;
  const now = featureResult(account, 'transactions', undefined, Math.floor(ctx.clock.now().getTime() / 1000));
  const state = !r
    ? ''
    : r.status === 'pending'
      ? ` A transaction refresh is running (started ${formatTimestamp(r.last_attempted_at)}); \`fc accounts transactions ${id} --refresh\` waits for it.`
      : ` Last transaction refresh: ${r.status} (${formatTimestamp(r.last_attempted_at)})${refreshNote(now) ? `; ${refreshNote(now)}` : ''}.`;
  ctx.io.out(`Subscribed ${label} to daily transaction refreshes.${state}`);
}
