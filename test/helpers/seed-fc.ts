import type Stripe from 'stripe';
import type { SandboxAccount } from '../../src/sandbox/index.js';
import type { PaymentOutcome } from '../../src/sandbox/bank/institutions.js';
import { putAccountMeta } from '../../src/sandbox/bank/meta.js';
import { newId } from '../../src/sandbox/ids.js';

export interface SeedFcOptions {
  customer?: string;
  outcome?: PaymentOutcome;
  status?: Stripe.FinancialConnections.Account.Status;
  permissions?: Stripe.FinancialConnections.Account.Permission[];
  supported?: Stripe.FinancialConnections.Account.SupportedPaymentMethodType[];
  subcategory?: Stripe.FinancialConnections.Account.Subcategory;
  accountNumbers?: Stripe.FinancialConnections.Account.AccountNumber[] | null;
  accountNumber?: string;
}

/**
 * Inserts a linked account and its sandbox meta straight into the store, the way the
 * Financial Connections side stores them, so payment tests need no session flow.
 */
export function seedFcAccount(sandbox: SandboxAccount, opts: SeedFcOptions = {}): Stripe.FinancialConnections.Account {
  const now = sandbox.clock.now();
  const accountNumber = opts.accountNumber ?? '000123456789';
  const account: Stripe.FinancialConnections.Account = {
    id: newId('fca'),
    object: 'financial_connections.account',
    account_holder: opts.customer ? { type: 'customer', customer: opts.customer } : null,
    account_numbers: opts.accountNumbers ?? null,
    balance: null,
    balance_refresh: null,
    category: 'cash',
    created: now,
    display_name: 'Sample Checking Account',
    institution_name: 'StripeBank',
    last4: accountNumber.slice(-4),
    livemode: false,
    ownership: null,
    ownership_refresh: null,
    permissions: opts.permissions ?? ['payment_method', 'balances'],
    status: opts.status ?? 'active',
    subcategory: opts.subcategory ?? 'checking',
    subscriptions: [],
    supported_payment_method_types: opts.supported ?? ['us_bank_account'],
    transaction_refresh: null,
  };
  sandbox.store.insert({ id: account.id, type: 'financial_connections.account', parent: opts.customer ?? null, sort: now, data: account });
  putAccountMeta(
    sandbox.store,
    {
      account: account.id,
      template: 'checking',
      institution: 'fcinst_test',
      payment_outcome: opts.outcome ?? 'success',
      routing_number: '110000000',
      account_number: accountNumber,
      session: 'fcsess_seeded',
    },
    now,
  );
  return account;
}
