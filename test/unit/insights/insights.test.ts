import { describe, expect, it } from 'vitest';
import { analyze, type InsightTransaction } from '../../../src/insights/index.js';
import { estimateBalances } from '../../../src/insights/balance.js';
import { monthlyCashflow, monthWindow } from '../../../src/insights/cashflow.js';
import { countFees, feeKind } from '../../../src/insights/fees.js';
import { classifyCadence, detectRecurring, normalizeDescription, splitRecurring } from '../../../src/insights/recurring.js';
import { dayNumber } from '../../../src/insights/time.js';
import { INVALID_PAYMENT_INSTITUTION, TEST_INSTITUTION, templateSeed, type Institution } from '../../../src/sandbox/bank/institutions.js';
import { DAY, HISTORY_DAYS, dailyTransactions } from '../../../src/sandbox/bank/transactions.js';

const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const tx = (iso: string, amount: number, description: string, status: InsightTransaction['status'] = 'posted'): InsightTransaction => ({
  transacted_at: at(iso),
  amount,
  description,
  currency: 'usd',
  status,
});

/** What a first transaction refresh of a sandbox account returns at `now`. */
function history(institution: Institution, key: string, now: number): InsightTransaction[] {
  const t = institution.accounts.find((a) => a.key === key)!;
  return [...dailyTransactions({ account: `fca_${key}`, seed: templateSeed(institution, t), profile: t.history, from: now - HISTORY_DAYS * DAY, to: now, now, refresh: 'fctxnref_x' })];
}

const KNOWN_BILLS = ['OAKWOOD APARTMENTS RENT', 'PG&E ENERGY BILL', 'COMCAST XFINITY', 'NETFLIX.COM', 'CITY WATER UTILITIES', 'SPOTIFY USA', 'CHASE CREDIT CRD AUTOPAY'];

