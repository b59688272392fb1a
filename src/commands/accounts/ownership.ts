import { listOwners, type FcAccount } from '../../api/accounts.js';
import type { Context } from '../../context.js';
import { ExitCode, FcError } from '../../errors.js';
import { formatTimestamp } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseAccountId } from './ids.js';
import { loadAccount, ownershipIdOf, parseTimeout } from './refresh-flow.js';
import { printOwners } from './render.js';

export interface OwnershipOptions {
  refresh?: boolean;
  timeout?: string;
}

function noOwnership(a: FcAccount): FcError {
  if (!a.permissions?.includes('ownership')) {
    return new FcError(
      `Account ${a.id} was linked without the 'ownership' permission, so it has no ownership data.`,
      ExitCode.api,
      'Link it again through a session with --permissions including ownership.',
    );
  }
  const r = a.ownership_refresh;
  const why = !r
    ? 'ownership has never been refreshed'
    : r.status === 'pending'
      ? `an ownership refresh started ${formatTimestamp(r.last_attempted_at)} is still running`
      : `the last ownership refresh (${formatTimestamp(r.last_attempted_at)}) failed`;
  return new FcError(`Account ${a.id} has no ownership data yet: ${why}.`, ExitCode.api, `Run \`fc accounts ownership ${a.id} --refresh\` to refresh it and wait.`);
}

export async function run(ctx: Context, id: string, opts: OwnershipOptions): Promise<void> {
  const format = outputFormat(ctx);
  parseAccountId(id);
  const timeoutS = parseTimeout(opts.timeout);
  const stripe = await ctx.stripe();
  const account = await loadAccount(ctx, stripe, id, 'ownership', opts.refresh, timeoutS);
  const ownership = ownershipIdOf(account);
  if (!ownership) throw noOwnership(account);
  const owners = await listOwners(stripe, id, ownership);
  if (format === 'json') printJson(ctx.io, owners);
  else printOwners(ctx.io, owners);
}
