import { describe, expect, it } from 'vitest';
import { accountLabel, mandateTerms, paymentLabel, wrap } from '../../../src/payments/mandate.js';

const account = { display_name: 'Checking', subcategory: 'checking', last4: '6789', institution_name: 'StripeBank' };

describe('mandate terms', () => {
  it('formats the amount and account the way the customer sees them', () => {
    expect(paymentLabel(100, 'usd', account)).toBe('$1.00 from Checking ••6789');
    expect(accountLabel({ display_name: null, subcategory: 'line_of_credit', last4: null })).toBe('Line of credit');
  });

  it('names the business, the amount, the account, the date and how to revoke', () => {
    const text = mandateTerms({
      business: 'Rocket Rides',
      amount: 2500,
      currency: 'usd',
      account,
      date: Date.UTC(2026, 0, 31, 12) / 1000,
      holderName: 'Jenny Rosen',
      description: 'Invoice 42',
      timeZone: 'UTC',
    }).join('\n');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('you, Jenny Rosen, authorize Rocket Rides to debit $25.00 from your account Checking ••6789 at StripeBank by ACH, once, on or after January 31, 2026 for "Invoice 42".');
    expect(flat).toContain('Nacha');
    expect(flat).toMatch(/revoke it by contacting Rocket Rides/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('wraps on word boundaries', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
  });
});
