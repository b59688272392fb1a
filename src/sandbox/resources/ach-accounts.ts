import type Stripe from 'stripe';
import { getAccountMeta, type AccountMeta } from '../bank/meta.js';
import type { Store } from '../store.js';
import { invalidRequest, missingResource } from '../wire/errors.js';

export type FcAccount = Stripe.FinancialConnections.Account;

export function getFcAccount(store: Store, id: string): FcAccount | undefined {
  return store.get<FcAccount>('financial_connections.account', id);
}

/**
 * The checks Stripe makes before a linked account can become a us_bank_account
 * PaymentMethod. Each failure has its own code and says how to fix it, because
 * the fix differs (relink, ask for another permission, pick another account, wait).
 */
export function usableFcAccount(store: Store, id: string, param: string): { account: FcAccount; meta: AccountMeta | undefined } {
  const account = getFcAccount(store, id);
  if (!account) throw missingResource('financial connections account', id, param);
  if (account.status !== 'active') {
    throw invalidRequest(
      `The Financial Connections account ${id} is ${account.status}, so it cannot be used for payments. Link the bank account again through a new Financial Connections session.`,
      { code: 'financial_connections_account_inactive', param },
    );
  }
  if (!(account.permissions ?? []).includes('payment_method')) {
    throw invalidRequest(
      `The Financial Connections account ${id} was linked without the payment_method permission, so it cannot be debited. Link it again with a session that requests permissions[]=payment_method.`,
      { code: 'payment_method_invalid_parameter', param },
    );
  }
  if (!account.supported_payment_method_types.includes('us_bank_account')) {
    throw invalidRequest(
      `The Financial Connections account ${id} (${account.subcategory}) does not support us_bank_account payments: its supported_payment_method_types does not list us_bank_account. Link another checking or savings account that does.`,
      { code: 'payment_method_unsupported_type', param },
    );
  }
  const numbers = account.account_numbers ?? [];
  const meta = getAccountMeta(store, id);
  // An account linked without shared ACH numbers cannot be debited, whatever it claims.
  if (meta && !meta.account_number) {
    throw invalidRequest(`The bank did not share account and routing numbers for the Financial Connections account ${id}. Ask the customer to link another account.`, {
      code: 'financial_connections_account_unavailable_account_numbers',
      param,
    });
  }
  if (numbers.length > 0 && !numbers.some((n) => n.status === 'transactable')) {
    if (numbers.some((n) => n.status === 'pending')) {
      throw invalidRequest(
        `The account and routing numbers of the Financial Connections account ${id} are not available yet. Try again in a few moments.`,
        { code: 'financial_connections_account_pending_account_numbers', param },
      );
    }
    throw invalidRequest(
      `The account and routing numbers of the Financial Connections account ${id} are no longer available. Ask the customer to link another account.`,
      { code: 'financial_connections_account_unavailable_account_numbers', param },
    );
  }
  return { account, meta };
}
