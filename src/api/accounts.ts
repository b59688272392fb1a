import type Stripe from 'stripe';
import { pageOf } from './page.js';

/**
 * Typed queries over Financial Connections accounts, owners and transactions, plus
 * the refresh lifecycle (API.md §5.2): start a refresh, then poll until each
 * requested feature leaves `pending`. Commands render what these return.
 */
export type FcAccount = Stripe.FinancialConnections.Account;
export type FcOwner = Stripe.FinancialConnections.AccountOwner;
export type FcTransaction = Stripe.FinancialConnections.Transaction;
export type FcTransactionStatus = 'pending' | 'posted' | 'void';

export type RefreshFeature = 'balance' | 'ownership' | 'transactions';
export const REFRESH_FEATURES: readonly RefreshFeature[] = ['balance', 'ownership', 'transactions'];
/** Refresh features are singular where session permissions are plural. */
export const PERMISSION_FOR: Record<RefreshFeature, string> = { balance: 'balances', ownership: 'ownership', transactions: 'transactions' };

export type RefreshState = { last_attempted_at: number; next_refresh_available_at: number | null; status: string; id?: string };

export function refreshOf(account: FcAccount, feature: RefreshFeature): RefreshState | null {
  if (feature === 'balance') return account.balance_refresh;
  if (feature === 'ownership') return account.ownership_refresh;
  return account.transaction_refresh;
}

/** Whose accounts to list: a v1 Customer, a v2 customer Account, or one session. */
export type AccountFilter = { customer: string } | { customerAccount: string } | { session: string };

export function accountFilterFor(id: string): AccountFilter {
  if (id.startsWith('fcsess_')) return { session: id };
  if (id.startsWith('acct_')) return { customerAccount: id };
  return { customer: id };
}

function listParams(filter: AccountFilter, limit: number): Stripe.FinancialConnections.AccountListParams {
  if ('session' in filter) return { session: filter.session, limit };
  if ('customerAccount' in filter) return { account_holder: { customer_account: filter.customerAccount }, limit };
  return { account_holder: { customer: filter.customer }, limit };
}

/** Auto-pages through every matching account without holding them all. */
export function iterateAccounts(stripe: Stripe, filter: AccountFilter): AsyncIterable<FcAccount> {
  return stripe.financialConnections.accounts.list(listParams(filter, 100));
}

export async function listAccounts(stripe: Stripe, filter: AccountFilter, q: { limit: number; all: boolean }): Promise<FcAccount[]> {
  if (!q.all) return pageOf(await stripe.financialConnections.accounts.list(listParams(filter, q.limit)));
  const out: FcAccount[] = [];
  for await (const a of iterateAccounts(stripe, filter)) out.push(a);
  return out;
}

export function getAccount(stripe: Stripe, id: string): Promise<FcAccount> {
  return stripe.financialConnections.accounts.retrieve(id);
}

export function disconnectAccount(stripe: Stripe, id: string): Promise<FcAccount> {
  return stripe.financialConnections.accounts.disconnect(id);
}

export function subscribeTransactions(stripe: Stripe, id: string): Promise<FcAccount> {
  return stripe.financialConnections.accounts.subscribe(id, { features: ['transactions'] });
}

export function unsubscribeTransactions(stripe: Stripe, id: string): Promise<FcAccount> {
  return stripe.financialConnections.accounts.unsubscribe(id, { features: ['transactions'] });
}

/** Every owner in one ownership snapshot (`fcaowns_…`), in the bank's order. */
export async function listOwners(stripe: Stripe, accountId: string, ownershipId: string): Promise<FcOwner[]> {
  const out: FcOwner[] = [];
  for await (const o of stripe.financialConnections.accounts.listOwners(accountId, { ownership: ownershipId, limit: 100 })) out.push(o);
  return out;
}

export interface TransactionQuery {
  account: string;
  /** Unix seconds, inclusive. */
  gte?: number;
  /** Unix seconds, exclusive. */
  lt?: number;
  /** Kept client-side: the API has no status filter. */
  statuses?: readonly FcTransactionStatus[];
  /** Page size asked of the API (1-100). */
  pageSize?: number;
  /** Continue after this transaction (an interrupted export says which). */
  startingAfter?: string;
}

