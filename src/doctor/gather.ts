import type Stripe from 'stripe';
import { getAccount, iterateAccounts, type AccountFilter, type FcAccount } from '../api/accounts.js';
import { getCustomer } from '../api/customers.js';
import { bankPaymentMethodsOf, getMandate, getPayment, mandateIdOf, paymentsSince } from '../api/payments.js';
import { accountOfPayment, type DoctorInput } from './rules.js';

/**
 * What fc doctor reads for one subject. Everything a rule needs is fetched
 * here, once, so the rules stay pure and the request count stays small: one
 * listing per kind of object, plus one retrieve per mandate.
 */
export type Subject = { kind: 'customer'; id: string } | { kind: 'customer_account'; id: string } | { kind: 'account'; id: string } | { kind: 'payment'; id: string };

export function subjectOf(id: string): Subject {
  if (id.startsWith('cus_')) return { kind: 'customer', id };
  if (id.startsWith('acct_')) return { kind: 'customer_account', id };
  if (id.startsWith('fca_')) return { kind: 'account', id };
  return { kind: 'payment', id };
}

export interface Gathered extends DoctorInput {
  subject: Subject;
  /** `cus_…`/`acct_…` whose accounts and payments were read, when known. */
  holder: string | null;
  customer: { id: string; deleted?: boolean; name?: string | null; email?: string | null } | null;
  /** Payments created since then were read (unix seconds). */
  paymentsSince: number;
}

/** How far back "recent payments" go. */
export const PAYMENT_DAYS = 90;
const MAX_PAYMENTS = 100;
const MAX_MANDATES = 25;

function holderOf(a: FcAccount): string | null {
  const h = a.account_holder;
  if (!h) return null;
  const id = h.customer ?? h.customer_account ?? null;
  return typeof id === 'string' ? id : (id?.id ?? null);
}

async function collect<T>(list: AsyncIterable<T>, max: number): Promise<T[]> {
  const out: T[] = [];
  for await (const x of list) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

async function accountsOf(stripe: Stripe, filter: AccountFilter): Promise<FcAccount[]> {
  return collect(iterateAccounts(stripe, filter), 1_000);
}

async function methodsOf(stripe: Stripe, holder: string): Promise<Stripe.PaymentMethod[]> {
  return collect(bankPaymentMethodsOf(stripe, holder), 500);
}

async function paymentsOf(stripe: Stripe, holder: string, since: number): Promise<Stripe.PaymentIntent[]> {
  return collect(paymentsSince(stripe, holder, since), MAX_PAYMENTS);
}

async function mandatesOf(stripe: Stripe, payments: readonly Stripe.PaymentIntent[]): Promise<Stripe.Mandate[]> {
  const ids = [...new Set(payments.map(mandateIdOf).filter((id): id is string => Boolean(id)))].slice(0, MAX_MANDATES);
  return Promise.all(ids.map((id) => getMandate(stripe, id)));
}

export async function gather(stripe: Stripe, subject: Subject, now: number): Promise<Gathered> {
  const since = now - PAYMENT_DAYS * 86_400;
  const empty = { accounts: [], paymentMethods: [], payments: [], mandates: [] };

  if (subject.kind === 'customer' || subject.kind === 'customer_account') {
    let customer: Gathered['customer'];
    if (subject.kind === 'customer') {
      const c = await getCustomer(stripe, subject.id);
      customer = 'deleted' in c && c.deleted ? { id: c.id, deleted: true } : { id: c.id, name: (c as Stripe.Customer).name, email: (c as Stripe.Customer).email };
      if (customer.deleted) return { ...empty, subject, holder: subject.id, customer, paymentsSince: since };
    } else {
      customer = { id: subject.id };
    }
    const filter: AccountFilter = subject.kind === 'customer' ? { customer: subject.id } : { customerAccount: subject.id };
    const [accounts, paymentMethods, payments] = await Promise.all([accountsOf(stripe, filter), methodsOf(stripe, subject.id), paymentsOf(stripe, subject.id, since)]);
    const mandates = await mandatesOf(stripe, payments);
    return { subject, holder: subject.id, customer, accounts, paymentMethods, payments, mandates, paymentsSince: since };
  }

  if (subject.kind === 'account') {
    const account = await getAccount(stripe, subject.id);
    const holder = holderOf(account);
    if (!holder) return { ...empty, accounts: [account], subject, holder, customer: null, paymentsSince: since };
    const [methods, payments] = await Promise.all([methodsOf(stripe, holder), paymentsOf(stripe, holder, since)]);
    const paymentMethods = methods.filter((m) => m.us_bank_account?.financial_connections_account === account.id);
    const mine = payments.filter((pi) => accountOfPayment(pi, methods) === account.id);
    const mandates = await mandatesOf(stripe, mine);
    return { subject, holder, customer: null, accounts: [account], paymentMethods, payments: mine, mandates, paymentsSince: since };
  }

  const pi = await getPayment(stripe, subject.id);
  const fca = accountOfPayment(pi);
  const accounts = fca ? [await getAccount(stripe, fca)] : [];
  const customer = typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
  const holder = customer ?? pi.customer_account ?? (accounts[0] ? holderOf(accounts[0]) : null);
  const mandates = await mandatesOf(stripe, [pi]);
  return { subject, holder, customer: null, accounts, paymentMethods: [], payments: [pi], mandates, paymentsSince: pi.created };
}
