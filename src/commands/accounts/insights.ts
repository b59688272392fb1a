import { plot } from 'asciichart';
import { getAccount, transactions, type FcAccount, type FcTransaction, type RefreshFeature } from '../../api/accounts.js';
import { apiNow } from '../../api/clock.js';
import { ApiError, ExitCode, FcError, toFcError } from '../../errors.js';
import { analyze, monthlyEquivalent, monthWindow, type Insights, type RecurringSeries } from '../../insights/index.js';
import { formatDate, formatMoney } from '../../io/format.js';
import type { IO } from '../../io/io.js';
import { printJson, renderTable } from '../../io/render.js';
import { parseInteger } from '../shared/validate.js';
import { parseTimeout, refreshAndWait, requireRefreshed } from './shared/refresh-flow.js';
import { accountLabel } from './shared/render.js';
import { forDisplay } from '../../io/sanitize.js';
import { ACCOUNT_ARGUMENT, accountIdOrPick, refreshOptions } from './shared/ids.js';
import { defineCommand, option } from '../define.js';

/** `--json`: the account id and every number the table and chart show. */
export interface AccountInsights extends Insights {
  object: 'fc.account_insights';
  account: string;
}

function noTransactions(err: unknown, id: string): unknown {
  const e = toFcError(err);
  if (e instanceof ApiError && e.code === 'financial_connections_no_successful_transaction_refresh') {
    return new ApiError(
      `Account ${id} has no transactions to analyse yet: no transaction refresh has succeeded.`,
      { code: e.code, requestId: e.requestId, param: e.param, type: e.type },
      `Run \`fc accounts insights ${id} --refresh\` (or \`fc accounts subscribe ${id}\` for daily refreshes).`,
    );
  }
  return err;
}

