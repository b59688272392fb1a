import { holderId, type FcLinkedAccount, type FcSession } from '../../../api/sessions.js';
import type { IO } from '../../../io/io.js';
import { printDetails } from '../../../io/render.js';
import { forDisplay } from '../../../io/sanitize.js';
import { printAccountTable } from '../../accounts/shared/render.js';

function list(items: readonly string[] | null | undefined): string | null {
  return items?.length ? items.join(', ') : null;
}

export function describeFilters(filters: FcSession['filters']): string | null {
  if (!filters) return null;
  const parts: string[] = [];
  if (filters.country) parts.push(`country ${filters.country}`);
  if (filters.account_subcategories?.length) parts.push(`subcategories ${filters.account_subcategories.join(', ')}`);
  if (filters.require_payment_method_support) parts.push(`payment method support ${filters.require_payment_method_support}`);
  return parts.length ? parts.join('; ') : null;
}

export function describeHolder(session: Pick<FcSession, 'account_holder'>): string | null {
  const id = holderId(session);
  if (!id) return null;
  return session.account_holder?.customer_account ? `${id} (v2 customer Account)` : id;
}

/**
 * The session as people read it. The client secret is shown only where asked for
 * (right after create, when the caller needs it to start Stripe.js).
 */
export function printSession(io: IO, session: FcSession, opts: { showSecret?: boolean; accountCount?: number } = {}): void {
  session = forDisplay(session);
  const count = opts.accountCount ?? session.accounts.data.length;
  printDetails(io, `Session ${session.id}`, [
    ['Account holder', describeHolder(session)],
    ['Permissions', list(session.permissions)],
    ['Prefetch', list(session.prefetch)],
    ['Filters', describeFilters(session.filters)],
    ...(session.limits ? ([['Account limit', session.limits.accounts]] as [string, number][]) : []),
    ...(session.return_url ? ([['Return URL', session.return_url]] as [string, string][]) : []),
    ...(opts.showSecret ? ([['Client secret', session.client_secret]] as [string, string | null][]) : []),
    ['Linked accounts', count === 0 ? 'none yet' : count],
  ]);
}

/** A table of linked accounts, shared by `sessions get`, `link` and `sandbox complete`. */
export function printLinkedAccounts(io: IO, accounts: FcLinkedAccount[], empty = 'No accounts linked.'): void {
  if (accounts.length === 0) io.err(empty);
  else printAccountTable(io, accounts);
}
