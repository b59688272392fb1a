import { listCustomers } from '../../api/customers.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseEmail, parseLimit } from '../shared/validate.js';
import { printCustomerTable } from './render.js';

export interface ListOptions {
  email?: string;
  limit: string;
  all?: boolean;
}

export async function run(ctx: Context, opts: ListOptions): Promise<void> {
  const format = outputFormat(ctx);
  const email = opts.email !== undefined ? parseEmail(opts.email) : undefined;
  const limit = parseLimit(opts.limit);
  const stripe = await ctx.stripe();
  const customers = await listCustomers(stripe, { email, limit, all: Boolean(opts.all) });
  if (format === 'json') printJson(ctx.io, customers);
  else printCustomerTable(ctx.io, customers);
}
