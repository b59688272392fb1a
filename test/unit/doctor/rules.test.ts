import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { accountFindings, diagnose, mandateFindings, paymentFindings, type RuleContext } from '../../../src/doctor/rules.js';

type FcAccount = Stripe.FinancialConnections.Account;

const NOW = 1_790_000_000;
const ctx: RuleContext = {
  now: NOW,
  holder: 'cus_1',
  time: (t) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' '),
  money: (m, c) => `${(m / 100).toFixed(2)} ${c.toUpperCase()}`,
};

function account(over: Partial<FcAccount> = {}): FcAccount {
  return {
    id: 'fca_1',
    object: 'financial_connections.account',
    account_holder: { type: 'customer', customer: 'cus_1' },
    account_numbers: [{ expected_expiry_date: null, identifier_type: 'account_number', status: 'transactable', supported_networks: ['ach'] }],
    balance: null,
    balance_refresh: { last_attempted_at: NOW - 3600, next_refresh_available_at: NOW - 1800, status: 'succeeded' },
    category: 'cash',
    created: NOW - 86_400,
    display_name: 'Checking',
    institution_name: 'Test Institution',
    last4: '6789',
    livemode: false,
    ownership: null,
    ownership_refresh: null,
    permissions: ['payment_method', 'balances'],
    status: 'active',
    subcategory: 'checking',
    subscriptions: [],
    supported_payment_method_types: ['us_bank_account'],
    transaction_refresh: null,
    ...over,
  };
}

function payment(over: Partial<Stripe.PaymentIntent> = {}): Stripe.PaymentIntent {
  return {
    id: 'pi_1',
    object: 'payment_intent',
    amount: 5000,
    currency: 'usd',
    created: NOW - 7200,
    status: 'succeeded',
    payment_method: { id: 'pm_1', object: 'payment_method', type: 'us_bank_account', us_bank_account: { financial_connections_account: 'fca_1' } } as Stripe.PaymentMethod,
    last_payment_error: null,
    latest_charge: null,
    next_action: null,
    ...over,
  } as Stripe.PaymentIntent;
}

const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

