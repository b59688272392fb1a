import type { Store } from '../store.js';
import type { PaymentOutcome } from './institutions.js';

/**
 * Sandbox-private facts about a linked account that Stripe never shows (its
 * template, where ACH debits against it end up). Payment code reads this; the
 * shape is a contract between sandbox modules.
 */
export interface AccountMeta {
  account: string;
  template: string;
  /** The institution's fcinst_ id. */
  institution: string;
  payment_outcome: PaymentOutcome;
  routing_number: string;
  /** Empty when the account cannot be debited (no ACH number shared). */
  account_number: string;
  session: string;
}

export const META_TYPE = 'sandbox.fca_meta';

export function metaId(fcaId: string): string {
  return `meta_${fcaId}`;
}

export function getAccountMeta(store: Store, fcaId: string): AccountMeta | undefined {
  return store.get<AccountMeta>(META_TYPE, metaId(fcaId));
}

export function putAccountMeta(store: Store, meta: AccountMeta, created: number): void {
  store.insert({ id: metaId(meta.account), type: META_TYPE, parent: meta.account, sort: created, data: meta });
}
