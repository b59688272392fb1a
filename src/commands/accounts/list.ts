import { accountFilterFor, listAccounts } from '../../api/accounts.js';
import { UsageError } from '../../errors.js';
import { pagingOptions, printList } from '../shared/list.js';
import { parseId, parseLimit } from '../shared/validate.js';
import { printAccountTable } from './shared/render.js';
import { defineCommand, option } from '../define.js';
import { pickCustomer } from '../shared/pick.js';

export default defineCommand({
  description: "list a customer's or a session's linked accounts",
  options: [
    option('--customer <id>', 'customer (cus_…) or customer Account (acct_…)'),
    option('--session <fcsess_…>', 'the session the accounts were linked in'),
    ...pagingOptions('account'),
  ],
  examples: ['fc accounts list --customer cus_123', 'fc accounts list --session fcsess_123 --json'],
  formats: ['table', 'json', 'csv'],
  run: async (ctx, opts) => {
    if (opts.customer !== undefined && opts.session !== undefined) {
      throw new UsageError('Give exactly one of --customer <cus_…|acct_…> or --session <fcsess_…>.');
    }
    if (opts.customer === undefined && opts.session === undefined) {
      opts = { ...opts, customer: await pickCustomer(ctx, { missing: '--customer <cus_…|acct_…> or --session <fcsess_…>: whose accounts to list' }) };
    }
    const owner =
      opts.customer !== undefined
        ? parseId(opts.customer, ['cus', 'acct'], '--customer', 'customer or customer Account')
        : parseId(opts.session, ['fcsess'], '--session', 'Financial Connections session');
    const limit = parseLimit(opts.limit);
    const stripe = await ctx.stripe();
    const accounts = await listAccounts(stripe, accountFilterFor(owner), { limit, all: Boolean(opts.all) });
    printList(ctx, opts.format, accounts, {
      noun: 'accounts',
      table: (list) => printAccountTable(ctx.io, list),
      csv: {
        header: ['id', 'institution_name', 'display_name', 'last4', 'category', 'subcategory', 'status', 'permissions', 'supported_payment_method_types'],
        rows: (list) =>
          list.map((a) => [a.id, a.institution_name, a.display_name, a.last4, a.category, a.subcategory, a.status, (a.permissions ?? []).join(' '), a.supported_payment_method_types.join(' ')]),
      },
    });
  },
});
