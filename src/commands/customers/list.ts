import { listCustomers } from '../../api/customers.js';
import { printCsv } from '../../io/csv.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseEmail, parseLimit } from '../shared/validate.js';
import { printCustomerTable } from './render.js';
import { defineCommand, option } from '../define.js';

export default defineCommand({
  description: 'list customers, newest first',
  options: [
    option('--email <email>', 'only customers with exactly this email'),
    option('--limit <n>', 'how many to show (1-100)', { default: '10' }),
    option('--all', 'page through every customer'),
  ],
  examples: ['fc customers list --email jenny@example.com', 'fc customers list --all --json'],
  run: async (ctx, opts) => {
    const format = outputFormat(ctx, ['table', 'json', 'csv']);
    const email = opts.email !== undefined ? parseEmail(opts.email) : undefined;
    const limit = parseLimit(opts.limit);
    const stripe = await ctx.stripe();
    const customers = await listCustomers(stripe, { email, limit, all: Boolean(opts.all) });
    if (format === 'json') printJson(ctx.io, customers);
    else if (format === 'csv') {
      printCsv(
        ctx.io,
        ['id', 'email', 'name', 'phone', 'created'],
        customers.map((c) => [c.id, c.email, c.name, c.phone, new Date(c.created * 1000).toISOString().replace('.000Z', 'Z')]),
      );
    } else printCustomerTable(ctx.io, customers);
  },
});
