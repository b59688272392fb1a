import { ACCOUNT_ARGUMENT } from './shared/ids.js';
import { setTransactionSubscription } from './shared/refresh-flow.js';
import { accountLabel } from './shared/render.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: 'stop daily transaction refreshes',
  args: [ACCOUNT_ARGUMENT],
  examples: ['fc accounts unsubscribe fca_123'],
  run: (ctx, given) => setTransactionSubscription(ctx, given, false),
  render: (ctx, account) => ctx.io.out(`Unsubscribed ${accountLabel(account)} (${account.id}) from daily transaction refreshes.`),
});