describe('account rules', () => {
  it.each<[string, Partial<FcAccount>, { payments: boolean }, string[]]>([
    ['healthy', {}, { payments: true }, ['account_ok']],
    ['disconnected says only that', { status: 'disconnected', permissions: [] }, { payments: true }, ['account_disconnected']],
    ['inactive', { status: 'inactive' }, { payments: false }, ['account_inactive']],
    ['used for payments without payment_method', { permissions: ['balances'] }, { payments: true }, ['missing_permission']],
    ['not used and no payment_method: nothing to say about numbers', { permissions: ['balances'], account_numbers: null, supported_payment_method_types: [] }, { payments: false }, ['account_ok']],
    ['payment_method on a card with no numbers', { subcategory: 'credit_card', account_numbers: null, supported_payment_method_types: [] }, { payments: false }, ['not_debitable']],
    [
      'numbers pending',
      { account_numbers: [{ expected_expiry_date: null, identifier_type: 'account_number', status: 'pending', supported_networks: ['ach'] }] },
      { payments: false },
      ['account_numbers_pending'],
    ],
    [
      'numbers deactivated',
      { account_numbers: [{ expected_expiry_date: null, identifier_type: 'tokenized_account_number', status: 'deactivated', supported_networks: ['ach'] }] },
      { payments: true },
      ['account_numbers_not_transactable'],
    ],
    [
      'tokenized number expiring in 10 days',
      { account_numbers: [{ expected_expiry_date: NOW + 10 * 86_400, identifier_type: 'tokenized_account_number', status: 'transactable', supported_networks: ['ach'] }] },
      { payments: true },
      ['account_numbers_expiring'],
    ],
    [
      'tokenized number expiring in 45 days: nothing to say yet',
      { account_numbers: [{ expected_expiry_date: NOW + 45 * 86_400, identifier_type: 'tokenized_account_number', status: 'transactable', supported_networks: ['ach'] }] },
      { payments: true },
      ['account_ok'],
    ],
    ['balance refresh failed, retry allowed now', { balance_refresh: { last_attempted_at: NOW - 600, next_refresh_available_at: NOW - 60, status: 'failed' } }, { payments: false }, ['refresh_failed']],
    ['balance refresh failed, too early until later', { balance_refresh: { last_attempted_at: NOW - 60, next_refresh_available_at: NOW + 600, status: 'failed' } }, { payments: false }, ['refresh_too_early']],
    ['refresh of a feature without permission is ignored', { permissions: ['payment_method'], ownership_refresh: { last_attempted_at: NOW, next_refresh_available_at: null, status: 'failed' } }, { payments: false }, ['account_ok']],
    ['transactions permission, never refreshed, no subscription', { permissions: ['payment_method', 'transactions'] }, { payments: false }, ['transactions_not_subscribed']],
    [
      'transactions permission, refreshed an hour ago: fresh enough',
      { permissions: ['payment_method', 'transactions'], transaction_refresh: { id: 'fctxnref_1', last_attempted_at: NOW - 3600, next_refresh_available_at: NOW, status: 'succeeded' } },
      { payments: false },
      ['account_ok'],
    ],
    [
      'transactions permission, refreshed 6 days ago: fresh enough',
      { permissions: ['payment_method', 'transactions'], transaction_refresh: { id: 'fctxnref_1', last_attempted_at: NOW - 6 * 86_400, next_refresh_available_at: NOW, status: 'succeeded' } },
      { payments: false },
      ['account_ok'],
    ],
    [
      'transactions permission, stale after 8 days',
      { permissions: ['payment_method', 'transactions'], transaction_refresh: { id: 'fctxnref_1', last_attempted_at: NOW - 8 * 86_400, next_refresh_available_at: NOW, status: 'succeeded' } },
      { payments: false },
      ['transactions_not_subscribed'],
    ],
    [
      'transactions permission, stale for 10 days',
      { permissions: ['payment_method', 'transactions'], transaction_refresh: { id: 'fctxnref_1', last_attempted_at: NOW - 10 * 86_400, next_refresh_available_at: NOW, status: 'succeeded' } },
      { payments: false },
      ['transactions_not_subscribed'],
    ],
    [
      'subscribed: never stale',
      { permissions: ['payment_method', 'transactions'], subscriptions: ['transactions'], transaction_refresh: { id: 'fctxnref_1', last_attempted_at: NOW - 10 * 86_400, next_refresh_available_at: NOW, status: 'succeeded' } },
      { payments: false },
      ['account_ok'],
    ],
    [
      'relink required soon',
      { status_details: { active: { action: 'relink_required', cause: 'access_expired', expected_deactivation_date: NOW + 86_400 } } } as Partial<FcAccount>,
      { payments: false },
      ['relink_required'],
    ],
  ])('account: %s', (_name, over, use, expected) => {
    expect(codes(accountFindings(account(over), use, ctx))).toEqual(expected);
  });

  it('every problem has a plain next step naming a command or an action; ok entries have none', () => {
    const disconnected = accountFindings(account({ status: 'disconnected' }), { payments: true }, ctx)[0]!;
    expect(disconnected).toMatchObject({ severity: 'error', object: 'fca_1', next_step: expect.stringContaining('fc link --customer cus_1 --permissions payment_method,balances') });
    const early = accountFindings(account({ balance_refresh: { last_attempted_at: NOW - 60, next_refresh_available_at: NOW + 600, status: 'failed' } }), { payments: false }, ctx)[0]!;
    expect(early.title).toContain(`too early until ${ctx.time(NOW + 600)}`);
    expect(early.next_step).toContain('fc accounts refresh fca_1 --features balance');
    expect(early.details).toMatchObject({ feature: 'balance', next_refresh_available_at: NOW + 600 });
    const ok = accountFindings(account(), { payments: true }, ctx)[0]!;
    expect(ok).toMatchObject({ severity: 'ok', next_step: null });
    const missing = accountFindings(account({ permissions: ['balances'] }), { payments: true }, { ...ctx, holder: 'acct_9' })[0]!;
    expect(missing.next_step).toContain('fc link --customer-account acct_9 --permissions balances,payment_method');
  });
});

