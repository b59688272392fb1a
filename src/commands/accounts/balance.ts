import type { FcAccount } from '../../api/accounts.js';
import type { Context } from '../../context.js';
import { ExitCode, FcError } from '../../errors.js';
import { formatTimestamp } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { loadAccount, parseTimeout } from './refresh-flow.js';
import { printBalance } from './render.js';

export interface BalanceOptions {
  refresh?: boolean;
  timeout?: string;
}

/** Why there is nothing to show, and the command that fixes it. */
function noBalance(a: FcAccount): FcError {
  if (!a.permissions?.includes('balances')) {
    return new FcError(
      `Account ${a.id} was linked without the 'balances' permission, so it has no balance.`,
      ExitCode.api,
      'Link it again through a session with --permissions including balances.',
    );
  }
  const r = a.balance_refresh;
  const why = !r
    ? 'its balance has never been refreshed'
    : r.status === 'pending'
      ? `a balance refresh started ${formatTimestamp(r.last_attempted_at)} is still running`
      : `the last balance refresh (${formatTimestamp(r.last_attempted_at)}) failed`;
  return new FcError(`Account ${a.id} has no balance yet: ${why}.`, ExitCode.api, `Run \`fc accounts balance ${a.id} --refresh\` to refresh it and wait.`);
}

export async function run(ctx: Context, id: string, opts: BalanceOptions): Promise<void> {
  const format = outputFormat(ctx);
  parseAccountId(id);
  const timeoutS = parseTimeout(opts.timeout);
  const stripe = await ctx.stripe();
  const account = await loadAccount(ctx, stripe, id, 'balance', opts.refresh, timeoutS);
  if (!account.balance) throw noBalance(account);
  // The balance is a field of the account: --json prints the account, as the API returns it.
  if (format === 'json') printJson(ctx.io, account);
  else printBalance(ctx.io, account);
}
