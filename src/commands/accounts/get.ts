import { getAccount } from '../../api/accounts.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { printAccount } from './render.js';
import { parseAccountId } from './ids.js';

export async function run(ctx: Context, id: string): Promise<void> {
  const format = outputFormat(ctx);
  parseAccountId(id);
  const stripe = await ctx.stripe();
  const account = await getAccount(stripe, id);
  if (format === 'json') printJson(ctx.io, account);
  else printAccount(ctx.io, account);
}
