import { transactions, type FcTransaction, type FcTransactionStatus } from '../../api/accounts.js';
import type Stripe from 'stripe';
import { getAccount } from '../../api/accounts.js';
import { ApiError, AuthError, toFcError } from '../../errors.js';
import { relinkCommand } from '../../api/relink.js';
import { parseCommaList, parseId, parseLimit } from '../shared/validate.js';
import type { Context } from '../../context.js';
import { dateRange } from './shared/dates.js';
import { primed, take, writeCsv, writeJsonArray } from './shared/export.js';
import { parseTimeout, refreshAndWait, requireRefreshed } from './shared/refresh-flow.js';
import { printTransactions } from './shared/render.js';
import { ACCOUNT_ARGUMENT, accountIdOrPick, refreshOptions } from './shared/ids.js';
import { defineCommand, option } from '../define.js';

const STATUSES: readonly FcTransactionStatus[] = ['pending', 'posted', 'void'];

/** The API's "no successful refresh" error, told as what to run next. */
async function explain(stripe: Stripe, err: unknown, id: string): Promise<unknown> {
  const e = toFcError(err);
  const noRefresh = e instanceof ApiError && e.code === 'financial_connections_no_successful_transaction_refresh';
  if (noRefresh || e instanceof AuthError) {
    // A refresh cannot help an account linked without the permission: only a new link can.
    const account = await getAccount(stripe, id).catch(() => undefined);
    if (account && !account.permissions?.includes('transactions')) {
      return new AuthError(
        `Account ${id} was linked without the 'transactions' permission, so its transactions cannot be read.`,
        `Permissions are fixed at linking: have the holder link it again with ${relinkCommand(account, ['transactions'])}`,
      );
    }
  }
  if (noRefresh && e instanceof ApiError) {
    return new ApiError(
      `Account ${id} has no transactions to list yet: no transaction refresh has succeeded.`,
      { code: e.code, requestId: e.requestId, param: e.param, type: e.type },
      `Run \`fc accounts refresh ${id} --features transactions\` (or \`fc accounts subscribe ${id}\` for daily refreshes), then list again.`,
    );
  }
  return err;
}

/** Passes items through, telling `seen` about each (the last one names where to continue). */
async function* lastOf<T>(source: AsyncIterable<T>, seen: (item: T) => void): AsyncGenerator<T, void, undefined> {
  for await (const item of source) {
    seen(item);
    yield item;
  }
}

function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

