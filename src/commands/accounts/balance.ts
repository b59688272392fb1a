import { accountForRead, noDataYet } from './shared/refresh-flow.js';
import { printBalance } from './shared/render.js';
import { ACCOUNT_ARGUMENT, refreshOptions } from './shared/ids.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: "show an account's balance (current, available or used), as of its last refresh",
  args: [ACCOUNT_ARGUMENT],
  options: [...refreshOptions('the balance')],
  examples: ['fc accounts balance fca_123', 'fc accounts balance fca_123 --refresh --json'],
  // The balance is a field of the account: --json prints the account, as the API returns it.
  run: async (ctx, accountArg, opts) => {
    const { account } = await accountForRead(ctx, accountArg, opts, 'balance');
    if (!account.balance) throw noDataYet(account, 'balance', `fc accounts balance ${account.id} --refresh`);
    return account;
  },
  render: (ctx, account) => printBalance(ctx.io, account),
});
