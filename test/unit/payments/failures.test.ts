import { describe, expect, it } from 'vitest';
import { explainFailure } from '../../../src/payments/failures.js';

describe('failure explanations', () => {
  it.each([
    ['insufficient_funds', /enough money/],
    ['account_closed', /closed/],
    ['no_account', /could not find an account/],
    ['debit_not_authorized', /did not authorize/],
  ])('%s is explained in plain words with a next step', (code, reason) => {
    const f = explainFailure(code, 'raw Stripe message');
    expect(f.code).toBe(code);
    expect(f.reason).toMatch(reason);
    expect(f.reason).not.toContain('raw Stripe message');
    expect(f.next.length).toBeGreaterThan(10);
  });

  it('falls back to Stripe\'s own message for other codes', () => {
    expect(explainFailure('invalid_currency', 'The currency is not supported.')).toMatchObject({
      code: 'invalid_currency',
      reason: 'The payment failed: The currency is not supported.',
    });
    expect(explainFailure(undefined, null).code).toBe('payment_failed');
  });

  it('debit_not_authorized says not to retry', () => {
    expect(explainFailure('debit_not_authorized').next).toMatch(/Do not retry/);
  });
});
