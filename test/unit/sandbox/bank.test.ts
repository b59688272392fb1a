import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOWN_BANK, findInstitution, INSTITUTIONS, INVALID_PAYMENT_INSTITUTION, TEST_INSTITUTION, templateSeed } from '../../../src/sandbox/bank/institutions.js';
import { bulkTransactions, dailyTransactions, statusAt } from '../../../src/sandbox/bank/transactions.js';
import { Rng, stableId } from '../../../src/sandbox/bank/random.js';

const NOW = 1_780_000_000; // 2026-05-28T20:26:40Z
const DAY = 86_400;
const checking = TEST_INSTITUTION.accounts.find((a) => a.key === 'checking')!;

function history(now = NOW, from = now - 180 * DAY) {
  return [...dailyTransactions({ account: 'fca_golden', seed: templateSeed(TEST_INSTITUTION, checking), profile: checking.history, from, to: now, now, refresh: 'fctxnref_golden' })];
}

function sha(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

afterEach(() => vi.restoreAllMocks());

describe('deterministic data', () => {
  it('is the same on every machine: golden digests of generated histories', () => {
    // If these change, every stored sandbox and every doc example changes: do it on purpose only.
    expect(sha(history())).toBe('ef8c3e15c0f707c2d9e82773be131fe79dfb318577fc0ad8f671495277282b97');
    expect(sha([...bulkTransactions({ account: 'fca_golden', seed: 'x', count: 1000, now: NOW, refresh: 'fctxnref_golden' })])).toBe(
      '82ede3b87ae87fe03391f0aa95420a845007be88ab9dcb4a6200d5d306b2f804',
    );
    expect(stableId('fctxn', 'k')).toBe(stableId('fctxn', 'k'));
    expect(new Rng('seed').next()).toBe(new Rng('seed').next());
  });

  it('never reads the wall clock or Math.random', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    expect(history().length).toBeGreaterThan(200);
    expect([...bulkTransactions({ account: 'fca_x', seed: 's', count: 50, now: NOW, refresh: 'r' })]).toHaveLength(50);
  });

  it('a day’s transactions do not depend on when they are generated; only their status does', () => {
    const early = history(NOW, NOW - 10 * DAY);
    const later = history(NOW + 5 * DAY, NOW - 10 * DAY).filter((t) => t.transacted_at <= NOW);
    expect(later.map((t) => [t.id, t.amount, t.description, t.transacted_at])).toEqual(early.map((t) => [t.id, t.amount, t.description, t.transacted_at]));
    expect(later.filter((t) => t.status === 'pending')).toEqual([]);
    expect(early.some((t) => t.status === 'pending')).toBe(true);
    for (const t of early) expect(statusAt(t, NOW)).toEqual({ status: t.status, status_transitions: t.status_transitions });
  });
});