describe('recurring detection against sandbox accounts whose patterns are known', () => {
  // Several clocks and zones: the generator's randomness (voids, amounts) differs by day, the patterns do not.
  const clocks = ['2026-01-10T12:00:00Z', '2026-03-01T03:00:00Z', '2026-07-17T20:00:00Z', '2026-11-23T09:00:00Z'];
  const zones = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo'];

  for (const iso of clocks) {
    for (const timeZone of zones) {
      it(`checking: biweekly ACME payroll of 2,450.00 dollars and the monthly bills at ${iso} in ${timeZone}`, () => {
        const now = at(iso);
        const r = analyze({ transactions: history(TEST_INSTITUTION, 'checking', now), currency: 'usd', balance: null, now, months: 6, timeZone });
        expect(r.recurring_income).toHaveLength(1);
        expect(r.recurring_income[0]).toMatchObject({ description: 'ACME CORP PAYROLL', cadence: 'biweekly', typical_amount: 245_000, min_amount: 245_000, lapsed: false });
        expect(r.recurring_income[0]!.occurrences).toBeGreaterThanOrEqual(12);
        const bills = r.recurring_bills.map((b) => b.description);
        for (const b of bills) expect(KNOWN_BILLS).toContain(b);
        // Fixed-amount, never-voided bills are always found; the others only lose a month to a void now and then.
        for (const b of ['OAKWOOD APARTMENTS RENT', 'COMCAST XFINITY', 'PG&E ENERGY BILL', 'CITY WATER UTILITIES']) expect(bills).toContain(b);
        expect(r.recurring_bills.every((b) => b.cadence === 'monthly')).toBe(true);
        expect(r.recurring_transfers.map((t) => t.description)).toEqual(['ONLINE TRANSFER TO SAVINGS']);
        expect(r.monthly_recurring_income).toBe(Math.round((245_000 * 26) / 12));
      });
    }
  }

  it('the payroll falls every 14 days, so the next one is 14 days after the last', () => {
    const now = at('2026-11-23T09:00:00Z');
    const [payroll] = detectRecurring(history(TEST_INSTITUTION, 'checking', now), { currency: 'usd', timeZone: 'UTC', now }).filter((s) => s.direction === 'inflow');
    const last = new Date(payroll!.last_transacted_at * 1000).toISOString().slice(0, 10);
    const next = new Date(Date.parse(last) + 14 * DAY * 1000).toISOString().slice(0, 10);
    expect(payroll!.next_expected_on).toBe(next);
    expect(new Date(`${next}T00:00:00Z`).getUTCDay()).toBe(5); // a Friday, as the generator anchors it
  });

  it('joint checking: GLOBEX payroll; Invalid Payment bank: INITECH payroll', () => {
    const now = at('2026-05-05T12:00:00Z');
    const joint = analyze({ transactions: history(TEST_INSTITUTION, 'joint', now), currency: 'usd', balance: null, now, months: 6, timeZone: 'UTC' });
    expect(joint.recurring_income.map((s) => [s.description, s.cadence, s.typical_amount])).toEqual([['GLOBEX INC PAYROLL', 'biweekly', 318_400]]);
    const initech = analyze({ transactions: history(INVALID_PAYMENT_INSTITUTION, 'checking', now), currency: 'usd', balance: null, now, months: 6, timeZone: 'UTC' });
    expect(initech.recurring_income.map((s) => [s.description, s.cadence, s.typical_amount])).toEqual([['INITECH PAYROLL', 'biweekly', 198_750]]);
  });

  it('savings: monthly interest on the last day is income, the transfer from checking is a transfer', () => {
    const now = at('2026-05-05T12:00:00Z');
    const r = analyze({ transactions: history(TEST_INSTITUTION, 'savings', now), currency: 'usd', balance: null, now, months: 6, timeZone: 'UTC' });
    expect(r.recurring_income.map((s) => [s.description, s.cadence])).toEqual([['INTEREST PAYMENT', 'monthly']]);
    expect(r.recurring_income[0]!.next_expected_on).toBe('2026-05-31');
    expect(r.recurring_transfers.map((s) => s.description)).toEqual(['ONLINE TRANSFER FROM CHECKING']);
    expect(r.recurring_bills).toEqual([]);
  });

  it('credit card: no income, as the card payment is a transfer, and no payroll found in card spending', () => {
    const now = at('2026-05-05T12:00:00Z');
    const r = analyze({ transactions: history(TEST_INSTITUTION, 'credit_card', now), currency: 'usd', balance: null, now, months: 6, timeZone: 'UTC' });
    expect(r.recurring_income).toEqual([]);
    expect(r.recurring_transfers.map((s) => s.description)).toEqual(['PAYMENT - THANK YOU']);
    expect(r.recurring_bills.map((s) => s.description)).toEqual(['INTEREST CHARGE ON PURCHASES']);
  });

  it('counts the overdraft fees of the account that runs low', () => {
    const now = at('2026-05-05T12:00:00Z');
    const txns = history(TEST_INSTITUTION, 'insufficient_funds', now);
    const r = analyze({ transactions: txns, currency: 'usd', balance: null, now, months: 6, timeZone: 'UTC' });
    const window = monthWindow(now, 6, 'UTC');
    const expected = txns.filter((t) => t.description === 'OVERDRAFT FEE' && t.status !== 'void' && t.transacted_at >= at(`${window.from}T00:00:00Z`));
    expect(expected.length).toBeGreaterThan(2);
    expect(r.fees).toMatchObject({ count: expected.length, total: expected.length * 3_500, overdraft: { count: expected.length }, nsf: { count: 0 } });
  });
});

