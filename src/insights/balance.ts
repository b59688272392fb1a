import type { InsightTransaction } from './types.js';
import { counts } from './types.js';
import { fromDayNumber, isoDate, localDayNumber } from './time.js';

export interface BalanceEstimate {
  /** The balance the bank reported, minor units, and when. */
  current: number;
  as_of: number;
  /** Mean of the estimated end-of-day balances over the days covered. */
  average: number;
  min: number;
  max: number;
  days: number;
  days_negative: number;
  daily: { date: string; balance: number }[];
}

/**
 * Banks give one balance, not a history, so the history is rebuilt by walking
 * back from it: the balance at the end of a day is the reported balance minus
 * every transaction after that day. Pending items count as if already posted
 * (the bank's current balance is assumed to include them), so this is an estimate.
 */
export function estimateBalances(
  txns: readonly InsightTransaction[],
  opts: { current: number; asOf: number; fromDay: number; toDay: number; currency: string; timeZone: string },
): BalanceEstimate | null {
  const lastDay = Math.min(opts.toDay, localDayNumber(opts.asOf, opts.timeZone));
  if (lastDay < opts.fromDay) return null;
  const byDay = new Map<number, number>();
  for (const t of txns) {
    // Anything after the balance snapshot is not in it yet.
    if (!counts(t, opts.currency) || t.transacted_at > opts.asOf) continue;
    const day = localDayNumber(t.transacted_at, opts.timeZone);
    byDay.set(day, (byDay.get(day) ?? 0) + t.amount);
  }
  // Days after lastDay (only possible when asOf is later than toDay) still come off.
  let running = opts.current;
  for (const [day, sum] of byDay) if (day > lastDay) running -= sum;
  const daily: { date: string; balance: number }[] = [];
  for (let day = lastDay; day >= opts.fromDay; day--) {
    daily.push({ date: isoDate(fromDayNumber(day)), balance: running });
    running -= byDay.get(day) ?? 0;
  }
  daily.reverse();
  const values = daily.map((d) => d.balance);
  return {
    current: opts.current,
    as_of: opts.asOf,
    average: Math.round(values.reduce((s, v) => s + v, 0) / values.length),
    min: Math.min(...values),
    max: Math.max(...values),
    days: values.length,
    days_negative: values.filter((v) => v < 0).length,
    daily,
  };
}
