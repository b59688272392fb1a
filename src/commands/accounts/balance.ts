import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { loadAccount, noDataYet, parseTimeout } from './refresh-flow.js';
import { printBalance } from './render.js';

export interface BalanceOptions {
  refresh?: boolean;
  timeout?: string;
}

export async function run(ctx: Context, id: string, opts: BalanceOptions): Promise<void> {
  const format = outputFormat(ctx);
  parseAccountId(id);
  const timeoutS = parseTimeout(opts.timeout);
  const stripe = await ctx.stripe();
  const account = await loadAccount(ctx, stripe, id, 'balance', opts.refresh, timeoutS);
  if (!account.balance) throw noDataYet(account, 'balance', `fc accounts balance ${account.id} --refresh`);
  // The balance is a field of the account: --json prints the account, as the API returns it.
  if (format === 'json') printJson(ctx.io, account);
  else printBalance(ctx.io, account);
}
