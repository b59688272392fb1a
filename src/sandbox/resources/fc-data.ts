import type { Store } from '../store.js';
import { newId } from '../ids.js';
import type { AccountTemplate, Institution } from '../bank/institutions.js';
import { templateSeed } from '../bank/institutions.js';
import { DAY, HISTORY_DAYS, dailyTransactions, statusAt } from '../bank/transactions.js';
import { getAccountState, putAccountState, T, type FcAccount, type FcOwner, type FcOwnership, type FcTransaction } from './fc-common.js';

/** What a successful refresh writes: balance, a new ownership, new and settled transactions. */

export function balanceOf(template: AccountTemplate, now: number): NonNullable<FcAccount['balance']> {
  const b = template.balance;
  if (template.category === 'credit') {
    return { as_of: now, type: 'credit', current: { usd: b.current }, credit: { used: { usd: b.used ?? -b.current } } };
  }
  return { as_of: now, type: 'cash', current: { usd: b.current }, cash: { available: { usd: b.available ?? b.current } } };
}

/** A successful ownership refresh makes a new ownership object; the account points at the latest. */
export function createOwnership(store: Store, account: FcAccount, template: AccountTemplate, now: number): string {
  const id = newId('fcaowns');
  const owners: FcOwner[] = template.owners.map((o) => ({
    id: newId('fcaown'),
    object: 'financial_connections.account_owner',
    email: o.email,
    name: o.name,
    ownership: id,
    phone: o.phone,
    raw_address: o.raw_address,
    refreshed_at: now,
  }));
  const ownership: FcOwnership = {
    id,
    object: 'financial_connections.account_ownership',
    created: now,
    owners: { object: 'list', data: owners, has_more: false, url: `/v1/financial_connections/accounts/${account.id}/owners` },
  };
  store.insert({ id, type: T.ownership, parent: account.id, sort: now, data: ownership });
  // Descending sort keys keep the bank's owner order under newest-first pagination.
  store.insertMany(owners.map((o, i) => ({ id: o.id, type: T.owner, parent: id, sort: owners.length - i, data: o })));
  return id;
}

function transactionRows(items: Iterable<FcTransaction>): Iterable<{ id: string; type: string; parent: string; sort: number; data: FcTransaction }> {
  return (function* () {
    for (const t of items) yield { id: t.id, type: T.transaction, parent: t.account, sort: t.transacted_at, data: t };
  })();
}

/** Longest a generated transaction stays pending (see fateOf), plus a margin. */
const PENDING_WINDOW = 4 * DAY;

/**
 * A successful transaction refresh: the first one stores the full history, later
 * ones add what happened since and settle pending items, stamping both with `refresh`.
 */
export function refreshTransactions(store: Store, account: FcAccount, institution: Institution, template: AccountTemplate, refresh: string, now: number): void {
  const state = getAccountState(store, account.id);
  const from = state.transactions_until ?? now - HISTORY_DAYS * DAY;
  if (from < now) {
    store.insertMany(
      transactionRows(dailyTransactions({ account: account.id, seed: templateSeed(institution, template), profile: template.history, from, to: now, now, refresh })),
    );
  }
  // Only rows stored recently before the last refresh can still be pending: one index range scan, however long the history.
  const pending = store.list<FcTransaction>({
    type: T.transaction,
    parent: account.id,
    where: [
      { sql: 'sort > ?', params: [from - PENDING_WINDOW] },
      { sql: "json_extract(data, '$.status') = 'pending'", params: [] },
    ],
    limit: 100_000,
  });
  for (const t of pending?.data ?? []) {
    const next = statusAt(t, now);
    if (next.status !== 'pending') store.put(T.transaction, t.id, { ...t, ...next, transaction_refresh: refresh, updated: now });
  }
  state.transactions_until = Math.max(now, state.transactions_until ?? now);
  state.succeeded_transaction_refresh = refresh;
  putAccountState(store, state);
}

/** Removes an account's transactions (before a benchmark history replaces them). */
export function deleteTransactions(store: Store, fcaId: string): void {
  store.deleteChildren(T.transaction, fcaId);
}
