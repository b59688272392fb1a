import { REFRESH_FEATURES, summarize, type RefreshResult, type RefreshFeature } from '../../api/accounts.js';
import { refreshCustomerAccounts, startRefresh } from '../../api/refresh.js';
import type { Spinner } from '../../io/spinner.js';
import type { Context } from '../../context.js';
import { ExitCode, FcError, PendingError, UsageError } from '../../errors.js';
import { printJson } from '../../io/render.js';
import { parseCommaList, parseId, parseInteger } from '../shared/validate.js';
import { parseAccountId } from './shared/ids.js';
import { parseTimeout, refreshAndWait } from './shared/refresh-flow.js';
import { printBulkRefresh, printRefreshResults } from './shared/render.js';
import { argument, defineCommand, option } from '../define.js';
import { requireOrAsk } from '../shared/ask.js';
import { pickAccount } from '../shared/pick.js';

export function parseFeatures(value: string | undefined): RefreshFeature[] {
  if (value === undefined) throw new UsageError('Missing --features: one or more of balance,ownership,transactions.');
  // Permissions say "balances"; accept it here too rather than fail on one letter.
  const normalized = value
    .split(',')
    .map((s) => (s.trim() === 'balances' ? 'balance' : s))
    .join(',');
  return parseCommaList(normalized, REFRESH_FEATURES, '--features');
}

export default defineCommand({
  description: 'refresh balance, ownership and/or transactions and wait until each finishes',
  args: [argument('[fca_…]', 'Financial Connections account id (or --customer with --all)')],
  options: [
    option('--features <list>', 'what to refresh: balance,ownership,transactions'),
    option('--customer <id>', "with --all: every account of this customer (cus_… or acct_…)"),
    option('--all', "refresh every account of --customer"),
    option('--concurrency <n>', 'accounts refreshed at once with --all', { default: '8' }),
    option('--no-wait', 'start the refreshes and return at once'),
    option('--timeout <s>', 'seconds to wait for the refreshes', { default: '60' }),
  ],
  examples: [
    'fc accounts refresh fca_123 --features balance,ownership,transactions',
    'fc accounts refresh fca_123 --features balance --no-wait --json',
    'fc accounts refresh --customer cus_123 --all --features balance',
  ],
  run: async (ctx, given, opts) => {
    const bulkMode = opts.all || opts.customer !== undefined;
    requireOrAsk(ctx, [
      ...(given === undefined && !bulkMode ? ['<fca_…> (or --customer <id> --all)'] : []),
      ...(opts.features === undefined ? ['--features <balance,ownership,transactions>'] : []),
    ]);
    const id = given ?? (bulkMode ? undefined : await pickAccount(ctx, undefined, { missing: '<fca_…>' }));
    if (opts.features === undefined) {
      const chosen = await ctx.prompter.checkbox(
        'What to refresh? (space to toggle, enter to confirm)',
        REFRESH_FEATURES.map((f) => ({ name: f, value: f, checked: f === 'balance' })),
        { missing: '--features' },
      );
      opts = { ...opts, features: chosen.join(',') };
    }
    const features = parseFeatures(opts.features);
    const timeoutS = parseTimeout(opts.timeout);
    const wait = opts.wait !== false;
    if (opts.all || opts.customer !== undefined) {
      if (id !== undefined) throw new UsageError('Give either an account id or --customer <id> --all, not both.');
      if (!opts.all) throw new UsageError('--customer refreshes every account of a customer only with --all (fc accounts refresh --customer cus_123 --all --features balance).');
      const customer = parseId(opts.customer, ['cus', 'acct'], '--customer', 'customer or customer Account');
      const concurrency = parseInteger(opts.concurrency ?? '8', '--concurrency', 1, 32);
      return bulk(ctx, { customer, features, timeoutS, wait, concurrency, json: opts.format === 'json' });
    }
    parseAccountId(id);
    const stripe = await ctx.stripe();
    if (!wait) {
      const start = await startRefresh(stripe, id!, features);
      if (opts.format === 'json') printJson(ctx.io, start.account);
      else printRefreshResults(ctx.io, summarize(start.account, features, start.started));
      return;
    }
    const result = await refreshAndWait(ctx, stripe, id!, features, timeoutS);
    if (opts.format === 'json') printJson(ctx.io, result.account);
    else printRefreshResults(ctx.io, result.features, { timedOut: result.timedOut, timeoutS });
    finishOne(result, id!, timeoutS);
  },
});

