import type Stripe from 'stripe';
import type { HistoryProfile } from './institutions.js';
import { Rng, stableId } from './random.js';
import { createHash } from 'node:crypto';

/**
 * Generated transaction histories. A day's transactions are a pure function of
 * (seed, UTC day), never of "now": regenerating a window yields the same ids and
 * amounts, so refreshes add new days and settle pending items without duplicates.
 * Only the status depends on `now` (see `statusAt`).
 */
export type Transaction = Stripe.FinancialConnections.Transaction;

export const DAY = 86_400;
/** Roughly what Stripe returns on a first transaction refresh. */
export const HISTORY_DAYS = 180;
/** A Friday (2024-01-05 UTC): payroll falls every 14 days from it. */
const PAYROLL_ANCHOR_DAY = 19_727;

interface Draft {
  secondOfDay: number;
  description: string;
  amount: number;
}

interface Merchant {
  names: readonly string[];
  min: number;
  max: number;
  perDay: number;
}

const GROCERIES: Merchant = { names: ['WHOLE FOODS MARKET', "TRADER JOE'S", 'SAFEWAY', 'COSTCO WHOLESALE'], min: 2_500, max: 18_000, perDay: 0.35 };
const DINING: Merchant = { names: ['STARBUCKS', 'BLUE BOTTLE COFFEE', 'CHIPOTLE', 'SWEETGREEN', 'DOORDASH'], min: 450, max: 4_500, perDay: 0.5 };
const TRANSPORT: Merchant = { names: ['SHELL OIL', 'CHEVRON', 'UBER TRIP', 'LYFT RIDE', 'CLIPPER TRANSIT'], min: 800, max: 6_500, perDay: 0.15 };
const SHOPPING: Merchant = { names: ['AMAZON.COM', 'TARGET', 'WALGREENS', 'HOME DEPOT', 'BEST BUY'], min: 1_200, max: 15_000, perDay: 0.12 };
const TRAVEL: Merchant = { names: ['UNITED AIRLINES', 'MARRIOTT HOTELS', 'AIRBNB', 'HERTZ RENT-A-CAR'], min: 9_000, max: 65_000, perDay: 0.03 };

/** Descriptions of items a bank never voids (settled transfers, fees, income). */
const NEVER_VOID = /PAYROLL|RENT|FEE|INTEREST|TRANSFER|PAYMENT|AUTOPAY|UTILIT|ENERGY|WATER|XFINITY/;

function dayOfMonth(day: number): number {
  return new Date(day * DAY * 1000).getUTCDate();
}

function isLastDayOfMonth(day: number): boolean {
  return dayOfMonth(day + 1) === 1;
}

function purchases(rng: Rng, out: Draft[], merchants: readonly Merchant[]): void {
  for (const m of merchants) {
    if (rng.chance(m.perDay)) {
      out.push({ secondOfDay: rng.int(7 * 3600, 22 * 3600), description: rng.pick(m.names), amount: -rng.int(m.min, m.max) });
    }
  }
}