describe('realistic history for the checking account', () => {
  const txns = history();

  it('has a clearly detectable biweekly payroll of a fixed amount', () => {
    const payroll = txns.filter((t) => t.description === 'ACME CORP PAYROLL');
    expect(payroll.length).toBeGreaterThanOrEqual(12);
    expect(payroll.every((t) => t.amount === 245_000)).toBe(true);
    const gaps = payroll.slice(1).map((t, i) => Math.round((t.transacted_at - payroll[i]!.transacted_at) / DAY));
    expect(new Set(gaps)).toEqual(new Set([14]));
    // Payday is a Friday.
    expect(new Set(payroll.map((t) => new Date(t.transacted_at * 1000).getUTCDay()))).toEqual(new Set([5]));
  });

  it('has rent, utilities, subscriptions, card payments, transfers, ATM, groceries and an overdraft fee', () => {
    const names = new Set(txns.map((t) => t.description));
    for (const d of [
      'OAKWOOD APARTMENTS RENT', 'PG&E ENERGY BILL', 'COMCAST XFINITY', 'NETFLIX.COM', 'SPOTIFY USA', 'CHASE CREDIT CRD AUTOPAY',
      'ONLINE TRANSFER TO SAVINGS', 'ATM WITHDRAWAL', 'WHOLE FOODS MARKET', 'OVERDRAFT FEE',
    ]) {
      expect(names.has(d), d).toBe(true);
    }
    const rent = txns.filter((t) => t.description === 'OAKWOOD APARTMENTS RENT');
    expect(rent.every((t) => t.amount === -185_000 && new Date(t.transacted_at * 1000).getUTCDate() === 1)).toBe(true);
    expect(txns.filter((t) => t.description === 'NETFLIX.COM').every((t) => t.amount === -1_549)).toBe(true);
  });

  it('uses negative amounts for outflows and pending/posted/void statuses with transitions', () => {
    expect(txns.filter((t) => t.amount > 0).every((t) => /PAYROLL|VENMO/.test(t.description))).toBe(true);
    const by = (s: string) => txns.filter((t) => t.status === s);
    expect(by('pending').length).toBeGreaterThan(0);
    expect(by('pending').every((t) => NOW - t.transacted_at < 3 * DAY)).toBe(true);
    expect(by('void').length).toBeGreaterThan(0);
    expect(by('void').length).toBeLessThan(txns.length / 10);
    expect(by('posted').every((t) => t.status_transitions.posted_at! > t.transacted_at && t.status_transitions.void_at === null)).toBe(true);
    expect(by('void').every((t) => t.status_transitions.void_at! > t.transacted_at && t.status_transitions.posted_at === null)).toBe(true);
    expect(by('void').every((t) => !/PAYROLL|RENT|FEE/.test(t.description))).toBe(true);
  });

  it('streams: a generator yields lazily', () => {
    const it = dailyTransactions({ account: 'fca_x', seed: 's', profile: checking.history, from: 0, to: NOW, now: NOW, refresh: 'r' });
    // 56 years of days would be slow to materialise; taking a few must be instant.
    const first = [it.next().value, it.next().value];
    expect(first.every((t) => t && t.object === 'financial_connections.transaction')).toBe(true);
  });
});

describe('institutions', () => {
  it('has the Stripe test-mode banks and templates', () => {
    expect(INSTITUTIONS.map((i) => i.name)).toEqual(['Test Institution', 'Invalid Payment Accounts', 'Down Bank']);
    expect(INSTITUTIONS.every((i) => /^fcinst_[A-Za-z0-9]{24}$/.test(i.id))).toBe(true);
    expect(findInstitution('down bank')).toBe(DOWN_BANK);
    expect(findInstitution(TEST_INSTITUTION.id)).toBe(TEST_INSTITUTION);
    expect(DOWN_BANK.status).toBe('down');
    expect(INVALID_PAYMENT_INSTITUTION.accounts.every((a) => !a.supports_payments && a.account_number === null)).toBe(true);
    expect(checking).toMatchObject({ display_name: 'Checking', last4: '6789', owners: [{ name: 'Jenny Rosen' }] });
    const t = (k: string) => TEST_INSTITUTION.accounts.find((a) => a.key === k)!;
    expect(t('joint').owners).toHaveLength(2);
    expect(t('no_ownership').owners).toHaveLength(0);
    expect(t('refresh_fails').refreshFails).toBe(true);
    expect(t('credit_card')).toMatchObject({ category: 'credit', supports_payments: false, balance: { used: 123_218 } });
    for (const k of ['insufficient_funds', 'account_closed', 'no_account', 'debit_not_authorized', 'processing']) expect(t(k).payment_outcome).toBe(k);
    for (const a of TEST_INSTITUTION.accounts) if (a.account_number) expect(a.account_number.endsWith(a.last4)).toBe(true);
    for (const a of TEST_INSTITUTION.accounts) for (const o of a.owners) expect(o.name && o.email && o.phone && o.raw_address).toBeTruthy();
  });
});

describe('bulk history ids', () => {
  it('are unique and rise in the order they are generated, each landing at the end of the id index', () => {
    const ids = [...bulkTransactions({ account: 'fca_order', seed: 's', count: 5000, now: 1_800_000_000, refresh: 'r' })].map((t) => t.id);
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^fctxn_[A-Za-z0-9]{24}$/);
  });
});
