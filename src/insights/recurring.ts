import type { InsightTransaction } from './types.js';
import { counts } from './types.js';
import { addMonthsToDate, daysInMonth, dayNumber, fromDayNumber, isoDate, localDayNumber, type LocalDate } from './time.js';

/**
 * Recurring income and bills, found without categories: transactions are grouped
 * by a normalised description and direction, and a group is recurring when the
 * gaps between its days fit a cadence. Amounts may vary (utility bills), timing
 * may not (beyond a day or two of bank and weekend slack).
 */
export type Cadence = 'weekly' | 'biweekly' | 'semimonthly' | 'monthly';

export interface RecurringSeries {
  /** The most recent description as the bank wrote it. */
  description: string;
  /** What occurrences were grouped by. */
  key: string;
  direction: 'inflow' | 'outflow';
  cadence: Cadence;
  /** Minor units, positive: the median occurrence. */
  typical_amount: number;
  min_amount: number;
  max_amount: number;
  occurrences: number;
  first_transacted_at: number;
  last_transacted_at: number;
  /** `YYYY-MM-DD` in the user's time zone. */
  next_expected_on: string;
  /** The next occurrence is overdue by more than the cadence's slack: it may have stopped. */
  lapsed: boolean;
}

// Words that vary between occurrences of the same payee or say nothing about it.
const NOISE = new Set(['POS', 'ACH', 'PPD', 'CCD', 'WEB', 'TEL', 'DEBIT', 'PURCHASE', 'CHECKCARD', 'CARD', 'ID', 'REF', 'TRN', 'DES', 'INDN', 'CO', 'RECURRING', 'PMT', 'PAYMENT']);

/** `ACME CORP PAYROLL 0412 PPD ID:99` and `Acme Corp Payroll` group together. */
export function normalizeDescription(description: string): string {
  const tokens = description
    .toUpperCase()
    .replace(/[^A-Z0-9&]+/g, ' ')
    .split(' ')
    .filter((t) => t !== '' && !/\d/.test(t) && !NOISE.has(t) && t.length > 1);
  return tokens.join(' ') || description.trim().toUpperCase();
}

interface Occurrence {
  day: number;
  at: number;
  amount: number;
  description: string;
}

interface CadenceRule {
  cadence: Cadence;
  /** Allowed gap in days. */
  min: number;
  max: number;
  minOccurrences: number;
  /** Days past the expected date before the series counts as lapsed. */
  slack: number;
}

const RULES: Record<Cadence, CadenceRule> = {
  weekly: { cadence: 'weekly', min: 6, max: 8, minOccurrences: 4, slack: 3 },
  biweekly: { cadence: 'biweekly', min: 13, max: 15, minOccurrences: 3, slack: 4 },
  semimonthly: { cadence: 'semimonthly', min: 12, max: 19, minOccurrences: 4, slack: 4 },
  monthly: { cadence: 'monthly', min: 27, max: 34, minOccurrences: 3, slack: 6 },
};

/**
 * Gaps must fit the cadence, with a little forgiveness: a gap of two periods is a
 * missed occurrence (a voided charge, a skipped month) and one somewhat early or
 * late is a holiday; a few of those are allowed. A gap far outside both breaks
 * the series: random spending that happens to repeat does not pass.
 */
function fits(gaps: readonly number[], rule: CadenceRule): boolean {
  if (gaps.length + 1 < rule.minOccurrences) return false;
  let fit = 0;
  let skipped = 0;
  let off = 0;
  for (const g of gaps) {
    if (g >= rule.min && g <= rule.max) fit++;
    else if (g >= 2 * rule.min && g <= 2 * rule.max) skipped++;
    else if (g >= rule.min / 2 && g <= rule.max * 1.5) off++;
    else return false;
  }
  // A short series has no room for an early or late one: it could as well be chance.
  if (fit < 2 || (gaps.length < 4 && off > 0)) return false;
  return skipped + off <= Math.max(1, Math.floor(gaps.length / 5));
}

/**
 * Day of month for matching paydays and due dates across months: late days count
 * from the month's end (31 = the last day), so "the last day" or "two days before
 * the end" is one anchor in every month, February included.
 */
const anchorDay = (d: LocalDate) => (d.day >= 25 ? 31 - (daysInMonth(d.year, d.month) - d.day) : d.day);

/** Distance between two anchors around the month: the 1st and the 31st are one day apart. */
const anchorDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 31 - Math.abs(a - b));

/** A monthly series keeps its day of the month (within a few days; one exception in a longer series). */
function monthlyAnchored(dates: readonly LocalDate[]): boolean {
  const anchors = dates.map(anchorDay);
  const outliers = Math.min(...anchors.map((center) => anchors.filter((a) => anchorDistance(a, center) > 3).length));
  return outliers <= (dates.length >= 5 ? 1 : 0);
}

/** Two paydays a month (the 1st and 15th, the 15th and the last…): every day lies near one of two anchors. */
function semimonthlyAnchors(dates: readonly LocalDate[]): [number, number] | undefined {
  const days = dates.map(anchorDay).sort((a, b) => a - b);
  // Split at the largest jump between sorted days of month.
  let split = 0;
  let widest = -1;
  for (let i = 1; i < days.length; i++) {
    if (days[i]! - days[i - 1]! > widest) {
      widest = days[i]! - days[i - 1]!;
      split = i;
    }
  }
  const low = days.slice(0, split);
  const high = days.slice(split);
  if (low.length < 2 || high.length < 2) return undefined;
  const spread = (xs: number[]) => xs[xs.length - 1]! - xs[0]!;
  if (spread(low) > 3 || spread(high) > 3) return undefined;
  const a = median(low);
  const b = median(high);
  return b - a >= 10 ? [a, b] : undefined;
}