function checkingDay(rng: Rng, day: number, p: HistoryProfile): Draft[] {
  const out: Draft[] = [];
  const dom = dayOfMonth(day);
  const early = () => rng.int(5 * 3600, 7 * 3600);
  if (p.payroll && (((day - PAYROLL_ANCHOR_DAY) % 14) + 14) % 14 === 0) {
    out.push({ secondOfDay: early(), description: p.payroll.description, amount: p.payroll.amount });
  }
  if (p.rent && dom === 1) out.push({ secondOfDay: early(), description: 'OAKWOOD APARTMENTS RENT', amount: -p.rent });
  if (dom === 3) out.push({ secondOfDay: early(), description: 'ONLINE TRANSFER TO SAVINGS', amount: -50_000 });
  if (dom === 5) out.push({ secondOfDay: early(), description: 'PG&E ENERGY BILL', amount: -rng.int(8_000, 16_000) });
  if (dom === 12) out.push({ secondOfDay: early(), description: 'COMCAST XFINITY', amount: -7_999 });
  if (dom === 15) out.push({ secondOfDay: early(), description: 'NETFLIX.COM', amount: -1_549 });
  if (dom === 18) out.push({ secondOfDay: early(), description: 'CITY WATER UTILITIES', amount: -rng.int(3_500, 6_500) });
  if (dom === 22) out.push({ secondOfDay: early(), description: 'SPOTIFY USA', amount: -1_199 });
  if (dom === 25) out.push({ secondOfDay: early(), description: 'CHASE CREDIT CRD AUTOPAY', amount: -rng.int(30_000, 90_000) });
  purchases(rng, out, [GROCERIES, DINING, TRANSPORT, SHOPPING]);
  if (rng.chance(0.05)) out.push({ secondOfDay: rng.int(9 * 3600, 21 * 3600), description: 'ATM WITHDRAWAL', amount: -rng.pick([4_000, 6_000, 10_000, 20_000]) });
  if (rng.chance(0.04)) out.push({ secondOfDay: rng.int(9 * 3600, 21 * 3600), description: 'VENMO TRANSFER', amount: rng.int(1_000, 15_000) });
  if (rng.chance(p.overdraftChance ?? 0)) out.push({ secondOfDay: 23 * 3600 + rng.int(0, 3000), description: 'OVERDRAFT FEE', amount: -3_500 });
  return out;
}

function savingsDay(rng: Rng, day: number): Draft[] {
  const out: Draft[] = [];
  if (dayOfMonth(day) === 3) out.push({ secondOfDay: rng.int(5 * 3600, 7 * 3600), description: 'ONLINE TRANSFER FROM CHECKING', amount: 50_000 });
  if (isLastDayOfMonth(day)) out.push({ secondOfDay: 23 * 3600, description: 'INTEREST PAYMENT', amount: rng.int(900, 1_400) });
  if (rng.chance(0.02)) out.push({ secondOfDay: rng.int(9 * 3600, 20 * 3600), description: 'ONLINE TRANSFER TO CHECKING', amount: -rng.int(20_000, 100_000) });
  return out;
}

function creditCardDay(rng: Rng, day: number): Draft[] {
  const out: Draft[] = [];
  const dom = dayOfMonth(day);
  if (dom === 25) out.push({ secondOfDay: rng.int(5 * 3600, 7 * 3600), description: 'PAYMENT - THANK YOU', amount: rng.int(30_000, 90_000) });
  if (dom === 28) out.push({ secondOfDay: 23 * 3600, description: 'INTEREST CHARGE ON PURCHASES', amount: -rng.int(1_500, 2_500) });
  purchases(rng, out, [GROCERIES, DINING, DINING, TRANSPORT, SHOPPING, TRAVEL]);
  return out;
}

/** A day's items, in time order; depends only on (seed, day). */
export function draftsForDay(seed: string, day: number, profile: HistoryProfile): Draft[] {
  const rng = new Rng(`${seed}:day:${day}`);
  const drafts = profile.kind === 'savings' ? savingsDay(rng, day) : profile.kind === 'credit_card' ? creditCardDay(rng, day) : checkingDay(rng, day, profile);
  return drafts.sort((a, b) => a.secondOfDay - b.secondOfDay);
}

/**
 * When a transaction settles and whether it is voided: a pure function of its id,
 * so a later refresh can settle a stored pending item without regenerating it.
 */
export function fateOf(t: Pick<Transaction, 'id' | 'transacted_at' | 'description'>): { settlesAt: number; voided: boolean } {
  const h = createHash('sha256').update(`fate:${t.id}`).digest();
  const settlesAt = t.transacted_at + DAY + Math.floor((h.readUInt32LE(0) / 4294967296) * 2 * DAY);
  const voided = !NEVER_VOID.test(t.description) && h.readUInt32LE(4) / 4294967296 < 0.05;
  return { settlesAt, voided };
}

