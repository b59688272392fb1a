import { featureResult } from '../../api/accounts.js';
import { formatTimestamp } from '../../io/format.js';
import { ACCOUNT_ARGUMENT } from './shared/ids.js';
import { setTransactionSubscription } from './shared/refresh-flow.js';
import { accountLabel, refreshNote } from './shared/render.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: 'subscribe to daily transaction refreshes (starts one now)',
  args: [ACCOUNT_ARGUMENT],
  examples: ['fc accounts subscribe fca_123'],
  run: (ctx, given) => setTransactionSubscription(ctx, given, true),
  render: (ctx, account) => {
    const id = account.id;
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
