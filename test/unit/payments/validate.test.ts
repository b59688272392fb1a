import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseAcceptedAt, parseAmount, parseCurrency, parseMandateIp, parsePayFlags, type PayFlags } from '../../../src/payments/validate.js';

const NOW = new Date('2026-03-15T12:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const base: PayFlags = { account: 'fca_123', customer: 'cus_123', amount: '100', currency: 'usd', mandateIp: '71.183.194.54' };

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parsePayFlags: every bad flag is exit 2 and named', () => {
  const cases: [string, PayFlags, string][] = [
    ['amount 0', { ...base, amount: '0' }, '--amount'],
    ['amount 1.5', { ...base, amount: '1.5' }, '--amount'],
    ['amount below the usd minimum', { ...base, amount: '49' }, '--amount'],
    ['amount above the maximum', { ...base, amount: '100000000' }, '--amount'],
    ['negative amount', { ...base, amount: '-100' }, '--amount'],
    ['amount in dollars', { ...base, amount: '$1.00' }, '--amount'],
    ['amount with exponent', { ...base, amount: '1e3' }, '--amount'],
    ['empty amount', { ...base, amount: '' }, '--amount'],
    ['missing amount', { ...base, amount: undefined }, '--amount'],
    ['unknown currency', { ...base, currency: 'xyz' }, '--currency'],
    ['non-usd currency', { ...base, currency: 'eur' }, '--currency'],
    ['currency too long', { ...base, currency: 'usdd' }, '--currency'],
    ['ip out of range', { ...base, mandateIp: '999.1.1.1' }, '--mandate-ip'],
    ['ip is a host name', { ...base, mandateIp: 'localhost' }, '--mandate-ip'],
    ['ipv6 with zone', { ...base, mandateIp: 'fe80::1%eth0' }, '--mandate-ip'],
    ['missing ip', { ...base, mandateIp: undefined }, '--mandate-ip'],
    ['accepted tomorrow', { ...base, acceptedAt: '2026-03-16' }, '--accepted-at'],
    ['accepted in a second', { ...base, acceptedAt: String(NOW_S + 1) }, '--accepted-at'],
    ['accepted in milliseconds', { ...base, acceptedAt: String(NOW.getTime()) }, '--accepted-at'],
    ['accepted on a day that does not exist', { ...base, acceptedAt: '2026-02-30' }, '--accepted-at'],
    ['accepted as words', { ...base, acceptedAt: 'yesterday' }, '--accepted-at'],
    ['accepted before 2000', { ...base, acceptedAt: '0' }, '--accepted-at'],
    ['account with the wrong prefix', { ...base, account: 'acct_123' }, '--account'],
    ['account with odd characters', { ...base, account: 'fca_12;rm' }, '--account'],
    ['missing account', { ...base, account: undefined }, '--account'],
    ['customer with the wrong prefix', { ...base, customer: 'fca_123' }, '--customer'],
    ['customer and customer account', { ...base, customerAccount: 'acct_1' }, '--customer'],
    ['no customer at all', { ...base, customer: undefined }, '--customer'],
    ['customer account with the wrong prefix', { ...base, customer: undefined, customerAccount: 'cus_1' }, '--customer-account'],
    ['empty name', { ...base, name: '  ' }, '--name'],
    ['control characters in the description', { ...base, description: 'a\u0007b' }, '--description'],
    ['timeout 0', { ...base, timeout: '0' }, '--timeout'],
  ];
  it.each(cases)('refuses %s, naming the flag', (_name, flags, flag) => {
    expect(usage(() => parsePayFlags(flags, NOW))).toContain(flag);
  });

  it('accepts a complete, valid set and applies defaults', () => {
    const input = parsePayFlags({ ...base, currency: 'USD', mandateIp: ' 2001:DB8::1 ', acceptedAt: '2026-03-15T11:00:00Z', wait: false }, NOW);
    expect(input).toMatchObject({
      account: 'fca_123',
      customer: 'cus_123',
      amount: 100,
      currency: 'usd',
      mandateIp: '2001:db8::1',
      acceptedAt: NOW_S - 3600,
      wait: false,
      timeoutMs: 120_000,
    });
    expect(input.userAgent).toBeUndefined();
  });
});

describe('single parsers', () => {
  it('amount bounds are inclusive', () => {
    expect(parseAmount('50', 'usd')).toBe(50);
    expect(parseAmount('99999999', 'usd')).toBe(99_999_999);
  });
  it('currency is normalised to lower case', () => {
    expect(parseCurrency(' USD ')).toBe('usd');
  });
  it('ip accepts IPv4 and IPv6', () => {
    expect(parseMandateIp('127.0.0.1')).toBe('127.0.0.1');
    expect(parseMandateIp('::1')).toBe('::1');
  });
  it('accepted-at takes unix seconds, dates at local midnight and date-times with offsets', () => {
    expect(parseAcceptedAt(String(NOW_S), NOW)).toBe(NOW_S);
    expect(parseAcceptedAt('2026-03-15T13:00:00+02:00', NOW)).toBe(NOW_S - 3600);
    expect(parseAcceptedAt('2026-03-14', NOW)).toBe(Math.floor(new Date(2026, 2, 14).getTime() / 1000));
    expect(parseAcceptedAt('2026-03-15 11:59', NOW)).toBe(Math.floor(new Date(2026, 2, 15, 11, 59).getTime() / 1000));
  });
});