/** The currency the account reports its balance in; else the one most of its transactions use. */
function currencyOf(account: FcAccount, txns: readonly FcTransaction[]): string {
  const fromBalance = Object.keys(account.balance?.current ?? {})[0];
  if (fromBalance) return fromBalance;
  const count = new Map<string, number>();
  for (const t of txns) count.set(t.currency, (count.get(t.currency) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'usd';
}

export default defineCommand({
  description: 'cashflow by month, recurring income and bills, overdraft/NSF fees and average balance, with a chart',
  args: [ACCOUNT_ARGUMENT],
  options: [
    option('--months <n>', 'calendar months to cover, the current one included (1-24)', { default: '6' }),
    ...refreshOptions('balance and transactions'),
  ],
  examples: [
    'fc accounts insights fca_123',
    'fc accounts insights fca_123 --months 12',
    'fc accounts insights fca_123 --json | jq .recurring_income',
  ],
  run: async (ctx, accountArg, opts) => {
    const id = await accountIdOrPick(ctx, accountArg);
    const months = parseInteger(opts.months ?? '6', '--months', 1, 24);
    const timeoutS = parseTimeout(opts.timeout);
    const timeZone = ctx.timeZone;
    const stripe = await ctx.stripe();

    let account = await getAccount(stripe, id);
    if (!account.permissions?.includes('transactions')) {
      throw new FcError(
        `Account ${id} was linked without the 'transactions' permission, so there is nothing to analyse.`,
        ExitCode.api,
        'Link it again through a session with --permissions including transactions (and balances for the average balance).',
      );
    }
    if (opts.refresh) {
      const features: RefreshFeature[] = account.permissions.includes('balances') ? ['balance', 'transactions'] : ['transactions'];
      const result = await refreshAndWait(ctx, stripe, id, features, timeoutS);
      requireRefreshed(ctx, result, 'transactions', id, timeoutS);
      account = result.account;
    }

    const now = await apiNow(ctx, stripe);
    const window = monthWindow(now, months, timeZone);
    // A week before the window too: it shows whether the bank's history reaches back that far.
    const gte = (window.fromDay - 8) * 86_400;
    const txns: FcTransaction[] = [];
    try {
      for await (const t of transactions(stripe, { account: id, gte, pageSize: 100 })) txns.push(t);
    } catch (err) {
      throw noTransactions(err, id);
    }
    const currency = currencyOf(account, txns);
    const current = account.balance?.current?.[currency];
    const insights = analyze({
      transactions: txns,
      currency,
      balance: current !== undefined && account.balance ? { current, asOf: account.balance.as_of } : null,
      now,
      months,
      timeZone,
    });
    const out: AccountInsights = { object: 'fc.account_insights', account: id, ...insights };
    if (opts.format === 'json') printJson(ctx.io, out);
    else printInsights(ctx.io, account, out, terminalWidth(ctx.io));
  },
});

function terminalWidth(io: IO): number {
  const cols = (io.stdout as NodeJS.WritableStream & { columns?: number }).columns;
  return typeof cols === 'number' && cols >= 40 ? cols : 80;
}

/** `$12.3k` for chart labels: the axis needs a fixed, short width. */
export function shortMoney(minor: number, currency: string): string {
  const major = minor / 100;
  const abs = Math.abs(major);
  const sign = major < 0 ? '-' : '';
  const symbol = currency.toLowerCase() === 'usd' ? '$' : '';
  const body = abs >= 1_000_000 ? `${(abs / 1_000_000).toFixed(1)}M` : abs >= 1_000 ? `${(abs / 1_000).toFixed(1)}k` : abs.toFixed(0);
  return `${sign}${symbol}${body}${symbol ? '' : ` ${currency.toUpperCase()}`}`;
}

/** Evenly spaced points of a long series, so a chart fits the terminal. */
export function downsample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  return Array.from({ length: width }, (_, i) => values[Math.round((i * (values.length - 1)) / (width - 1))]!);
}

/**
 * The chart: the estimated daily balance when there is a balance to walk back
 * from, else the monthly net as steps. Drawn with asciichart, labelled below.
 */
export function renderChart(insights: Insights, width: number): { title: string; chart: string; axis: string } | null {
  const plotWidth = Math.max(20, width - 14);
  const fmt = (v: number) => shortMoney(v, insights.currency).padStart(9);
  if (insights.balance && insights.balance.daily.length >= 2) {
    const daily = insights.balance.daily;
    const series = downsample(daily.map((d) => d.balance), plotWidth);
    const chart = plot(series, { height: 10, format: fmt });
    const first = daily[0]!.date;
    const last = daily[daily.length - 1]!.date;
    const axis = `${' '.repeat(11)}${first}${' '.repeat(Math.max(1, series.length - first.length - last.length + 1))}${last}`;
    return { title: 'Estimated daily balance', chart, axis };
  }
  if (insights.months.length < 2) return null;
  const step = Math.max(1, Math.floor(plotWidth / insights.months.length));
  const series = insights.months.flatMap((m) => Array<number>(step).fill(m.net));
  const chart = plot(series, { height: 8, format: fmt });
  const axis = ' '.repeat(11) + insights.months.map((m) => m.month.padEnd(step).slice(0, step)).join('');
  return { title: 'Net cashflow by month', chart, axis };
}

function seriesRows(list: readonly RecurringSeries[], currency: string, timeZone: string): string[][] {
  return list.map((s) => [
    s.description,
    s.cadence + (s.lapsed ? ' (lapsed?)' : ''),
    s.min_amount === s.max_amount ? formatMoney(s.typical_amount, currency) : `≈ ${formatMoney(s.typical_amount, currency)}`,
    formatMoney(monthlyEquivalent(s), currency),
    formatDate(s.last_transacted_at, timeZone),
    s.lapsed ? '—' : s.next_expected_on,
    `${s.occurrences}×`,
  ]);
}

export function printInsights(io: IO, account: FcAccount, r: AccountInsights, width = 80): void {
  account = forDisplay(account);
  r = forDisplay(r);
  const c = io.color;
  const money = (v: number) => formatMoney(v, r.currency);
  const lines: string[] = [];
  lines.push(c.bold(`Insights for ${accountLabel(account)} at ${account.institution_name} (${account.id})`));
  lines.push(c.dim(`${r.period.from} to ${r.period.to}, ${r.period.months} month(s), dates in ${r.time_zone}`));
  lines.push('');

  lines.push(c.bold('Cashflow by month'));
  const rows = r.months.map((m) => [m.partial ? `${m.month}*` : m.month, money(m.inflow), money(m.outflow), m.net < 0 ? c.red(money(m.net)) : money(m.net), m.transactions]);
  rows.push([c.bold('Total'), money(r.totals.inflow), money(r.totals.outflow), money(r.totals.net), r.months.reduce((s, m) => s + m.transactions, 0)]);
  lines.push(renderTable(io, ['Month', 'Inflow', 'Outflow', 'Net', 'Transactions'], rows));
  if (r.months.some((m) => m.partial)) lines.push(c.dim('* partial month (month to date, or before the bank history starts)'));
  lines.push('');

  const chart = renderChart(r, width);
  if (chart) {
    lines.push(c.bold(chart.title));
    lines.push(chart.chart);
    lines.push(c.dim(chart.axis));
    lines.push('');
  }

  const head = ['Description', 'Cadence', 'Typical', 'Per month', 'Last', 'Next expected', 'Seen'];
  lines.push(c.bold('Recurring income'));
  if (r.recurring_income.length) {
    lines.push(renderTable(io, head, seriesRows(r.recurring_income, r.currency, r.time_zone)));
    lines.push(`About ${money(r.monthly_recurring_income)} a month of recurring income.`);
  } else lines.push(c.dim('None found.'));
  lines.push('');
  lines.push(c.bold('Recurring bills'));
  if (r.recurring_bills.length) {
    lines.push(renderTable(io, head, seriesRows(r.recurring_bills, r.currency, r.time_zone)));
    lines.push(`About ${money(r.monthly_recurring_bills)} a month of recurring bills.`);
  } else lines.push(c.dim('None found.'));
  if (r.recurring_transfers.length) {
    lines.push('');
    lines.push(c.bold('Recurring transfers between accounts'));
    lines.push(renderTable(io, head, seriesRows(r.recurring_transfers, r.currency, r.time_zone)));
  }
  lines.push('');

  const f = r.fees;
  const fees = `${f.overdraft.count} overdraft fee(s) (${money(f.overdraft.total)}), ${f.nsf.count} NSF fee(s) (${money(f.nsf.total)})`;
  lines.push(`${c.bold('Fees:')} ${f.count > 0 ? c.yellow(fees) : fees}`);
  if (r.balance) {
    const b = r.balance;
    lines.push(
      `${c.bold('Average balance (estimated):')} ${money(b.average)} · low ${money(b.min)} · high ${money(b.max)} · ${b.days_negative} of ${b.days} day(s) below zero`,
    );
  } else {
    lines.push(`${c.bold('Average balance:')} ${c.dim(`unknown: no balance to start from (fc accounts balance ${account.id} --refresh)`)}`);
  }
  io.out(lines.join('\n'));
}
