import type Stripe from 'stripe';
import { getAccount, PERMISSION_FOR, subscribeTransactions, unsubscribeTransactions, refreshOf, waitForRefresh, type FcAccount, type RefreshFeature, type RefreshResult } from '../../../api/accounts.js';
import type { Context } from '../../../context.js';
import { AuthError, ExitCode, FcError, PendingError } from '../../../errors.js';
import { relinkCommand } from '../../../api/relink.js';
import { startRefresh } from '../../../api/refresh.js';
import { formatTimestamp } from '../../../io/format.js';
import { formatTime } from './render.js';
import { parseInteger } from '../../shared/validate.js';
import { stateWrite } from '../../../api/write-journal.js';
import { accountIdOrPick } from './ids.js';

export function parseTimeout(value: string | undefined): number {
  return parseInteger(value ?? '60', '--timeout', 1, 3600);
}

/**
 * Starts a refresh and waits for it with a spinner (plain lines off a TTY).
 * Returns what is known when waiting ends; the caller decides the exit code.
 */
export async function refreshAndWait(
  ctx: Context,
  stripe: Stripe,
  id: string,
  features: readonly RefreshFeature[],
  timeoutS: number,
): Promise<RefreshResult> {
  const what = features.join(', ');
  const spinner = ctx.io.spinner(`Refreshing ${what} of ${id}…`);
  try {
    const start = await startRefresh(stripe, id, features);
    ctx.lifecycle.inFlight = `The ${what} refresh of ${id} goes on without fc. See how it ends with: fc accounts get ${id}`;
    const result = await waitForRefresh(stripe, id, features, {
      timeoutMs: timeoutS * 1000,
      clock: ctx.clock,
      start,
      onProgress: ({ pending, elapsedMs }) => {
        // Elapsed seconds only on a TTY: in a log every new second would be a new line.
        const secs = ctx.io.stderrIsTTY ? ` (${Math.floor(elapsedMs / 1000)}s)` : '';
        spinner.update(`Waiting for ${pending.join(', ')} of ${id}${secs}…`);
      },
    });
    const failed = result.features.filter((f) => f.status === 'failed').map((f) => f.feature);
    const early = result.features.filter((f) => f.tooEarly).map((f) => f.feature);
    if (result.timedOut) spinner.fail(`Still pending after ${timeoutS}s: ${result.features.filter((f) => f.status === 'pending').map((f) => f.feature).join(', ')} of ${id}`);
    else if (failed.length) spinner.fail(`Refresh failed: ${failed.join(', ')} of ${id}`);
    else if (early.length === features.length) spinner.warn(`Not refreshed (too early): ${early.join(', ')} of ${id}`);
    else spinner.succeed(`Refreshed ${what} of ${id}${early.length ? ` (too early for ${early.join(', ')})` : ''}`);
    return result;
  } finally {
    spinner.stop();
  }
}

/**
 * For `balance|ownership|transactions --refresh`: the data is printed only after
 * a refresh that succeeded, or that was too early to start (then the last data
 * is shown with a notice).
 */
export function requireRefreshed(ctx: Context, result: RefreshResult, feature: RefreshFeature, id: string, timeoutS: number): void {
  const r = result.features.find((f) => f.feature === feature)!;
  const cmd = feature === 'balance' ? 'balance' : feature;
  if (result.timedOut) {
    throw new PendingError(
      `The ${feature} refresh of ${id} was still pending after ${timeoutS}s.`,
      `It continues on Stripe's side: run \`fc accounts ${cmd} ${id}\` in a while, or wait longer with --timeout.`,
    );
  }
  const next = r.nextRefreshAvailableAt !== null ? ` The next refresh is possible from ${formatTime(r.nextRefreshAvailableAt)}.` : '';
  if (r.status === 'failed') {
    throw new FcError(
      `The ${r.tooEarly ? 'last ' : ''}${feature} refresh of ${id} failed (attempted ${formatTimestamp(r.lastAttemptedAt)}).${next}`,
      ExitCode.api,
      `Try again later; \`fc accounts ${cmd} ${id}\` shows the data from the last successful refresh, if any.`,
    );
  }
  if (r.tooEarly) {
    const last = r.lastAttemptedAt !== null ? ` (${formatTime(r.lastAttemptedAt)})` : '';
    ctx.notice(`Not refreshed: the last ${feature} refresh${last} is too recent.${next} Showing the data from that refresh.`);
  }
}

/** The account as it is now, or after refreshing `feature` and waiting for it (`--refresh`). */
export async function loadAccount(
  ctx: Context,
  stripe: Stripe,
  id: string,
  feature: RefreshFeature,
  refresh: boolean | undefined,
  timeoutS: number,
): Promise<FcAccount> {
  if (!refresh) return getAccount(stripe, id);
  const result = await refreshAndWait(ctx, stripe, id, [feature], timeoutS);
  requireRefreshed(ctx, result, feature, id, timeoutS);
  return result.account;
}

/** The id of the account's latest ownership, whether `ownership` came expanded or not. */
export function ownershipIdOf(account: FcAccount): string | undefined {
  return typeof account.ownership === 'string' ? account.ownership : account.ownership?.id;
}

const DATA_NAME: Record<Exclude<RefreshFeature, 'transactions'>, string> = { balance: 'balance', ownership: 'ownership data' };

/**
 * Why an account has no balance or ownership data to show, and the command that
 * fixes it: relinking when the permission is missing, else a refresh (`retry`).
 */
export function noDataYet(a: FcAccount, feature: 'balance' | 'ownership', retry: string): FcError {
  const permission = PERMISSION_FOR[feature];
  const what = DATA_NAME[feature];
  if (!a.permissions?.includes(permission as NonNullable<FcAccount['permissions']>[number])) {
    return new AuthError(
      `Account ${a.id} was linked without the '${permission}' permission, so it has no ${what}.`,
      `Permissions are fixed at linking: have the holder link it again with ${relinkCommand(a, [permission])}`,
    );
  }
  const r = refreshOf(a, feature);
  const why = !r
    ? `no ${feature} refresh has run yet`
    : r.status === 'pending'
      ? `a ${feature} refresh started ${formatTimestamp(r.last_attempted_at)} is still running`
      : `the last ${feature} refresh (${formatTimestamp(r.last_attempted_at)}) failed`;
  return new FcError(`Account ${a.id} has no ${what} yet: ${why}.`, ExitCode.api, `Run \`${retry}\` to refresh it and wait.`);
}

/** Turns daily transaction refreshes of an account on or off; running it again is harmless. */
export async function setTransactionSubscription(ctx: Context, given: string | undefined, on: boolean): Promise<FcAccount> {
  const verb = on ? 'subscribe' : 'unsubscribe';
  const id = await accountIdOrPick(ctx, given, `<fca_…>: the account to ${verb}`);
  const stripe = await ctx.stripe();
  return stateWrite(
    () => (on ? subscribeTransactions(stripe, id) : unsubscribeTransactions(stripe, id)),
    `Running it again is harmless: it sets the same subscription state. Check with fc accounts get ${id}.`,
  );
}

/** The start of the verbs that read one account: pick or check the id, then read it (refreshed first with --refresh). */
export async function accountForRead(
  ctx: Context,
  given: string | undefined,
  opts: { refresh?: boolean; timeout: string },
  feature: RefreshFeature,
): Promise<{ stripe: Stripe; account: FcAccount }> {
  const id = await accountIdOrPick(ctx, given);
  const timeoutS = parseTimeout(opts.timeout);
  const stripe = await ctx.stripe();
  return { stripe, account: await loadAccount(ctx, stripe, id, feature, opts.refresh, timeoutS) };
}