/**
 * Transactions newest first, page by page (stripe-node auto-pagination): only
 * one page is ever held, so an export's memory does not grow with its length.
 */
export async function* transactions(stripe: Stripe, q: TransactionQuery): AsyncGenerator<FcTransaction, void, undefined> {
  const range: Stripe.RangeQueryParam = {};
  if (q.gte !== undefined) range.gte = q.gte;
  if (q.lt !== undefined) range.lt = q.lt;
  const list = stripe.financialConnections.transactions.list({
    account: q.account,
    limit: q.pageSize ?? 100,
    ...(Object.keys(range).length ? { transacted_at: range } : {}),
    ...(q.startingAfter ? { starting_after: q.startingAfter } : {}),
  });
  const wanted = q.statuses?.length ? new Set<string>(q.statuses) : undefined;
  for await (const t of list) {
    if (!wanted || wanted.has(t.status)) yield t;
  }
}

export interface Sleeper {
  sleep(ms: number): Promise<void>;
}

export const realSleeper: Sleeper = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

// ---------------------------------------------------------------------------
// Refresh lifecycle

/**
 * How a refresh request went for one feature. Stripe answers a refresh that it
 * will not start (one is still running, or the cooldown has not passed) with the
 * account unchanged, so this compares the feature's state before and after.
 */
export type StartKind = 'started' | 'running' | 'too_early';

export function classifyStart(before: RefreshState | null, after: RefreshState | null): StartKind {
  if (!after) return 'too_early';
  const same = before !== null && before.last_attempted_at === after.last_attempted_at && before.id === after.id;
  if (after.status === 'pending') return same && before.status === 'pending' ? 'running' : 'started';
  // Not pending right after the call: either it finished at once (a new attempt) or it never started.
  return same ? 'too_early' : 'started';
}

export interface RefreshStart {
  account: FcAccount;
  started: Record<RefreshFeature, StartKind | undefined>;
}

/**
 * Asks for a refresh of `features`. `before` (the account as last seen) lets the
 * caller skip a retrieve when it already has it, as bulk refresh does from its list.
 */
export async function requestRefresh(
  stripe: Stripe,
  id: string,
  features: readonly RefreshFeature[],
  opts: { before?: FcAccount } = {},
): Promise<RefreshStart> {
  const before = opts.before ?? (await stripe.financialConnections.accounts.retrieve(id));
  const account = await stripe.financialConnections.accounts.refresh(id, { features: [...features] });
  const started = {} as Record<RefreshFeature, StartKind | undefined>;
  for (const f of features) started[f] = classifyStart(refreshOf(before, f), refreshOf(account, f));
  return { account, started };
}

export type FinalStatus = 'succeeded' | 'failed' | 'pending' | 'none';

export interface FeatureResult {
  feature: RefreshFeature;
  /** The feature's status when waiting ended (`pending` only on timeout or --no-wait). */
  status: FinalStatus;
  start: StartKind | undefined;
  lastAttemptedAt: number | null;
  /** When Stripe will accept the next refresh (set after a refresh finishes). */
  nextRefreshAvailableAt: number | null;
  /** The refresh was not started: too early, so `status` is that of the previous refresh. */
  tooEarly: boolean;
}

export interface RefreshResult {
  account: FcAccount;
  features: FeatureResult[];
  timedOut: boolean;
  elapsedMs: number;
}

export function featureResult(account: FcAccount, feature: RefreshFeature, start: StartKind | undefined, nowSeconds?: number): FeatureResult {
  const r = refreshOf(account, feature);
  const status: FinalStatus = !r ? 'none' : r.status === 'succeeded' || r.status === 'failed' || r.status === 'pending' ? r.status : 'failed';
  const next = r?.next_refresh_available_at ?? null;
  // Without a before/after comparison, a refresh that is not pending and cannot start again yet was not started now.
  const tooEarly =
    start === 'too_early' || (start === undefined && status !== 'pending' && next !== null && nowSeconds !== undefined && next > nowSeconds);
  return { feature, status, start, lastAttemptedAt: r?.last_attempted_at ?? null, nextRefreshAvailableAt: next, tooEarly };
}

