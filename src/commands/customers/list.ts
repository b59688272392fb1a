import { listCustomers } from '../../api/customers.js';
import { pagingOptions, printList } from '../shared/list.js';
import { parseEmail, parseLimit } from '../shared/validate.js';
import { printCustomerTable } from './shared/render.js';
import { defineCommand, option } from '../define.js';

export default defineCommand({
  description: 'list customers, newest first',
  options: [
    option('--email <email>', 'only customers with exactly this email'),
    ...pagingOptions('customer'),
  ],
  examples: ['fc customers list --email jenny@example.com', 'fc customers list --all --json'],
  formats: ['table', 'json', 'csv'],
  run: async (ctx, opts) => {
    const email = opts.email !== undefined ? parseEmail(opts.email) : undefined;
    const limit = parseLimit(opts.limit);
    const stripe = await ctx.stripe();
    const customers = await listCustomers(stripe, { email, limit, all: Boolean(opts.all) });
    printList(ctx, opts.format, customers, {
      noun: 'customers',
      table: (list) => printCustomerTable(ctx.io, list),
      csv: {
        header: ['id', 'email', 'name', 'phone', 'created'],
        rows: (list) => list.map((c) => [c.id, c.email, c.name, c.phone, new Date(c.created * 1000).toISOString().replace('.000Z', 'Z')]),
      },
    });
  },
});