export default defineCommand({
  description: "list an account's transactions, newest first (table, --json or --format csv)",
  args: [ACCOUNT_ARGUMENT],
  options: [
    option('--since <date>', 'first day to include (YYYY-MM-DD, your time zone)'),
    option('--until <date>', 'last day to include (YYYY-MM-DD, your time zone)'),
    option('--status <list>', 'only these statuses: pending,posted,void'),
    option('--limit <n>', 'how many to show (1-100)', { default: '10' }),
    option('--all', 'page through every transaction'),
    ...refreshOptions('transactions'),
    option('--starting-after <fctxn_…>', 'continue after this transaction (an interrupted export names it)'),
  ],
  examples: [
    'fc accounts transactions fca_123 --limit 20',
    'fc accounts transactions fca_123 --all --format csv > transactions.csv',
    'fc accounts transactions fca_123 --since 2026-01-01 --until 2026-01-31 --status posted',
  ],
  formats: ['table', 'json', 'csv'],
  run: async (ctx, accountArg, opts) => {
    const id = await accountIdOrPick(ctx, accountArg);
    const range = dateRange(opts.since, opts.until, ctx.timeZone);
    const statuses = opts.status !== undefined ? parseCommaList(opts.status, STATUSES, '--status') : undefined;
    const limit = parseLimit(opts.limit);
    const timeoutS = parseTimeout(opts.timeout);
    const stripe = await ctx.stripe();

    if (opts.refresh) {
      const account = await getAccount(stripe, id);
      if (!account.permissions?.includes('transactions')) throw await explain(stripe, new AuthError('missing permission'), id);
      const result = await refreshAndWait(ctx, stripe, id, ['transactions'], timeoutS);
      requireRefreshed(ctx, result, 'transactions', id, timeoutS);
    }

    // A status filter is applied here, so pages are full-size to find `limit` matches quickly; otherwise
    // one row more than asked tells whether more exist without another request.
    const pageSize = opts.all || statuses ? 100 : Math.min(100, limit + 1);
    const startingAfter = opts.startingAfter !== undefined ? parseId(opts.startingAfter, ['fctxn'], '--starting-after', 'transaction') : undefined;
    const query = { account: id, gte: range.gte, lt: range.lt, statuses, pageSize, startingAfter };
    // --all fetches time windows side by side (api/windowed.ts); the rows come out in the same order.
    // A continuation (--starting-after) does too, from the cursor's time (one retrieve).
    let source: AsyncIterable<FcTransaction>;
    if (opts.all) {
      const after = startingAfter
        ? { id: startingAfter, transactedAt: (await stripe.financialConnections.transactions.retrieve(startingAfter)).transacted_at }
        : undefined;
      source = (await import('../../api/windowed.js')).windowedTransactions(stripe, query, { debug: (l) => ctx.debug(l), after });
    } else {
      source = transactions(stripe, query);
    }
    const more = { value: false };
    let last: string | undefined;
    let rows: AsyncIterable<FcTransaction>;
    try {
      rows = await primed(opts.all ? source : lastOf(take(source, limit, more), (t) => (last = t.id)));
    } catch (err) {
      throw await explain(stripe, err, id);
    }
    // Said on stderr in every opts.format, after the data, so a script's file is complete and a person knows.
    const sayMore = () => {
      if (!more.value) return;
      const next = last ? `, or --starting-after ${last} for the next ${limit}` : '';
      ctx.io.err(ctx.io.color.dim(`More transactions exist than the ${limit} shown: add --all for every one${next}.`));
    };

    // What has been written so far, so an export that fails midway can say where to continue.
    const progress: Progress = { count: 0 };
    if (opts.format !== 'table') rows = tracked(rows, progress);
    try {
      if (opts.format === 'csv') {
        const n = await writeCsv(ctx.io.stdout, rows, ctx.io.stdoutIsTTY);
        if (ctx.io.stderrIsTTY && !ctx.io.stdoutIsTTY) ctx.io.err(ctx.io.color.dim(`Wrote ${n} transaction${n === 1 ? '' : 's'}.`));
        if (progress.failure === undefined) sayMore();
      } else if (opts.format === 'json') {
        await writeJsonArray(ctx.io.stdout, rows);
        if (progress.failure === undefined) sayMore();
      } else {
        // A table is for people and has to be measured before it is drawn, so it is collected.
        const list: FcTransaction[] = [];
        for await (const t of rows) list.push(t);
        printTransactions(ctx.io, list, opts.since || opts.until || statuses ? 'No transactions match these filters.' : 'No transactions.');
        sayMore();
      }
      if (progress.failure !== undefined) throw progress.failure;
    } catch (err) {
      // The reader went away (`| head`): that ends the export, it is not a failure.
      if (isBrokenPipe(err)) return;
      if (opts.format !== 'table') interrupted(ctx, id, opts.format, progress, opts);
      throw err;
    }
  },
});

interface Progress {
  count: number;
  last?: string;
  /** The source's failure, held until every row already read has been written out. */
  failure?: unknown;
}

/**
 * Counts rows on their way out. A failing source ends the stream cleanly instead
 * of tearing it down, so every counted row reaches stdout whole (the CSV writer
 * flushes) before the failure is reported.
 */
async function* tracked(rows: AsyncIterable<FcTransaction>, progress: Progress): AsyncGenerator<FcTransaction> {
  try {
    for await (const t of rows) {
      progress.count++;
      progress.last = t.id;
      yield t;
    }
  } catch (err) {
    progress.failure = err;
  }
}

interface ExportFlags {
  since?: string;
  until?: string;
  status?: string;
  limit: string;
  all?: boolean;
  startingAfter?: string;
}

/** An export cut short must not look complete: how far it got, and the command that continues it. */
function interrupted(ctx: Context, id: string, format: 'json' | 'csv', progress: Progress, opts: ExportFlags): void {
  const c = ctx.io.color;
  const n = `${progress.count} transaction${progress.count === 1 ? '' : 's'}`;
  if (!progress.last) {
    ctx.io.err(c.yellow(`The export stopped before any transaction was written${opts.startingAfter ? ` after ${opts.startingAfter}` : ''}.`));
    return;
  }
  const filters = [opts.since && `--since ${opts.since}`, opts.until && `--until ${opts.until}`, opts.status && `--status ${opts.status}`]
    .filter(Boolean)
    .join(' ');
  const rest = `fc accounts transactions ${id} ${opts.all ? '--all' : `--limit ${opts.limit}`}${filters ? ` ${filters}` : ''} ${format === 'csv' ? '--format csv' : '--json'} --starting-after ${progress.last}`;
  ctx.io.err(c.yellow(`The export stopped after ${n} (the last one written: ${progress.last}); what was written is complete rows, but not the whole export.`));
  ctx.io.err(
    format === 'csv'
      ? `Continue with: ${rest} | tail -n +2 >> <the same file>   (tail drops the repeated header)`
      : `Continue with: ${rest} > <another file>   (a second JSON array)`,
  );
}
