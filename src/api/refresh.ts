// Refresh flows over api/accounts.ts: starting one account's refresh (with the
// relink hint a missing permission needs), and refreshing every account of a
// customer and waiting for them together. They report progress through
// callbacks and return what happened; commands draw spinners and pick exit codes.
import type Stripe from 'stripe';
import { AuthError, ApiError, toFcError } from '../errors.js';
import {
  accountFilterFor,
  getAccount,
  iterateAccounts,
  mapLimit,
  PERMISSION_FOR,
  pollAccounts,
  requestRefresh,
  summarize,
  type FcAccount,
  type FeatureResult,
  type RefreshFeature,
  type RefreshStart,
  type WaitClock,
} from './accounts.js';
import { relinkCommand } from './relink.js';
import { stateWrite } from './write-journal.js';

/**
 * A refresh refused for a missing permission is a permission problem (exit 3) whose
 * fix is a new link, which the hint spells out. Stripe's error for it carries no
 * published code, so the account's own permissions decide.
 */
export async function withRelinkHint(stripe: Stripe, id: string, features: readonly RefreshFeature[], err: unknown): Promise<unknown> {
  const e = toFcError(err);
  if (e.hint) return err;
  const refused = e instanceof AuthError || (e instanceof ApiError && (e.param === 'features' || e.param?.startsWith('features[')));
  if (!refused) return err;
  const account = await getAccount(stripe, id).catch(() => undefined);
  if (!account) return e;
  const missing = features.map((f) => PERMISSION_FOR[f]).filter((p) => !(account.permissions as string[] | null | undefined)?.includes(p));
  if (missing.length === 0) return e;
  return new AuthError(e.message, `Permissions are fixed at linking: have the holder link it again with ${relinkCommand(account, missing)}`);
}

/** Starts a refresh of one account; a refusal for a missing permission says how to relink. */
export function startRefresh(stripe: Stripe, id: string, features: readonly RefreshFeature[]): Promise<RefreshStart> {
  return stateWrite(
    () => requestRefresh(stripe, id, features).catch(async (err: unknown) => {
      throw await withRelinkHint(stripe, id, features, err);
    }),
    `Running it again is harmless: a refresh already under way is not started twice (the API answers that it is too early).`,
  );
}

export interface BulkRefreshOptions {
  customer: string;
  features: readonly RefreshFeature[];
  /** Wait for the refreshes to finish (else return once they are requested). */
  wait: boolean;
  timeoutMs: number;
  /** Refresh requests in flight at once. */
  concurrency: number;
  clock: WaitClock;
  /** Called once the customer's accounts are known, before any refresh is requested. */
  onAccounts?: (accounts: readonly FcAccount[]) => void;
  onRequested?: (requested: number, of: number) => void;
  onWaiting?: (pending: number, of: number) => void;
}

/** One account of a bulk refresh: what it looks like now, its features' results if refreshed, and why not if not. */
export interface BulkRefreshRow {
  account: FcAccount;
  results?: FeatureResult[];
  note?: string;
  /** The refresh request itself was refused (note says why). */
  error?: boolean;
}

export interface BulkRefreshOutcome {
  rows: BulkRefreshRow[];
  /** Accounts whose refresh was started. */
  started: number;
  /** Accounts whose refresh request was refused. */
  errors: number;
  timedOut: boolean;
}

/**
 * Every account of a customer: refresh requests go out at most `concurrency` at a
 * time (429s are retried by the client, see api/http.ts), then all are awaited together by polling the
 * customer's account list, one request per 100 accounts per poll, so 50 accounts
 * take about as long as one.
 */
export async function refreshCustomerAccounts(stripe: Stripe, o: BulkRefreshOptions): Promise<BulkRefreshOutcome> {
  const filter = accountFilterFor(o.customer);
  const fetchAll = async () => {
    const out: FcAccount[] = [];
    for await (const a of iterateAccounts(stripe, filter)) out.push(a);
    return out;
  };
  const accounts = await fetchAll();
  o.onAccounts?.(accounts);
  const targets: (BulkRefreshRow & { features: RefreshFeature[]; start?: RefreshStart })[] = accounts.map((account) => {
    if (account.status !== 'active') return { account, features: [], note: `skipped: ${account.status}` };
    const permitted = o.features.filter((f) => account.permissions?.includes(PERMISSION_FOR[f]));
    const missing = o.features.filter((f) => !permitted.includes(f));
    const note = missing.length ? `skipped ${missing.join(', ')}: no ${missing.map((f) => `'${PERMISSION_FOR[f]}'`).join(', ')} permission` : undefined;
    return { account, features: permitted, note };
  });

  let requested = 0;
  const eligible = targets.filter((t) => t.features.length);
  await mapLimit(eligible, o.concurrency, async (t) => {
    try {
      t.start = await requestRefresh(stripe, t.account.id, t.features, { before: t.account });
      t.account = t.start.account;
    } catch (err) {
      t.error = true;
      t.note = `error: ${toFcError(err).message}`;
    }
    requested++;
    o.onRequested?.(requested, eligible.length);
  });

  const waiting = targets.filter((t) => t.start);
  let timedOut = false;
  if (o.wait && waiting.length) {
    const polled = await pollAccounts(fetchAll, new Map(waiting.map((t) => [t.account.id, { account: t.account, features: t.features }])), {
      timeoutMs: o.timeoutMs,
      clock: o.clock,
      onProgress: ({ pending }) => o.onWaiting?.(pending.size, waiting.length),
    });
    timedOut = polled.timedOut;
    for (const t of waiting) t.account = polled.accounts.get(t.account.id)!;
  }
  const rows: BulkRefreshRow[] = targets.map((t) => ({
    account: t.account,
    results: t.start ? summarize(t.account, t.features, t.start.started) : undefined,
    note: t.note,
    ...(t.error ? { error: true } : {}),
  }));
  return { rows, started: waiting.length, errors: targets.filter((t) => t.error).length, timedOut };
}