describe('payment and mandate rules', () => {
  const failed = payment({
    status: 'requires_payment_method',
    payment_method: null,
    last_payment_error: { type: 'card_error', code: 'insufficient_funds', message: 'Insufficient funds.', payment_method: { id: 'pm_1', us_bank_account: { financial_connections_account: 'fca_2' } } as Stripe.PaymentMethod },
  });

  it.each<[string, Stripe.PaymentIntent, string[]]>([
    ['succeeded', payment(), []],
    ['canceled', payment({ status: 'canceled' }), []],
    ['failed for insufficient funds', failed, ['payment_failed']],
    ['processing for a day is normal', payment({ status: 'processing', created: NOW - 86_400 }), []],
    ['processing for 6 days is normal', payment({ status: 'processing', created: NOW - 6 * 86_400 }), []],
    ['processing for 7 days is stuck', payment({ status: 'processing', created: NOW - 7 * 86_400 }), ['payment_stuck_processing']],
    ['processing for 9 days is stuck', payment({ status: 'processing', created: NOW - 9 * 86_400 }), ['payment_stuck_processing']],
    ['waiting for microdeposits', payment({ status: 'requires_action', next_action: { type: 'verify_with_microdeposits' } as Stripe.PaymentIntent.NextAction }), ['payment_requires_action']],
    ['never confirmed', payment({ status: 'requires_confirmation' }), ['payment_not_confirmed']],
  ])('payment: %s', (_name, pi, expected) => {
    expect(codes(paymentFindings(pi, ctx))).toEqual(expected);
  });

  it('explains a failure with its reason and the next step', () => {
    const [f] = paymentFindings(failed, ctx);
    expect(f).toMatchObject({ severity: 'error', object: 'pi_1', details: { failure_code: 'insufficient_funds', amount: 5000 } });
    expect(f!.title).toContain('insufficient funds');
    expect(f!.title).toContain('50.00 USD');
    expect(f!.next_step).toMatch(/add funds|another account/);
  });

  it.each<[string, Partial<Stripe.Mandate>, string[]]>([
    ['multi-use inactive', { type: 'multi_use', status: 'inactive' }, ['mandate_inactive']],
    ['multi-use active', { type: 'multi_use', status: 'active' }, []],
    ['single-use inactive after its debit', { type: 'single_use', status: 'inactive' }, []],
  ])('mandate %s', (_name, over, expected) => {
    const m = { id: 'mandate_1', object: 'mandate', payment_method: 'pm_1', ...over } as Stripe.Mandate;
    expect(codes(mandateFindings(m))).toEqual(expected);
  });
});

describe('diagnose', () => {
  it('one healthy account, one disconnected account and one failed payment: exactly those three, problems first', () => {
    const healthy = account();
    const gone = account({ id: 'fca_2', display_name: 'Checking (insufficient funds)', last4: '2227', status: 'disconnected' });
    const failed = payment({
      id: 'pi_9',
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: { type: 'card_error', code: 'insufficient_funds', payment_method: { id: 'pm_2', us_bank_account: { financial_connections_account: 'fca_2' } } as Stripe.PaymentMethod },
    });
    const mandate = { id: 'mandate_1', object: 'mandate', type: 'multi_use', status: 'inactive', payment_method: { id: 'pm_2', us_bank_account: { financial_connections_account: 'fca_2' } } } as Stripe.Mandate;
    const findings = diagnose({ accounts: [healthy, gone], paymentMethods: [], payments: [failed], mandates: [mandate], customer: { id: 'cus_1' } }, ctx);
    expect(findings.map((f) => [f.severity, f.code, f.object])).toEqual([
      ['error', 'account_disconnected', 'fca_2'],
      ['error', 'payment_failed', 'pi_9'],
      ['ok', 'account_ok', 'fca_1'],
    ]);
  });

  it('a customer without accounts is told to link one; a payment from an account marks it as used for payments', () => {
    expect(codes(diagnose({ accounts: [], paymentMethods: [], payments: [], mandates: [], customer: { id: 'cus_1' } }, ctx))).toEqual(['no_accounts']);
    const noPerm = account({ permissions: ['balances'] });
    expect(codes(diagnose({ accounts: [noPerm], paymentMethods: [], payments: [payment()], mandates: [] }, ctx))).toEqual(['missing_permission']);
    const pm = { id: 'pm_5', object: 'payment_method', type: 'us_bank_account', us_bank_account: { financial_connections_account: 'fca_1' } } as Stripe.PaymentMethod;
    expect(codes(diagnose({ accounts: [noPerm], paymentMethods: [pm], payments: [], mandates: [] }, ctx))).toEqual(['missing_permission']);
    expect(codes(diagnose({ accounts: [], paymentMethods: [], payments: [], mandates: [], customer: { id: 'cus_1', deleted: true } }, ctx))).toEqual(['customer_deleted']);
  });
});
