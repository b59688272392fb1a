import type { InsightTransaction } from './types.js';
import { counts } from './types.js';
import { addMonths, dayNumber, isoDate, localDate, localDayNumber, monthKey } from './time.js';

export interface MonthFlow {
  /** `2026-03`, in the user's time zone. */
  month: string;
  /** Minor units, both positive. */
  inflow: number;
  outflow: number;
  net: number;
  transactions: number;
  /** The month is not fully covered: it is the current one, or the history starts after its first day. */
  partial: boolean;
}

export interface Window {
  /** First day of the oldest month and today, as `YYYY-MM-DD`. */
  from: string;
  to: string;
  fromDay: number;
  toDay: number;
  months: { year: number; month: number }[];
}

/** The last `months` calendar months, the current one included, in `timeZone`. */
export function monthWindow(now: number, months: number, timeZone: string): Window {
  const today = localDate(now, timeZone);
  const list = Array.from({ length: months }, (_, i) => addMonths(today.year, today.month, i - months + 1));
  const first = { ...list[0]!, day: 1 };
  return { from: isoDate(first), to: isoDate(today), fromDay: dayNumber(first), toDay: dayNumber(today), months: list };
}

/**
 * Inflow, outflow and net per month. `dataFrom` (unix seconds of the oldest
 * transaction known) marks the month where the bank's history begins as partial.
 */
export function monthlyCashflow(
  txns: readonly InsightTransaction[],
  opts: { window: Window; currency: string; timeZone: string; dataFrom?: number },
): MonthFlow[] {
  const rows = new Map<string, MonthFlow>();
  for (const m of opts.window.months) rows.set(monthKey(m), { month: monthKey(m), inflow: 0, outflow: 0, net: 0, transactions: 0, partial: false });
  for (const t of txns) {
    if (!counts(t, opts.currency)) continue;
    const row = rows.get(monthKey(localDate(t.transacted_at, opts.timeZone)));
    if (!row) continue;
    if (t.amount >= 0) row.inflow += t.amount;
    else row.outflow -= t.amount;
    row.net += t.amount;
    row.transactions += 1;
  }
  const out = [...rows.values()];
  out[out.length - 1]!.partial = true;
  if (opts.dataFrom !== undefined) {
    const firstDay = localDayNumber(opts.dataFrom, opts.timeZone);
    for (const [i, m] of opts.window.months.entries()) {
      if (firstDay > dayNumber({ ...m, day: 1 })) out[i]!.partial = true;
    }
  }
  return out;
}

export function totals(months: readonly MonthFlow[]): { inflow: number; outflow: number; net: number } {
  return months.reduce((s, m) => ({ inflow: s.inflow + m.inflow, outflow: s.outflow + m.outflow, net: s.net + m.net }), { inflow: 0, outflow: 0, net: 0 });
}
