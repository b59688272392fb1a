import { accountFilterFor, listAccounts } from '../../api/accounts.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { printCsv } from '../../io/csv.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseId, parseLimit } from '../shared/validate.js';
import { printAccountTable } from './render.js';

export interface ListOptions {
  customer?: string;
  session?: string;
  limit: string;
  all?: boolean;
}

export async function run(ctx: Context, opts: ListOptions): Promise<void> {
  const format = outputFormat(ctx, ['table', 'json', 'csv']);
  if ((opts.customer === undefined) === (opts.session === undefined)) {
    throw new UsageError('Give exactly one of --customer <cus_…|acct_…> or --session <fcsess_…>.');
  }
  const owner =
    opts.customer !== undefined
      ? parseId(opts.customer, ['cus', 'acct'], '--customer', 'customer or customer Account')
      : parseId(opts.session, ['fcsess'], '--session', 'Financial Connections session');
  const limit = parseLimit(opts.limit);
  const stripe = await ctx.stripe();
  const accounts = await listAccounts(stripe, accountFilterFor(owner), { limit, all: Boolean(opts.all) });
  if (format === 'json') printJson(ctx.io, accounts);
  else if (format === 'csv') {
    printCsv(
      ctx.io,
      ['id', 'institution_name', 'display_name', 'last4', 'category', 'subcategory', 'status', 'permissions', 'supported_payment_method_types'],
      accounts.map((a) => [a.id, a.institution_name, a.display_name, a.last4, a.category, a.subcategory, a.status, (a.permissions ?? []).join(' '), a.supported_payment_method_types.join(' ')]),
    );
  } else printAccountTable(ctx.io, accounts);
}