/** Status fields as seen at `now`: pending until it settles, then posted or void. */
export function statusAt(t: Pick<Transaction, 'id' | 'transacted_at' | 'description'>, now: number): Pick<Transaction, 'status' | 'status_transitions'> {
  const fate = fateOf(t);
  if (now < fate.settlesAt) return { status: 'pending', status_transitions: { posted_at: null, void_at: null } };
  return fate.voided
    ? { status: 'void', status_transitions: { posted_at: null, void_at: fate.settlesAt } }
    : { status: 'posted', status_transitions: { posted_at: fate.settlesAt, void_at: null } };
}

function build(account: string, id: string, transactedAt: number, d: Draft | Omit<Draft, 'secondOfDay'>, now: number, refresh: string): Transaction {
  const base = { id, transacted_at: transactedAt, description: d.description };
  return {
    id,
    object: 'financial_connections.transaction',
    account,
    amount: d.amount,
    currency: 'usd',
    description: d.description,
    livemode: false,
    ...statusAt(base, now),
    transacted_at: transactedAt,
    transaction_refresh: refresh,
    updated: now,
  };
}

export interface DailyOptions {
  /** The fca_ id: part of every transaction id, so two linked accounts never share ids. */
  account: string;
  seed: string;
  profile: HistoryProfile;
  /** Only transactions with from < transacted_at <= to (unix seconds). */
  from: number;
  to: number;
  /** When the refresh runs: decides pending/posted/void and `updated`. */
  now: number;
  refresh: string;
}

/** Day-by-day history, oldest first, as an iterator so long ranges stream into the store. */
export function* dailyTransactions(o: DailyOptions): Generator<Transaction> {
  for (let day = Math.floor(o.from / DAY); day <= Math.floor(o.to / DAY); day++) {
    const drafts = draftsForDay(o.seed, day, o.profile);
    for (let i = 0; i < drafts.length; i++) {
      const at = day * DAY + drafts[i]!.secondOfDay;
      if (at <= o.from || at > o.to) continue;
      yield build(o.account, stableId('fctxn', `${o.account}:${day}:${i}`), at, drafts[i]!, o.now, o.refresh);
    }
  }
}

const BULK_POOL: readonly { weight: number; value: Merchant }[] = [
  { weight: 30, value: DINING },
  { weight: 25, value: GROCERIES },
  { weight: 15, value: TRANSPORT },
  { weight: 15, value: SHOPPING },
  { weight: 2, value: TRAVEL },
];

export interface BulkOptions {
  account: string;
  seed: string;
  count: number;
  now: number;
  refresh: string;
}

/**
 * `count` transactions spread evenly over the last HISTORY_DAYS days, newest first:
 * a dense card-heavy history for benchmarks, with a deposit now and then.
 */
/** ASCII order, so ids made from rising numbers also rise as SQLite compares them. */
const SORTABLE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function sortable(n: number): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = SORTABLE[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function* bulkTransactions(o: BulkOptions): Generator<Transaction> {
  const rng = new Rng(`${o.seed}:bulk`);
  // A stable per-account stem and a rising tail: each id lands at the end of the id
  // index instead of at a random page, which keeps a million inserts under a minute.
  const stem = stableId('fctxn', `${o.account}:bulk`).slice(0, 'fctxn_'.length + 16);
  const step = (HISTORY_DAYS * DAY) / Math.max(o.count, 1);
  for (let i = 0; i < o.count; i++) {
    const at = o.now - Math.floor(i * step + rng.next() * step);
    let draft: Omit<Draft, 'secondOfDay'>;
    if (rng.chance(0.02)) {
      draft = { description: rng.pick(['ACME CORP PAYROLL', 'VENMO TRANSFER', 'ONLINE TRANSFER FROM SAVINGS']), amount: rng.int(5_000, 250_000) };
    } else {
      const m = rng.weighted(BULK_POOL);
      draft = { description: rng.pick(m.names), amount: -rng.int(m.min, m.max) };
    }
    yield build(o.account, `${stem}${sortable(i)}`, at, draft, o.now, o.refresh);
  }
}
