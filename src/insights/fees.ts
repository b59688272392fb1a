import type { InsightTransaction } from './types.js';
import { counts } from './types.js';

/**
 * Overdraft and NSF (non-sufficient funds) fees: for underwriting, how often an
 * account runs dry matters more than its average. Banks word them differently,
 * so the patterns cover the common spellings.
 */
const OVERDRAFT = /\bOVERDRAFT\b|\bOVERDRAWN\b|\bOD (?:ITEM )?FEE\b|\bEXTENDED OD\b/;
const NSF = /\bNSF\b|\bNON[- ]?SUFFICIENT\b|\bINSUFFICIENT FUNDS?\b|\bRETURNED ITEM\b|\bRETURN(?:ED)? (?:ITEM|CHECK) FEE\b/;

export type FeeKind = 'overdraft' | 'nsf';

export function feeKind(description: string): FeeKind | undefined {
  const d = description.toUpperCase();
  if (NSF.test(d)) return 'nsf';
  if (OVERDRAFT.test(d)) return 'overdraft';
  return undefined;
}

export interface FeeSummary {
  overdraft: { count: number; total: number };
  nsf: { count: number; total: number };
  count: number;
  /** Minor units, positive. */
  total: number;
}

export function countFees(txns: readonly InsightTransaction[], currency: string): FeeSummary {
  const out: FeeSummary = { overdraft: { count: 0, total: 0 }, nsf: { count: 0, total: 0 }, count: 0, total: 0 };
  for (const t of txns) {
    // A refund of a fee is an inflow with the same words; only charges count.
    if (!counts(t, currency) || t.amount >= 0) continue;
    const kind = feeKind(t.description);
    if (!kind) continue;
    out[kind].count += 1;
    out[kind].total -= t.amount;
    out.count += 1;
    out.total -= t.amount;
  }
  return out;
}