export function classifyCadence(days: readonly number[]): Cadence | undefined {
  const gaps = days.slice(1).map((d, i) => d - days[i]!);
  if (fits(gaps, RULES.weekly)) return 'weekly';
  // Before biweekly: a biweekly series drifts through the month, so days that stay on two anchors are semimonthly.
  if (fits(gaps, RULES.semimonthly) && semimonthlyAnchors(days.map(fromDayNumber))) return 'semimonthly';
  if (fits(gaps, RULES.biweekly)) return 'biweekly';
  if (fits(gaps, RULES.monthly) && monthlyAnchored(days.map(fromDayNumber))) return 'monthly';
  return undefined;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

function dateOnAnchor(year: number, month: number, anchor: number): LocalDate {
  const length = daysInMonth(year, month);
  return { year, month, day: anchor >= 25 ? length - (31 - anchor) : Math.min(anchor, length) };
}

export function nextExpectedDay(cadence: Cadence, days: readonly number[]): number {
  const last = days[days.length - 1]!;
  if (cadence === 'weekly') return last + 7;
  if (cadence === 'biweekly') return last + 14;
  const dates = days.map(fromDayNumber);
  const lastDate = fromDayNumber(last);
  if (cadence === 'semimonthly') {
    const [a, b] = semimonthlyAnchors(dates)!;
    const candidates = [0, 1].flatMap((delta) => {
      const m = addMonthsToDate({ ...lastDate, day: 1 }, delta);
      return [dateOnAnchor(m.year, m.month, a), dateOnAnchor(m.year, m.month, b)];
    });
    // The first anchor comfortably after the last payday (a payday moved a day early still counts).
    return candidates.map(dayNumber).find((d) => d - last >= 7) ?? last + 15;
  }
  const anchor = median(dates.map(anchorDay));
  const next = addMonthsToDate({ ...lastDate, day: 1 }, 1);
  return dayNumber(dateOnAnchor(next.year, next.month, anchor));
}

/** Occurrences on one day (a split payment) count as one, with their amounts added. */
function byDay(items: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = [];
  for (const o of [...items].sort((a, b) => a.at - b.at)) {
    const prev = out[out.length - 1];
    if (prev && prev.day === o.day) {
      prev.amount += o.amount;
      prev.at = o.at;
      prev.description = o.description;
    } else out.push({ ...o });
  }
  return out;
}

export function detectRecurring(
  txns: readonly InsightTransaction[],
  opts: { currency: string; timeZone: string; now: number },
): RecurringSeries[] {
  const groups = new Map<string, Occurrence[]>();
  for (const t of txns) {
    if (!counts(t, opts.currency) || t.amount === 0) continue;
    const key = `${t.amount > 0 ? '+' : '-'}${normalizeDescription(t.description)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ day: localDayNumber(t.transacted_at, opts.timeZone), at: t.transacted_at, amount: Math.abs(t.amount), description: t.description });
  }
  const today = localDayNumber(opts.now, opts.timeZone);
  const out: RecurringSeries[] = [];
  for (const [key, items] of groups) {
    const occ = byDay(items);
    const days = occ.map((o) => o.day);
    const cadence = classifyCadence(days);
    if (!cadence) continue;
    const amounts = occ.map((o) => o.amount);
    const next = nextExpectedDay(cadence, days);
    out.push({
      description: occ[occ.length - 1]!.description,
      key: key.slice(1),
      direction: key.startsWith('+') ? 'inflow' : 'outflow',
      cadence,
      typical_amount: median(amounts),
      min_amount: Math.min(...amounts),
      max_amount: Math.max(...amounts),
      occurrences: occ.length,
      first_transacted_at: occ[0]!.at,
      last_transacted_at: occ[occ.length - 1]!.at,
      next_expected_on: isoDate(fromDayNumber(next)),
      lapsed: today > next + RULES[cadence].slack,
    });
  }
  // Biggest money first: what matters for income and for affordability.
  return out.sort((a, b) => monthlyEquivalent(b) - monthlyEquivalent(a));
}

const PER_MONTH: Record<Cadence, number> = { weekly: 52 / 12, biweekly: 26 / 12, semimonthly: 2, monthly: 1 };

/** What a series amounts to per month, in minor units (a biweekly $2,450 is about $5,308). */
export function monthlyEquivalent(s: Pick<RecurringSeries, 'cadence' | 'typical_amount'>): number {
  return Math.round(s.typical_amount * PER_MONTH[s.cadence]);
}

/** Moves between a person's own accounts (a card payment seen from the card too): money neither earned nor owed. */
const TRANSFER = /\bTRANSFER\b|\bXFER\b|\bTO SAVINGS\b|\bFROM SAVINGS\b|\bTO CHECKING\b|\bFROM CHECKING\b|\bPAYMENT\b.*\bTHANK YOU\b/;

export function isTransfer(s: Pick<RecurringSeries, 'description'>): boolean {
  return TRANSFER.test(s.description.toUpperCase());
}

export function splitRecurring(series: readonly RecurringSeries[]): { income: RecurringSeries[]; bills: RecurringSeries[]; transfers: RecurringSeries[] } {
  const transfers = series.filter(isTransfer);
  const rest = series.filter((s) => !isTransfer(s));
  return { income: rest.filter((s) => s.direction === 'inflow'), bills: rest.filter((s) => s.direction === 'outflow'), transfers };
}
