import type { JobHandler, RequestContext, Route, SandboxSettings } from '../context.js';
import type { SandboxClock } from '../clock.js';
import type { Store } from '../store.js';
import { emitEvent } from '../events.js';
import { newId } from '../ids.js';
import { invalidParam, invalidRequest, missingParam } from '../wire/errors.js';
import {
  checkKnown,
  FEATURES,
  findAccount,
  getAccount,
  getAccountState,
  PERMISSION_OF,
  putAccountState,
  readExpand,
  renderAccount,
  requireActive,
  saveAccount,
  templateOf,
  type FcAccount,
  type Feature,
} from './fc-common.js';
import { balanceOf, createOwnership, refreshTransactions } from './fc-data.js';

/**
 * The refresh lifecycle (API.md §5.2): a start marks the feature `pending` and
 * schedules a stored job on the sandbox clock; the job settles it. No in-process
 * timers, so `fc sandbox advance` and other processes sharing the store see the
 * same outcome.
 */
export const REFRESH_JOB = 'fc.refresh_finish';
export const SUBSCRIPTION_JOB = 'fc.subscription_refresh';
const DAY_MS = 86_400_000;

interface Env {
  store: Store;
  clock: SandboxClock;
  settings: SandboxSettings;
}

const FIELD = { balance: 'balance_refresh', ownership: 'ownership_refresh', transactions: 'transaction_refresh' } as const;

export function missingPermission(account: FcAccount, feature: Feature): never {
  const permission = PERMISSION_OF[feature];
  throw invalidRequest(
    `Account ${account.id} was linked without the '${permission}' permission, so its ${feature} cannot be refreshed. ` +
      `Link it again through a session whose permissions include '${permission}'.`,
    { param: 'features' },
  );
}

function canStart(account: FcAccount, feature: Feature, now: number): boolean {
  const current = account[FIELD[feature]];
  if (!current) return true;
  // Stripe does not initiate a refresh while one runs or before the cooldown ends; it returns the account as is.
  if (current.status === 'pending') return false;
  return current.next_refresh_available_at === null || now >= current.next_refresh_available_at;
}

/** Starts a refresh if allowed now; returns the (saved) account either way. */
export function startRefresh(env: Env, account: FcAccount, feature: Feature, nowMs: number): FcAccount {
  const now = Math.floor(nowMs / 1000);
  if (!canStart(account, feature, now)) return account;
  const base = { last_attempted_at: now, next_refresh_available_at: null, status: 'pending' as const };
  let next: FcAccount;
  let refreshId: string | null = null;
  if (feature === 'transactions') {
    refreshId = newId('fctxnref');
    const state = getAccountState(env.store, account.id);
    state.transaction_refreshes.push(refreshId);
    putAccountState(env.store, state);
    next = { ...account, transaction_refresh: { id: refreshId, ...base } };
  } else {
    next = { ...account, [FIELD[feature]]: base };
  }
  saveAccount(env.store, next);
  env.store.schedule(nowMs + env.settings.refreshDelayMs, REFRESH_JOB, account.id, { feature, attempted_at: now, refresh: refreshId });
  return next;
}

const finishRefresh: JobHandler = (env, ref, payload, dueAt) => {
  const account = findAccount(env.store, ref);
  const feature = payload.feature as Feature;
  if (!account || !FEATURES.includes(feature)) return;
  const current = account[FIELD[feature]];
  // A job for a superseded attempt (the account was relinked or reset) does nothing.
  if (!current || current.status !== 'pending' || current.last_attempted_at !== payload.attempted_at) return;
  const now = env.now;
  const { institution, template } = templateOf(env.store, account.id);
  const active = account.status === 'active';
  const ok = active && !template.refreshFails;
  let next: FcAccount = { ...account };
  if (ok && feature === 'balance') next.balance = balanceOf(template, now);
  if (ok && feature === 'ownership') next.ownership = createOwnership(env.store, account, template, now);
  if (ok && feature === 'transactions') refreshTransactions(env.store, account, institution, template, String(payload.refresh), now);
  const finished = {
    ...current,
    status: ok ? ('succeeded' as const) : ('failed' as const),
    next_refresh_available_at: active ? Math.floor((dueAt + env.settings.refreshCooldownMs) / 1000) : null,
  };
  next = { ...next, [FIELD[feature]]: finished };
  saveAccount(env.store, next);
  // Stripe sends the event on completion whether it succeeded or failed; readers check *_refresh.status.
  emitEvent(env.store, now, `financial_connections.account.refreshed_${feature}`, next);
};

