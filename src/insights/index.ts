import { estimateBalances, type BalanceEstimate } from './balance.js';
import { monthlyCashflow, monthWindow, totals, type MonthFlow } from './cashflow.js';
import { countFees, type FeeSummary } from './fees.js';
import { detectRecurring, monthlyEquivalent, splitRecurring, type RecurringSeries } from './recurring.js';
import { localDayNumber } from './time.js';
import type { InsightTransaction } from './types.js';

export type { BalanceEstimate, FeeSummary, MonthFlow, RecurringSeries, InsightTransaction };
export { monthlyEquivalent, monthWindow };

export interface InsightsInput {
  transactions: readonly InsightTransaction[];
  currency: string;
  /** The account's reported balance (signed minor units) and its `as_of`; null when there is none. */
  balance: { current: number; asOf: number } | null;
  now: number;
  months: number;
  timeZone: string;
}

/** What `fc accounts insights --json` prints (besides the account id): every number the table and chart show. */
export interface Insights {
  currency: string;
  time_zone: string;
  period: { from: string; to: string; months: number };
  months: MonthFlow[];
  totals: { inflow: number; outflow: number; net: number };
  recurring_income: RecurringSeries[];
  recurring_bills: RecurringSeries[];
  recurring_transfers: RecurringSeries[];
  /** Sum of the recurring income series' monthly equivalents, minor units. */
  monthly_recurring_income: number;
  monthly_recurring_bills: number;
  fees: FeeSummary;
  balance: BalanceEstimate | null;
}

/** Pure: the same transactions, balance, clock and zone always give the same insights. */
export function analyze(input: InsightsInput): Insights {
  const window = monthWindow(input.now, input.months, input.timeZone);
  const oldest = input.transactions.reduce<number | undefined>((m, t) => (m === undefined || t.transacted_at < m ? t.transacted_at : m), undefined);
  // Callers may pass some history from before the window (it helps to see where the bank's history starts and to find cadences).
  const inWindow = input.transactions.filter((t) => localDayNumber(t.transacted_at, input.timeZone) >= window.fromDay);
  const months = monthlyCashflow(input.transactions, { window, currency: input.currency, timeZone: input.timeZone, dataFrom: oldest });
  const recurring = splitRecurring(detectRecurring(input.transactions, { currency: input.currency, timeZone: input.timeZone, now: input.now }));
  const balance = input.balance
    ? estimateBalances(input.transactions, {
        current: input.balance.current,
        asOf: input.balance.asOf,
        fromDay: window.fromDay,
        toDay: window.toDay,
        currency: input.currency,
        timeZone: input.timeZone,
      })
    : null;
  const active = (s: RecurringSeries[]) => s.filter((x) => !x.lapsed).reduce((sum, x) => sum + monthlyEquivalent(x), 0);
  return {
    currency: input.currency,
    time_zone: input.timeZone,
    period: { from: window.from, to: window.to, months: input.months },
    months,
    totals: totals(months),
    recurring_income: recurring.income,
    recurring_bills: recurring.bills,
    recurring_transfers: recurring.transfers,
    monthly_recurring_income: active(recurring.income),
    monthly_recurring_bills: active(recurring.bills),
    fees: countFees(inWindow, input.currency),
    balance,
  };
}
