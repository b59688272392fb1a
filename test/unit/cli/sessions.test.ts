import { describe, expect, it } from 'vitest';
import { holderId, sessionCreateParams } from '../../../src/api/sessions.js';
import { parseAccountKeys } from '../../../src/commands/sandbox/complete.js';
import { parseSessionFlags } from '../../../src/commands/sessions/shared/options.js';
import { describeFilters } from '../../../src/commands/sessions/shared/render.js';
import { UsageError } from '../../../src/errors.js';

describe('session flags', () => {
  it('turns flags into exactly the create params Stripe expects', () => {
    const input = parseSessionFlags({
      customer: 'cus_123',
      permissions: 'balances, payment_method,balances',
      prefetch: 'balances',
      country: 'us',
      accountSubcategories: 'checking,savings',
      returnUrl: 'https://example.com/r',
    });
    expect(sessionCreateParams(input)).toEqual({
      account_holder: { type: 'customer', customer: 'cus_123' },
      permissions: ['balances', 'payment_method'],
      prefetch: ['balances'],
      filters: { country: 'US', account_subcategories: ['checking', 'savings'] },
      return_url: 'https://example.com/r',
    });
    expect(sessionCreateParams(parseSessionFlags({ customerAccount: 'acct_1', permissions: 'ownership' }))).toEqual({
      account_holder: { type: 'customer', customer_account: 'acct_1' },
      permissions: ['ownership'],
    });
  });

  it('names the flag and the allowed values when a flag is wrong', () => {
    const bad: [Parameters<typeof parseSessionFlags>[0], RegExp][] = [
      [{ permissions: 'balances' }, /--customer <cus_…> or --customer-account/],
      [{ customer: 'cus_1', customerAccount: 'acct_1', permissions: 'balances' }, /not both/],
      [{ customer: 'acct_1', permissions: 'balances' }, /--customer must be a customer id/],
      [{ customerAccount: 'cus_1', permissions: 'balances' }, /--customer-account must be/],
      [{ customer: 'cus_1' }, /Missing --permissions: one or more of balances, ownership, payment_method, transactions/],
      [{ customer: 'cus_1', permissions: 'balance' }, /--permissions got "balance"; allowed values: balances, ownership, payment_method, transactions/],
      [{ customer: 'cus_1', permissions: 'balances', prefetch: 'payment_method' }, /--prefetch .*allowed values: balances, ownership, transactions/],
      [{ customer: 'cus_1', permissions: 'balances', accountSubcategories: 'brokerage' }, /allowed values: checking, savings, mortgage, line_of_credit, credit_card/],
      [{ customer: 'cus_1', permissions: 'balances', country: 'United States' }, /--country/],
      [{ customer: 'cus_1', permissions: 'balances', returnUrl: 'ftp://x' }, /--return-url/],
    ];
    for (const [flags, message] of bad) {
      expect(() => parseSessionFlags(flags), JSON.stringify(flags)).toThrow(UsageError);
      expect(() => parseSessionFlags(flags), JSON.stringify(flags)).toThrow(message);
    }
  });

  it('checks sandbox account keys by shape only', () => {
    expect(parseAccountKeys('checking, joint,checking')).toEqual(['checking', 'joint']);
    expect(() => parseAccountKeys(' , ')).toThrow(/at least one/);
    expect(() => parseAccountKeys('Checking Account')).toThrow(/account keys/);
  });

  it('describes holders and filters for people', () => {
    expect(holderId({ account_holder: { type: 'customer', customer: 'cus_1' } })).toBe('cus_1');
    expect(holderId({ account_holder: { type: 'customer', customer_account: 'acct_1' } })).toBe('acct_1');
    expect(holderId({ account_holder: null })).toBeUndefined();
    expect(describeFilters({ country: 'US', account_subcategories: ['checking'] })).toBe('country US; subcategories checking');
    expect(describeFilters({ country: null, account_subcategories: null })).toBeNull();
  });
});
