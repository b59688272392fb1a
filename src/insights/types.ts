import type Stripe from 'stripe';

/** The fields of a transaction insights read; anything shaped like the API's object fits. */
export type InsightTransaction = Pick<Stripe.FinancialConnections.Transaction, 'amount' | 'currency' | 'description' | 'status' | 'transacted_at'>;

/**
 * Money that moved, or is moving: void items never happened, pending ones are
 * already committed (a person's available money is down by them).
 */
export function counts(t: InsightTransaction, currency: string): boolean {
  return t.status !== 'void' && t.currency.toLowerCase() === currency.toLowerCase();
}
