import { listOwners } from '../../api/accounts.js';
import { accountForRead, noDataYet, ownershipIdOf } from './shared/refresh-flow.js';
import { printOwners } from './shared/render.js';
import { ACCOUNT_ARGUMENT, refreshOptions } from './shared/ids.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: "show an account's owners: name, email, phone, address",
  args: [ACCOUNT_ARGUMENT],
  options: [...refreshOptions('ownership')],
  examples: ['fc accounts ownership fca_123', 'fc accounts ownership fca_123 --refresh --json'],
  run: async (ctx, accountArg, opts) => {
    const { stripe, account } = await accountForRead(ctx, accountArg, opts, 'ownership');
    const ownership = ownershipIdOf(account);
    if (!ownership) throw noDataYet(account, 'ownership', `fc accounts ownership ${account.id} --refresh`);
    return listOwners(stripe, account.id, ownership);
  },
  render: (ctx, owners) => printOwners(ctx.io, owners),
});
