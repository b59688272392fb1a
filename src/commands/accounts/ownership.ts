import { listOwners } from '../../api/accounts.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { loadAccount, noDataYet, ownershipIdOf, parseTimeout } from './refresh-flow.js';
import { printOwners } from './render.js';

export interface OwnershipOptions {
  refresh?: boolean;
  timeout?: string;
}

export async function run(ctx: Context, id: string, opts: OwnershipOptions): Promise<void> {
  const format = outputFormat(ctx);
  parseAccountId(id);
  const timeoutS = parseTimeout(opts.timeout);
  const stripe = await ctx.stripe();
  const account = await loadAccount(ctx, stripe, id, 'ownership', opts.refresh, timeoutS);
  const ownership = ownershipIdOf(account);
  if (!ownership) throw noDataYet(account, 'ownership', `fc accounts ownership ${account.id} --refresh`);
  const owners = await listOwners(stripe, id, ownership);
  if (format === 'json') printJson(ctx.io, owners);
  else printOwners(ctx.io, owners);
}
