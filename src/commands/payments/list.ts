import { listPayments } from '../../api/payments.js';
import { pagingOptions, printList } from '../shared/list.js';
import { parseId, parseLimit } from '../shared/validate.js';
import { PAYMENT_CSV_HEADER, paymentCsvRows, printPaymentTable } from './shared/render.js';
import { defineCommand, option } from '../define.js';

export default defineCommand({
  description: 'list payments, newest first',
  options: [
    option('--customer <cus_…>', "only this customer's payments"),
    ...pagingOptions('payment'),
  ],
  examples: ['fc payments list --customer cus_123', 'fc payments list --json'],
  formats: ['table', 'json', 'csv'],
  run: async (ctx, opts) => {
    const customer = opts.customer !== undefined ? parseId(opts.customer, ['cus', 'acct'], '--customer', 'customer') : undefined;
    const limit = parseLimit(opts.limit);
    const stripe = await ctx.stripe();
    const list = await listPayments(stripe, {
      customer: customer?.startsWith('cus_') ? customer : undefined,
      customerAccount: customer?.startsWith('acct_') ? customer : undefined,
      limit,
      all: Boolean(opts.all),
    });
    printList(ctx, opts.format, list, { noun: 'payments', table: (l) => printPaymentTable(ctx.io, l), csv: { header: PAYMENT_CSV_HEADER, rows: paymentCsvRows } });
  },
});