export function summarize(account: FcAccount, features: readonly RefreshFeature[], started?: RefreshStart['started'], nowSeconds?: number): FeatureResult[] {
  return features.map((f) => featureResult(account, f, started?.[f], nowSeconds));
}

export interface WaitClock {
  now(): Date;
}

export interface WaitOptions {
  timeoutMs: number;
  clock: WaitClock;
  sleeper?: Sleeper;
  /** What requestRefresh saw; without it, "too early" is judged from next_refresh_available_at against the clock. */
  start?: RefreshStart;
  onProgress?: (p: { account: FcAccount; pending: RefreshFeature[]; elapsedMs: number }) => void;
  /** First poll delay; it grows by half each poll up to maxIntervalMs. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
}

export function stillPending(account: FcAccount, features: readonly RefreshFeature[]): RefreshFeature[] {
  return features.filter((f) => refreshOf(account, f)?.status === 'pending');
}

/**
 * Polls the account until none of `features` is `pending`, with a gentle backoff
 * and bounded by `timeoutMs`. It never throws for a timeout: `timedOut` says so and
 * the features show what is known.
 */
export async function waitForRefresh(stripe: Stripe, id: string, features: readonly RefreshFeature[], opts: WaitOptions): Promise<RefreshResult> {
  const retrieve = () => stripe.financialConnections.accounts.retrieve(id);
  const first = opts.start?.account ?? (await retrieve());
  const polled = await pollAccounts(async () => [await retrieve()], new Map([[id, { account: first, features }]]), {
    ...opts,
    onProgress: opts.onProgress && ((p) => opts.onProgress!({ account: p.accounts.get(id)!, pending: p.pending.get(id) ?? [], elapsedMs: p.elapsedMs })),
  });
  const account = polled.accounts.get(id)!;
  const now = Math.floor(opts.clock.now().getTime() / 1000);
  return { account, features: summarize(account, features, opts.start?.started, now), timedOut: polled.timedOut, elapsedMs: polled.elapsedMs };
}

export interface PollProgress {
  accounts: Map<string, FcAccount>;
  /** Accounts still waited on, with their pending features. */
  pending: Map<string, RefreshFeature[]>;
  elapsedMs: number;
}

/**
 * The polling loop behind single and bulk refresh: `fetch` returns fresh copies of
 * (at least) the waited-on accounts, e.g. one retrieve, or one listing of a
 * customer's accounts, which costs one request per 100 accounts however many wait.
 */
export async function pollAccounts(
  fetch: () => Promise<FcAccount[]>,
  targets: Map<string, { account: FcAccount; features: readonly RefreshFeature[] }>,
  opts: Omit<WaitOptions, 'start' | 'onProgress'> & { onProgress?: (p: PollProgress) => void },
): Promise<{ accounts: Map<string, FcAccount>; timedOut: boolean; elapsedMs: number }> {
  const sleeper = opts.sleeper ?? realSleeper;
  const startedAt = opts.clock.now().getTime();
  const elapsed = () => opts.clock.now().getTime() - startedAt;
  let interval = opts.initialIntervalMs ?? 250;
  const maxInterval = opts.maxIntervalMs ?? 2_000;
  const accounts = new Map([...targets].map(([id, t]) => [id, t.account] as const));
  const pendingNow = () => {
    const out = new Map<string, RefreshFeature[]>();
    for (const [id, t] of targets) {
      const p = stillPending(accounts.get(id)!, t.features);
      if (p.length) out.set(id, p);
    }
    return out;
  };
  let pending = pendingNow();
  while (pending.size > 0) {
    opts.onProgress?.({ accounts, pending, elapsedMs: elapsed() });
    const left = opts.timeoutMs - elapsed();
    if (left <= 0) break;
    await sleeper.sleep(Math.min(interval, left));
    interval = Math.min(Math.ceil(interval * 1.5), maxInterval);
    for (const a of await fetch()) if (targets.has(a.id)) accounts.set(a.id, a);
    pending = pendingNow();
  }
  return { accounts, timedOut: pending.size > 0, elapsedMs: elapsed() };
}

/**
 * Runs `task` over `items` with at most `limit` running at once, preserving
 * input order in the results.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
