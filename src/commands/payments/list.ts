import { listPayments } from '../../api/payments.js';
import { printCsv } from '../../io/csv.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseId, parseLimit } from '../shared/validate.js';
import { PAYMENT_CSV_HEADER, paymentCsvRows, printPaymentTable } from './render.js';
import { defineCommand, option } from '../define.js';

export interface ListOptions {
  customer?: string;
  limit: string;
  all?: boolean;
}

export default defineCommand({
  description: 'list payments, newest first',
  options: [
    option('--customer <cus_…>', "only this customer's payments"),
    option('--limit <n>', 'how many to show (1-100)', { default: '10' }),
    option('--all', 'page through every payment'),
  ],
  examples: ['fc payments list --customer cus_123', 'fc payments list --json'],
  run: async (ctx, opts) => {
    const format = outputFormat(ctx, ['table', 'json', 'csv']);
    const customer = opts.customer !== undefined ? parseId(opts.customer, ['cus', 'acct'], '--customer', 'customer') : undefined;
    const limit = parseLimit(opts.limit);
    const stripe = await ctx.stripe();
    const list = await listPayments(stripe, {
      customer: customer?.startsWith('cus_') ? customer : undefined,
      customerAccount: customer?.startsWith('acct_') ? customer : undefined,
      limit,
      all: Boolean(opts.all),
    });
    if (format === 'json') printJson(ctx.io, list);
    else if (format === 'csv') printCsv(ctx.io, PAYMENT_CSV_HEADER, paymentCsvRows(list));
    else printPaymentTable(ctx.io, list);
  },
});
