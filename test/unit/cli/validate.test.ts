import { describe, expect, it } from 'vitest';
import { parseCommaList, parseEmail, parseId, parseIp, parseLimit, parseUrl, shown } from '../../../src/commands/shared/validate.js';
import { parseDuration } from '../../../src/commands/sandbox/shared/duration.js';
import { formatMoney, maskKey } from '../../../src/io/format.js';
import { UsageError } from '../../../src/errors.js';

describe('input validation', () => {
  it('checks id prefixes and characters', () => {
    expect(parseId('cus_123abc', ['cus'], '--customer', 'customer')).toBe('cus_123abc');
    for (const bad of ['cus_', 'cust_1', 'fca_1', 'cus_1;drop', 'cus_1 2', "cus_'", 'cus_é']) {
      expect(() => parseId(bad, ['cus'], '--customer', 'customer'), bad).toThrow(/--customer/);
    }
  });

  it('checks emails, limits, urls, ips and comma lists', () => {
    expect(parseEmail('jenny@example.com')).toBe('jenny@example.com');
    expect(() => parseEmail('not-an-email')).toThrow(/--email/);
    expect(() => parseEmail('a@b')).toThrow(UsageError);
    expect(parseLimit('100')).toBe(100);
    for (const bad of ['0', '101', '-1', '1.5', 'ten', '']) expect(() => parseLimit(bad), bad).toThrow(/--limit/);
    expect(() => parseUrl('javascript:alert(1)', '--return-url')).toThrow(/--return-url/);
    expect(parseIp('71.183.194.54', '--mandate-ip')).toBe('71.183.194.54');
    expect(parseIp('2001:db8::1', '--mandate-ip')).toBe('2001:db8::1');
    expect(() => parseIp('999.1.1.1', '--mandate-ip')).toThrow(/--mandate-ip/);
    expect(parseCommaList('balances, ownership,balances', ['balances', 'ownership'] as const, '--permissions')).toEqual(['balances', 'ownership']);
    expect(() => parseCommaList('bogus', ['balances', 'ownership'] as const, '--permissions')).toThrow(/allowed values: balances, ownership/);
  });

  it('shows hostile values safely', () => {
    expect(shown('a\u001b[2Jb')).toBe('"a\\u001b[2Jb"');
    expect(shown('x'.repeat(100)).length).toBeLessThan(70);
  });

  it('parses durations', () => {
    expect(parseDuration('4d')).toBe(4 * 86_400_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('90s')).toBe(90_000);
    for (const bad of ['', '4', 'd', '4x', '-1d', '0s']) expect(() => parseDuration(bad), bad).toThrow(UsageError);
  });
});

describe('formatting', () => {
  it('formats minor units in the currency', () => {
    expect(formatMoney(100, 'usd')).toBe('$1.00');
    expect(formatMoney(-1234, 'usd')).toBe('-$12.34');
    expect(formatMoney(1200, 'jpy')).toBe('¥1,200');
  });

  it('masks keys', () => {
    expect(maskKey('sk_test_51Habcdefghijabcd')).toBe('sk_test_…abcd');
    expect(maskKey('rk_live_zzzzzzzz1234')).toBe('rk_live_…1234');
  });
});