/** Exit status once the rows are printed: still pending at --timeout is 5, any failure 1, else 0. */
function finishOne(result: RefreshResult, id: string, timeoutS: number): void {
  const pending = result.features.filter((r) => r.status === 'pending').map((r) => r.feature);
  if (result.timedOut) {
    throw new PendingError(
      `Timed out after ${timeoutS}s: the ${pending.join(', ')} refresh${pending.length === 1 ? ' is' : 'es are'} still pending.`,
      `Refreshes continue on Stripe's side: check later with \`fc accounts get ${id}\`, or wait longer with --timeout.`,
    );
  }
  const failed = result.features.filter((r) => r.status === 'failed').map((r) => r.feature);
  if (failed.length) {
    throw new FcError(
      `The ${failed.join(', ')} refresh${failed.length === 1 ? '' : 'es'} of ${id} failed.`,
      ExitCode.api,
      'A refresh fails when the institution cannot be reached; try again once the next refresh is possible (see the table).',
    );
  }
}

interface BulkOptions {
  customer: string;
  features: RefreshFeature[];
  timeoutS: number;
  wait: boolean;
  concurrency: number;
  json: boolean;
}

/** Refreshes every account of a customer (api/refresh.ts) behind a spinner, then prints the table and picks the exit code. */
async function bulk(ctx: Context, o: BulkOptions): Promise<void> {
  const stripe = await ctx.stripe();
  const plural = (n: number) => `${n} account${n === 1 ? '' : 's'}`;
  let spinner: Spinner | undefined;
  try {
    const { rows, started, errors, timedOut } = await refreshCustomerAccounts(stripe, {
      customer: o.customer,
      features: o.features,
      wait: o.wait,
      timeoutMs: o.timeoutS * 1000,
      concurrency: o.concurrency,
      clock: ctx.clock,
      onAccounts: (accounts) => {
        spinner = ctx.io.spinner(`Refreshing ${o.features.join(', ')} of ${plural(accounts.length)} of ${o.customer}…`);
      },
      // A running count is for a spinner; in a log it would be one line per account.
      onRequested: (requested, of) => {
        if (ctx.io.stderrIsTTY) spinner?.update(`Requested ${requested} of ${of} refreshes…`);
      },
      onWaiting: (pending, of) => spinner?.update(`Waiting for ${pending} of ${plural(of)}…`),
    });
    const results = rows.flatMap((r) => r.results ?? []);
    if (timedOut) spinner?.fail(`Timed out after ${o.timeoutS}s`);
    else if (!o.wait) spinner?.succeed(`Requested refreshes of ${plural(started)}`);
    else if (errors || results.some((r) => r.status === 'failed')) spinner?.fail('Some refreshes failed');
    else spinner?.succeed(`Refreshed ${plural(started)}`);

    if (o.json) printJson(ctx.io, rows.map((r) => r.account));
    else printBulkRefresh(ctx.io, rows, o.features);
    if (!started && !errors && rows.length) ctx.notice('No account could be refreshed: see the notes above.');

    const stillPending = rows.filter((r) => r.results?.some((x) => x.status === 'pending')).length;
    if (o.wait && timedOut) {
      throw new PendingError(
        `Timed out after ${o.timeoutS}s with ${plural(stillPending)} still refreshing.`,
        `Refreshes continue on Stripe's side: check later with \`fc accounts list --customer ${o.customer}\`, or wait longer with --timeout.`,
      );
    }
    // With --no-wait nothing has finished: only requests the API refused count as failures.
    const failedAccounts = (o.wait ? rows.filter((r) => r.results?.some((x) => x.status === 'failed')).length : 0) + errors;
    if (failedAccounts) {
      throw new FcError(
        `Refreshes failed for ${failedAccounts} of ${plural(rows.length)} (see the table).`,
        ExitCode.api,
        'A refresh fails when the institution cannot be reached; try again once the next refresh is possible.',
      );
    }
  } finally {
    spinner?.stop();
  }
}