/** While subscribed, transactions refresh daily, as on Stripe. */
function scheduleSubscription(env: Env, fcaId: string, afterMs: number): void {
  const nowMs = env.clock.nowMs();
  // After a long clock jump, catch up with one refresh rather than one per missed day.
  const due = afterMs + Math.max(1, Math.ceil((nowMs - afterMs + 1) / DAY_MS)) * DAY_MS;
  const state = getAccountState(env.store, fcaId);
  state.subscription_due_ms = due;
  putAccountState(env.store, state);
  env.store.schedule(due, SUBSCRIPTION_JOB, fcaId, {});
}

const subscriptionRefresh: JobHandler = (env, ref, _payload, dueAt) => {
  const account = findAccount(env.store, ref);
  const state = getAccountState(env.store, ref);
  if (!account || state.subscription_due_ms !== dueAt) return;
  if (account.status !== 'active' || !account.subscriptions?.includes('transactions')) return;
  startRefresh(env, account, 'transactions', dueAt);
  scheduleSubscription(env, ref, dueAt);
};

function readFeatures(ctx: RequestContext, allowed: readonly Feature[]): Feature[] {
  const raw = ctx.params.strArray('features');
  if (raw === undefined) throw missingParam('features');
  if (raw.length === 0) throw invalidParam('features', 'Invalid array: features must contain at least one of ' + allowed.join(', ') + '.', 'parameter_invalid_empty');
  return [...new Set(ctx.params.enumArray('features', allowed))];
}

function requirePermission(account: FcAccount, feature: Feature): void {
  if (!account.permissions?.includes(PERMISSION_OF[feature])) missingPermission(account, feature);
}

function refresh(ctx: RequestContext): FcAccount {
  checkKnown(ctx.params, ['features', 'expand']);
  const features = readFeatures(ctx, FEATURES);
  const expand = readExpand(ctx.params, ['ownership']);
  let account = getAccount(ctx, ctx.pathParams.account!);
  requireActive(account, 'refresh');
  for (const f of features) requirePermission(account, f);
  const nowMs = ctx.clock.nowMs();
  for (const f of features) account = startRefresh(ctx, account, f, nowMs);
  return renderAccount(ctx.store, account, expand);
}

/** Checks a subscribe/unsubscribe request (features=[transactions] only) and finds its active account. */
function subscriptionTarget(ctx: RequestContext, verb: string): { account: FcAccount; expand: ReturnType<typeof readExpand> } {
  checkKnown(ctx.params, ['features', 'expand']);
  readFeatures(ctx, ['transactions']);
  const expand = readExpand(ctx.params, ['ownership']);
  const account = getAccount(ctx, ctx.pathParams.account!);
  requireActive(account, verb);
  return { account, expand };
}

function subscribe(ctx: RequestContext): FcAccount {
  let { account, expand } = subscriptionTarget(ctx, 'subscribe to');
  requirePermission(account, 'transactions');
  const nowMs = ctx.clock.nowMs();
  if (!account.subscriptions?.includes('transactions')) {
    account = saveAccount(ctx.store, { ...account, subscriptions: ['transactions'] });
    scheduleSubscription(ctx, account.id, nowMs);
  }
  account = startRefresh(ctx, account, 'transactions', nowMs);
  return renderAccount(ctx.store, account, expand);
}

function unsubscribe(ctx: RequestContext): FcAccount {
  let { account, expand } = subscriptionTarget(ctx, 'unsubscribe from');
  account = saveAccount(ctx.store, { ...account, subscriptions: [] });
  const state = getAccountState(ctx.store, account.id);
  state.subscription_due_ms = null;
  putAccountState(ctx.store, state);
  return renderAccount(ctx.store, account, expand);
}

export const fcRefreshRoutes: Route[] = [
  { method: 'POST', path: '/v1/financial_connections/accounts/:account/refresh', handler: refresh },
  { method: 'POST', path: '/v1/financial_connections/accounts/:account/subscribe', handler: subscribe },
  { method: 'POST', path: '/v1/financial_connections/accounts/:account/unsubscribe', handler: unsubscribe },
];

export const fcJobs: Record<string, JobHandler> = {
  [REFRESH_JOB]: finishRefresh,
  [SUBSCRIPTION_JOB]: subscriptionRefresh,
};