describe('cadences', () => {
  const days = (...iso: string[]) => iso.map((d) => dayNumber({ year: +d.slice(0, 4), month: +d.slice(5, 7), day: +d.slice(8, 10) }));

  it('weekly, biweekly, semimonthly, monthly', () => {
    expect(classifyCadence(days('2026-01-02', '2026-01-09', '2026-01-16', '2026-01-23', '2026-01-30'))).toBe('weekly');
    expect(classifyCadence(days('2026-01-02', '2026-01-16', '2026-01-30', '2026-02-13'))).toBe('biweekly');
    expect(classifyCadence(days('2026-01-01', '2026-01-15', '2026-02-01', '2026-02-15', '2026-03-01', '2026-03-16', '2026-04-01', '2026-04-15'))).toBe('semimonthly');
    expect(classifyCadence(days('2026-01-15', '2026-01-31', '2026-02-13', '2026-02-28', '2026-03-13', '2026-03-31', '2026-04-15', '2026-04-30'))).toBe('semimonthly');
    expect(classifyCadence(days('2026-01-05', '2026-02-05', '2026-03-05', '2026-04-06'))).toBe('monthly');
  });

  it('forgives one missed month, not irregular spending', () => {
    expect(classifyCadence(days('2026-01-22', '2026-02-22', '2026-04-22', '2026-05-22', '2026-06-22'))).toBe('monthly');
    expect(classifyCadence(days('2026-01-03', '2026-01-09', '2026-01-30', '2026-02-02', '2026-02-25', '2026-03-07'))).toBeUndefined();
    expect(classifyCadence(days('2026-01-05', '2026-02-05'))).toBeUndefined();
  });

  it('next dates: semimonthly anchors, month ends, lapsed series', () => {
    const now = at('2026-05-10T12:00:00Z');
    const semi = detectRecurring(
      ['2026-02-13', '2026-02-27', '2026-03-16', '2026-03-31', '2026-04-15', '2026-04-30'].map((d) => tx(`${d}T15:00:00Z`, 100_000, 'BIG CO PAYROLL')),
      { currency: 'usd', timeZone: 'UTC', now },
    );
    expect(semi).toHaveLength(1);
    expect(semi[0]).toMatchObject({ cadence: 'semimonthly', next_expected_on: '2026-05-15', lapsed: false });

    const stopped = detectRecurring(
      ['2026-01-02', '2026-01-16', '2026-01-30', '2026-02-13'].map((d) => tx(`${d}T15:00:00Z`, 200_000, 'OLD JOB PAYROLL')),
      { currency: 'usd', timeZone: 'UTC', now },
    );
    expect(stopped[0]).toMatchObject({ cadence: 'biweekly', next_expected_on: '2026-02-27', lapsed: true });
  });

  it('groups descriptions that differ only in reference numbers and noise words', () => {
    expect(normalizeDescription('ACME CORP DES:PAYROLL ID:0412 INDN:ROSEN PPD')).toBe(normalizeDescription('Acme Corp des:payroll id:9931 indn:rosen ppd'));
    expect(normalizeDescription('AMAZON.COM*AB12CD34')).toBe('AMAZON COM');
    expect(normalizeDescription('NETFLIX.COM')).toBe('NETFLIX COM');
  });

  it('never mixes income and spending of one payee, and sorts by monthly weight', () => {
    const now = at('2026-05-10T12:00:00Z');
    const refunds = ['2026-02-05', '2026-03-05', '2026-04-05', '2026-05-05'].map((d) => tx(`${d}T15:00:00Z`, 500, 'SHOP'));
    const charges = ['2026-02-05', '2026-03-05', '2026-04-05', '2026-05-05'].map((d) => tx(`${d}T16:00:00Z`, -90_000, 'SHOP'));
    const series = detectRecurring([...refunds, ...charges], { currency: 'usd', timeZone: 'UTC', now });
    expect(series.map((s) => [s.direction, s.typical_amount])).toEqual([
      ['outflow', 90_000],
      ['inflow', 500],
    ]);
    expect(splitRecurring(series).income).toHaveLength(1);
  });
});

