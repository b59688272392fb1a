import type Stripe from 'stripe';

/**
 * Typed queries over Financial Connections Sessions (API.md §5.1). A session is
 * the server's half of linking: the end user finishes it in Stripe's UI (or the
 * sandbox's), after which its `accounts` list holds what was linked.
 */
export type FcSession = Stripe.FinancialConnections.Session;
export type FcLinkedAccount = Stripe.FinancialConnections.Account;
export type SessionPermission = Stripe.FinancialConnections.SessionCreateParams.Permission;
export type SessionPrefetch = Stripe.FinancialConnections.SessionCreateParams.Prefetch;
export type AccountSubcategory = Stripe.FinancialConnections.SessionCreateParams.Filters.AccountSubcategory;

export const PERMISSIONS = ['balances', 'ownership', 'payment_method', 'transactions'] as const satisfies readonly SessionPermission[];
export const PREFETCH = ['balances', 'ownership', 'transactions'] as const satisfies readonly SessionPrefetch[];
export const ACCOUNT_SUBCATEGORIES = ['checking', 'savings', 'mortgage', 'line_of_credit', 'credit_card'] as const satisfies readonly AccountSubcategory[];

/** Whose accounts the session collects: a v1 Customer or a v2 customer-configured Account. */
export type SessionHolder = { customer: string } | { customerAccount: string };

export interface NewSession {
  holder: SessionHolder;
  permissions: SessionPermission[];
  prefetch?: SessionPrefetch[];
  country?: string;
  accountSubcategories?: AccountSubcategory[];
  returnUrl?: string;
}

export function sessionCreateParams(input: NewSession): Stripe.FinancialConnections.SessionCreateParams {
  const filters: Stripe.FinancialConnections.SessionCreateParams.Filters = {};
  if (input.country) filters.country = input.country;
  if (input.accountSubcategories?.length) filters.account_subcategories = input.accountSubcategories;
  return {
    account_holder:
      'customer' in input.holder
        ? { type: 'customer', customer: input.holder.customer }
        : { type: 'customer', customer_account: input.holder.customerAccount },
    permissions: input.permissions,
    ...(input.prefetch?.length ? { prefetch: input.prefetch } : {}),
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(input.returnUrl ? { return_url: input.returnUrl } : {}),
  };
}

export function createSession(stripe: Stripe, input: NewSession, idempotencyKey?: string): Promise<FcSession> {
  return stripe.financialConnections.sessions.create(sessionCreateParams(input), idempotencyKey ? { idempotencyKey } : undefined);
}

export function getSession(stripe: Stripe, id: string): Promise<FcSession> {
  return stripe.financialConnections.sessions.retrieve(id);
}

/**
 * Every account linked in a session. The embedded list is usually complete; when
 * Stripe truncates it (`has_more`), the rest is paged from the accounts endpoint.
 */
export async function sessionAccounts(stripe: Stripe, session: FcSession): Promise<FcLinkedAccount[]> {
  if (!session.accounts.has_more) return session.accounts.data;
  const out: FcLinkedAccount[] = [];
  for await (const a of stripe.financialConnections.accounts.list({ session: session.id, limit: 100 })) out.push(a);
  return out;
}

/** The account holder's id (`cus_…` or `acct_…`), whether or not it was expanded. */
export function holderId(session: Pick<FcSession, 'account_holder'>): string | undefined {
  const h = session.account_holder;
  if (!h) return undefined;
  const c = h.customer ?? h.account ?? h.customer_account;
  if (c === undefined || c === null) return undefined;
  return typeof c === 'string' ? c : c.id;
}
