import type Stripe from 'stripe';
import { pageOf } from './page.js';

/**
 * v2 Accounts with the customer configuration are a preview API: calls to them
 * carry the preview Stripe-Version (override with FC_V2_API_VERSION).
 */
export const V2_PREVIEW_VERSION = '2026-10-28.preview';

export type V2Account = Stripe.V2.Core.Account;

export interface NewCustomer {
  email: string;
  name?: string;
  description?: string;
  phone?: string;
  metadata?: Record<string, string>;
}

export function createCustomer(stripe: Stripe, input: NewCustomer, idempotencyKey?: string): Promise<Stripe.Customer> {
  return stripe.customers.create(
    { email: input.email, name: input.name, description: input.description, phone: input.phone, metadata: input.metadata },
    idempotencyKey ? { idempotencyKey } : undefined,
  );
}

export function createCustomerAccount(stripe: Stripe, input: NewCustomer, apiVersion: string, idempotencyKey?: string): Promise<V2Account> {
  return stripe.v2.core.accounts.create(
    {
      contact_email: input.email,
      display_name: input.name,
      configuration: { customer: {} },
      metadata: input.metadata,
      include: ['configuration.customer', 'identity'],
    },
    { apiVersion, ...(idempotencyKey ? { idempotencyKey } : {}) },
  );
}

export function getCustomerAccount(stripe: Stripe, id: string, apiVersion: string): Promise<V2Account> {
  return stripe.v2.core.accounts.retrieve(id, { include: ['configuration.customer', 'identity'] }, { apiVersion });
}

export function getCustomer(stripe: Stripe, id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
  return stripe.customers.retrieve(id);
}

export async function listCustomers(stripe: Stripe, q: { email?: string; limit: number; all: boolean }): Promise<Stripe.Customer[]> {
  if (!q.all) return pageOf(await stripe.customers.list({ email: q.email, limit: q.limit }));
  // Every page: windows of `created` side by side, in the order of one walk (api/windowed.ts).
  const { windowed } = await import('./windowed.js');
  const rows = windowed<Stripe.Customer>(
    stripe,
    {
      endpoint: 'GET /v1/customers',
      timeOf: (c) => c.created,
      idOf: (c) => c.id,
      fetch: (range, after, limit) =>
        stripe.customers.list({ email: q.email, limit, ...(Object.keys(range).length ? { created: range } : {}), ...(after ? { starting_after: after } : {}) }),
    },
    {},
  );
  const all: Stripe.Customer[] = [];
  for await (const c of rows) all.push(c);
  return all;
}