describe('monthly cashflow in the user time zone', () => {
  it('puts a payroll at 05:00 UTC on March 1st into February in Los Angeles, March in UTC', () => {
    const now = at('2026-03-20T12:00:00Z');
    const txns = [tx('2026-03-01T05:00:00Z', 245_000, 'PAYROLL'), tx('2026-02-10T18:00:00Z', -10_000, 'SHOP'), tx('2026-03-02T18:00:00Z', -2_500, 'CAFE', 'void')];
    const la = monthlyCashflow(txns, { window: monthWindow(now, 2, 'America/Los_Angeles'), currency: 'usd', timeZone: 'America/Los_Angeles' });
    expect(la).toEqual([
      { month: '2026-02', inflow: 245_000, outflow: 10_000, net: 235_000, transactions: 2, partial: false },
      { month: '2026-03', inflow: 0, outflow: 0, net: 0, transactions: 0, partial: true },
    ]);
    const utc = monthlyCashflow(txns, { window: monthWindow(now, 2, 'UTC'), currency: 'usd', timeZone: 'UTC' });
    expect(utc.map((m) => [m.month, m.net])).toEqual([
      ['2026-02', -10_000],
      ['2026-03', 245_000],
    ]);
  });

  it('marks the month where the history starts as partial, and covers exactly N months', () => {
    const now = at('2026-06-15T12:00:00Z');
    const w = monthWindow(now, 6, 'UTC');
    expect(w.from).toBe('2026-01-01');
    expect(w.to).toBe('2026-06-15');
    const rows = monthlyCashflow([tx('2026-02-10T00:00:00Z', 100, 'X')], { window: w, currency: 'usd', timeZone: 'UTC', dataFrom: at('2026-02-10T00:00:00Z') });
    expect(rows.map((r) => r.partial)).toEqual([true, true, false, false, false, true]);
  });

  it('totals add up across the insights of a sandbox account', () => {
    const now = at('2026-11-23T09:00:00Z');
    const r = analyze({ transactions: history(TEST_INSTITUTION, 'checking', now), currency: 'usd', balance: null, now, months: 6, timeZone: 'UTC' });
    expect(r.months).toHaveLength(6);
    expect(r.months.map((m) => m.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(r.totals.net).toBe(r.months.reduce((s, m) => s + m.net, 0));
    for (const m of r.months) expect(m.net).toBe(m.inflow - m.outflow);
    // Every month has two or three paydays.
    for (const m of r.months.slice(0, -1)) expect([490_000, 735_000]).toContain(m.inflow - (m.inflow % 245_000 === 0 ? 0 : m.inflow % 245_000));
  });
});

describe('fees and balances', () => {
  it('recognises overdraft and NSF wordings, not refunds of them', () => {
    expect(feeKind('OVERDRAFT FEE')).toBe('overdraft');
    expect(feeKind('OD ITEM FEE 03/12')).toBe('overdraft');
    expect(feeKind('NSF RETURNED ITEM FEE')).toBe('nsf');
    expect(feeKind('Non-Sufficient Funds Fee')).toBe('nsf');
    expect(feeKind('STARBUCKS')).toBeUndefined();
    const s = countFees([tx('2026-01-01T00:00:00Z', -3_500, 'OVERDRAFT FEE'), tx('2026-01-02T00:00:00Z', 3_500, 'OVERDRAFT FEE REFUND'), tx('2026-01-03T00:00:00Z', -3_400, 'NSF FEE')], 'usd');
    expect(s).toEqual({ overdraft: { count: 1, total: 3_500 }, nsf: { count: 1, total: 3_400 }, count: 2, total: 6_900 });
  });

  it('walks back from the current balance, day by day', () => {
    const txns = [tx('2026-01-03T10:00:00Z', 50_000, 'PAY'), tx('2026-01-04T10:00:00Z', -20_000, 'RENT'), tx('2026-01-04T23:00:00Z', -5_000, 'LATE', 'void'), tx('2026-01-05T13:00:00Z', -1_000, 'AFTER SNAPSHOT')];
    const d = (iso: string) => dayNumber({ year: +iso.slice(0, 4), month: +iso.slice(5, 7), day: +iso.slice(8, 10) });
    const est = estimateBalances(txns, { current: 10_000, asOf: at('2026-01-05T12:00:00Z'), fromDay: d('2026-01-02'), toDay: d('2026-01-05'), currency: 'usd', timeZone: 'UTC' })!;
    expect(est.daily).toEqual([
      { date: '2026-01-02', balance: -20_000 },
      { date: '2026-01-03', balance: 30_000 },
      { date: '2026-01-04', balance: 10_000 },
      { date: '2026-01-05', balance: 10_000 },
    ]);
    expect(est).toMatchObject({ average: 7_500, min: -20_000, max: 30_000, days: 4, days_negative: 1 });
  });

  it('ends at the current balance on a sandbox account', () => {
    const now = at('2026-11-23T09:00:00Z');
    const r = analyze({ transactions: history(TEST_INSTITUTION, 'checking', now), currency: 'usd', balance: { current: 1_184_632, asOf: now }, now, months: 6, timeZone: 'UTC' });
    expect(r.balance!.daily.at(-1)).toEqual({ date: '2026-11-23', balance: 1_184_632 });
    expect(r.balance!.daily[0]!.date).toBe('2026-06-01');
    expect(r.balance!.average).toBeGreaterThan(r.balance!.min);
    expect(r.balance!.average).toBeLessThan(r.balance!.max);
  });
});
