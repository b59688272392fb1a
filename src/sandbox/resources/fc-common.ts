import type Stripe from 'stripe';
import type { RequestContext } from '../context.js';
import type { Store } from '../store.js';
import { getAccountMeta } from '../bank/meta.js';
import { findInstitutionById, findTemplate, type AccountTemplate, type Institution } from '../bank/institutions.js';
import { invalidParam, invalidRequest, missingResource, unknownParam } from '../wire/errors.js';
import type { Params } from '../wire/params.js';

/** Shared pieces of the Financial Connections resources: stored types, private state, expansion. */
export type FcAccount = Stripe.FinancialConnections.Account;
export type FcSession = Stripe.FinancialConnections.Session;
export type FcOwnership = Stripe.FinancialConnections.AccountOwnership;
export type FcOwner = Stripe.FinancialConnections.AccountOwner;
export type FcTransaction = Stripe.FinancialConnections.Transaction;

export const T = {
  session: 'financial_connections.session',
  account: 'financial_connections.account',
  ownership: 'financial_connections.account_ownership',
  owner: 'financial_connections.account_owner',
  transaction: 'financial_connections.transaction',
  sessionState: 'sandbox.fcsess_state',
  accountState: 'sandbox.fca_state',
} as const;

export type Feature = 'balance' | 'ownership' | 'transactions';
export const FEATURES: readonly Feature[] = ['balance', 'ownership', 'transactions'];
/** Refresh features are singular where permissions are plural (`balance` needs `balances`). */
export const PERMISSION_OF: Record<Feature, string> = { balance: 'balances', ownership: 'ownership', transactions: 'transactions' };

/** What the sandbox knows about a session beyond Stripe's object: whether the user finished the flow. */
export interface SessionState {
  session: string;
  status: 'open' | 'completed' | 'cancelled';
  institution: string | null;
  accounts: string[];
}

/** Per-account bookkeeping for refreshes; never shown through /v1. */
export interface AccountState {
  account: string;
  /** Every transaction refresh id, oldest first: `transaction_refresh[after]` needs their order. */
  transaction_refreshes: string[];
  /** Latest succeeded transaction refresh; listing transactions needs one. */
  succeeded_transaction_refresh: string | null;
  /** Transactions up to this time (unix s) are stored; the next refresh adds only later ones. */
  transactions_until: number | null;
  /** Due time (ms) of the pending daily subscription refresh; stale jobs compare against it. */
  subscription_due_ms: number | null;
}

export function getSessionState(store: Store, id: string): SessionState | undefined {
  return store.get<SessionState>(T.sessionState, `state_${id}`);
}

export function putSessionState(store: Store, state: SessionState, insert = false): void {
  if (insert) store.insert({ id: `state_${state.session}`, type: T.sessionState, parent: state.session, sort: 0, data: state });
  else store.put(T.sessionState, `state_${state.session}`, state);
}

export function getAccountState(store: Store, fcaId: string): AccountState {
  return (
    store.get<AccountState>(T.accountState, `state_${fcaId}`) ?? {
      account: fcaId,
      transaction_refreshes: [],
      succeeded_transaction_refresh: null,
      transactions_until: null,
      subscription_due_ms: null,
    }
  );
}

export function putAccountState(store: Store, state: AccountState): void {
  const id = `state_${state.account}`;
  if (store.get(T.accountState, id)) store.put(T.accountState, id, state);
  else store.insert({ id, type: T.accountState, parent: state.account, sort: 0, data: state });
}

export function findAccount(store: Store, id: string): FcAccount | undefined {
  return store.get<FcAccount>(T.account, id);
}

export function getAccount(ctx: Pick<RequestContext, 'store'>, id: string, param?: string): FcAccount {
  const account = findAccount(ctx.store, id);
  if (!account) throw missingResource('financial_connections.account', id, param);
  return account;
}

export function saveAccount(store: Store, account: FcAccount): FcAccount {
  return store.put(T.account, account.id, account);
}

/** The bank and template an account was linked from (sandbox-private, via its meta row). */
export function templateOf(store: Store, fcaId: string): { institution: Institution; template: AccountTemplate } {
  const meta = getAccountMeta(store, fcaId);
  const institution = meta && findInstitutionById(meta.institution);
  const template = institution && findTemplate(institution, meta.template);
  if (!institution || !template) throw new Error(`sandbox: account ${fcaId} has no template`);
  return { institution, template };
}

/** Rejects parameters this endpoint does not take, as Stripe does. */
export function checkKnown(params: Params, allowed: readonly string[]): void {
  for (const key of params.keys()) if (!allowed.includes(key)) throw unknownParam(params.name(key));
}

/** `expand[]` limited to what the sandbox can expand here; anything else is Stripe's error. */
export function readExpand(params: Params, allowed: readonly string[]): string[] {
  const list = params.strArray('expand') ?? [];
  list.forEach((path, i) => {
    if (!allowed.includes(path)) {
      throw invalidParam(`expand[${i}]`, `This property cannot be expanded (${path}).`);
    }
  });
  return list;
}

export function renderOwnership(store: Store, id: string): FcOwnership | null {
  // Stored complete (owners embedded); owner rows exist separately for the paginated /owners endpoint.
  return store.get<FcOwnership>(T.ownership, id) ?? null;
}

/** The account as the API shows it; `ownership` is an id unless expanded. */
export function renderAccount(store: Store, account: FcAccount, expand: readonly string[] = []): FcAccount {
  if (expand.includes('ownership') && typeof account.ownership === 'string') {
    return { ...account, ownership: renderOwnership(store, account.ownership) };
  }
  return account;
}

/** Refresh, subscribe and disconnect need a live connection. */
export function requireActive(account: FcAccount, action: string): void {
  if (account.status !== 'active') {
    throw invalidRequest(
      `You cannot ${action} account ${account.id} because its status is ${account.status}. Link the account again through a new Financial Connections session.`,
      { code: 'financial_connections_account_inactive' },
    );
  }
}
