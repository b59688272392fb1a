import type { RequestContext, Route } from '../context.js';
import { emitEvent } from '../events.js';
import { newId } from '../ids.js';
import {
  DEFAULT_ACCOUNT_KEYS,
  findInstitution,
  findTemplate,
  INSTITUTIONS,
  ROUTING_NUMBER,
  TEST_INSTITUTION,
  templateSeed,
  type AccountTemplate,
  type Institution,
} from '../bank/institutions.js';
import { putAccountMeta } from '../bank/meta.js';
import { bulkTransactions } from '../bank/transactions.js';
import { invalidParam, invalidRequest } from '../wire/errors.js';
import {
  checkKnown,
  getAccount,
  getAccountState,
  putAccountState,
  putSessionState,
  requireActive,
  saveAccount,
  T,
  templateOf,
  type FcAccount,
  type FcSession,
  type FcTransaction,
  type Feature,
} from './fc-common.js';
import { deleteTransactions } from './fc-data.js';
import { missingPermission, startRefresh } from './fc-refresh.js';
import { getSession, renderSession } from './fc-sessions.js';

/**
 * Sandbox-only test helpers for Financial Connections (outside /v1). They stand in
 * for the end user's part of the flow — picking a bank and accounts in Stripe's UI —
 * and for seeding data. fc's CLI and link page are built against exactly these.
 */

export const MAX_HISTORY = 1_000_000;

function listInstitutions() {
  return {
    object: 'list',
    data: INSTITUTIONS.map((i) => ({
      id: i.id,
      object: 'sandbox.institution',
      name: i.name,
      status: i.status,
      accounts: i.accounts.map((a) => ({
        key: a.key,
        display_name: a.display_name,
        category: a.category,
        subcategory: a.subcategory,
        last4: a.last4,
        supports_payments: a.supports_payments,
        payment_outcome: a.payment_outcome,
      })),
    })),
    has_more: false,
    url: '/_sandbox/institutions',
  };
}

function readInstitution(ctx: RequestContext, session: FcSession): Institution {
  const arg = ctx.params.str('institution');
  const institution = arg ? findInstitution(arg) : TEST_INSTITUTION;
  if (!institution) {
    throw invalidParam('institution', `No such institution: '${arg}'. Choose one of: ${INSTITUTIONS.map((i) => i.name).join(', ')}.`, 'resource_missing');
  }
  if (institution.status === 'down') {
    throw invalidRequest(`${institution.name} is down: logging in to the institution failed. Try again later or choose another institution.`, {
      param: 'institution',
    });
  }
  const country = session.filters?.country;
  if (country && country !== institution.country) {
    throw invalidRequest(`${institution.name} is in ${institution.country}, but the session only allows institutions in ${country} (filters[country]).`, {
      param: 'institution',
    });
  }
  return institution;
}

function filterProblem(session: FcSession, t: AccountTemplate): string | undefined {
  const subcategories = session.filters?.account_subcategories;
  if (subcategories && !subcategories.includes(t.subcategory)) {
    return `it is a ${t.subcategory} account and the session's filters[account_subcategories] allow only ${subcategories.join(', ')}`;
  }
  if (session.filters?.require_payment_method_support === 'all' && !t.supports_payments) {
    return "it cannot be used for payments and the session's filters[require_payment_method_support] is all";
  }
  return undefined;
}

function readTemplates(ctx: RequestContext, session: FcSession, institution: Institution): AccountTemplate[] {
  const keys = ctx.params.strArray('accounts');
  const validKeys = institution.accounts.map((a) => a.key).join(', ');
  let chosen: AccountTemplate[];
  if (keys === undefined) {
    const allowed = institution.accounts.filter((t) => !filterProblem(session, t));
    const defaults = allowed.filter((t) => (DEFAULT_ACCOUNT_KEYS as readonly string[]).includes(t.key));
    chosen = defaults.length ? defaults : allowed.slice(0, 1);
    if (chosen.length === 0) {
      throw invalidRequest(`No account at ${institution.name} matches the session's filters.`, { param: 'accounts' });
    }
  } else {
    if (keys.length === 0) throw invalidParam('accounts', `Choose at least one account. Valid keys at ${institution.name}: ${validKeys}.`, 'parameter_invalid_empty');
    chosen = keys.map((key, i) => {
      const t = findTemplate(institution, key);
      if (!t) throw invalidParam(`accounts[${i}]`, `Unknown account '${key}' at ${institution.name}. Valid keys: ${validKeys}.`);
      if (keys.indexOf(key) !== i) throw invalidParam(`accounts[${i}]`, `Account '${key}' is listed twice.`);
      const problem = filterProblem(session, t);
      if (problem) throw invalidParam(`accounts[${i}]`, `Account '${key}' cannot be linked to this session: ${problem}.`);
      return t;
    });
  }
  if (session.filters?.require_payment_method_support === 'at_least_one' && !chosen.some((t) => t.supports_payments)) {
    throw invalidParam('accounts', "At least one chosen account must support payments (the session's filters[require_payment_method_support] is at_least_one).");
  }
  const limit = session.limits?.accounts;
  if (limit !== undefined && chosen.length > limit) {
    throw invalidParam('accounts', `The session allows at most ${limit} account(s) (limits[accounts]); ${chosen.length} were chosen.`);
  }
  return chosen;
}

function linkAccount(ctx: RequestContext, session: FcSession, institution: Institution, t: AccountTemplate): FcAccount {
  const holder = session.account_holder!;
  const account: FcAccount = {
    id: newId('fca'),
    object: 'financial_connections.account',
    account_holder: holder,
    account_numbers: t.supports_payments
      ? [{ expected_expiry_date: null, identifier_type: 'account_number', status: 'transactable', supported_networks: ['ach'] }]
      : null,
    balance: null,
    balance_refresh: null,
    category: t.category,
    created: ctx.now,
    display_name: t.display_name,
    institution_name: institution.name,
    last4: t.last4,
    livemode: false,
    ownership: null,
    ownership_refresh: null,
    permissions: [...session.permissions],
    status: 'active',
    subcategory: t.subcategory,
    subscriptions: [],
    supported_payment_method_types: t.supports_payments ? ['us_bank_account'] : [],
    transaction_refresh: null,
  };
  const holderId = holder.customer ?? holder.customer_account;
  ctx.store.insert({ id: account.id, type: T.account, parent: typeof holderId === 'string' ? holderId : null, sort: ctx.now, data: account });
  putAccountMeta(
    ctx.store,
    {
      account: account.id,
      template: t.key,
      institution: institution.id,
      payment_outcome: t.payment_outcome,
      routing_number: ROUTING_NUMBER,
      account_number: t.account_number ?? '',
      session: session.id,
    },
    ctx.now,
  );
  emitEvent(ctx.store, ctx.now, 'financial_connections.account.created', account, { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey });
  return account;
}

const PREFETCH_FEATURE: Record<string, Feature> = { balances: 'balance', ownership: 'ownership', transactions: 'transactions' };

function completeSession(ctx: RequestContext): FcSession {
  checkKnown(ctx.params, ['institution', 'accounts']);
  const { session, state } = getSession(ctx, ctx.pathParams.session!);
  if (state.status === 'completed') {
    throw invalidRequest(`Session ${session.id} was already completed with ${state.accounts.length} account(s). Create a new session to link more accounts.`);
  }
  if (state.status === 'cancelled') {
    throw invalidRequest(`Session ${session.id} was cancelled. Create a new session to link accounts.`);
  }
  const institution = readInstitution(ctx, session);
  const templates = readTemplates(ctx, session, institution);
  const nowMs = ctx.clock.nowMs();
  const accounts = templates.map((t) => {
    let account = linkAccount(ctx, session, institution, t);
    for (const item of session.prefetch ?? []) {
      const feature = PREFETCH_FEATURE[item];
      if (feature) account = startRefresh(ctx, account, feature, nowMs);
    }
    return account.id;
  });
  const next = { ...state, status: 'completed' as const, institution: institution.id, accounts };
  putSessionState(ctx.store, next);
  return renderSession(ctx.store, session, next);
}

function cancelSession(ctx: RequestContext): FcSession {
  checkKnown(ctx.params, []);
  const { session, state } = getSession(ctx, ctx.pathParams.session!);
  if (state.status === 'completed') {
    throw invalidRequest(`Session ${session.id} was already completed; it cannot be cancelled.`);
  }
  const next = { ...state, status: 'cancelled' as const };
  putSessionState(ctx.store, next);
  return renderSession(ctx.store, session, next);
}

/** Whether the end user finished the flow: Stripe's session object has no such field. */
function sessionState(ctx: RequestContext) {
  const { state } = getSession(ctx, ctx.pathParams.session!);
  return { object: 'sandbox.session_state', session: state.session, status: state.status, institution: state.institution, accounts: state.accounts };
}

/** Replaces an account's transactions with `count` generated ones (benchmarks). */
function seedHistory(ctx: RequestContext) {
  checkKnown(ctx.params, ['count']);
  const count = ctx.params.requireInt('count');
  if (count < 0 || count > MAX_HISTORY) throw invalidParam('count', `count must be between 0 and ${MAX_HISTORY}, got ${count}.`);
  let account = getAccount(ctx, ctx.pathParams.account!);
  requireActive(account, 'seed transactions for');
  if (!account.permissions?.includes('transactions')) missingPermission(account, 'transactions');
  const state = getAccountState(ctx.store, account.id);
  let refresh = state.succeeded_transaction_refresh;
  if (!refresh) {
    // Same outcome as a refresh that succeeded at once, so the history is listable immediately.
    refresh = newId('fctxnref');
    state.transaction_refreshes.push(refresh);
    state.succeeded_transaction_refresh = refresh;
    account = saveAccount(ctx.store, {
      ...account,
      transaction_refresh: {
        id: refresh,
        last_attempted_at: ctx.now,
        next_refresh_available_at: Math.floor((ctx.clock.nowMs() + ctx.settings.refreshCooldownMs) / 1000),
        status: 'succeeded',
      },
    });
    emitEvent(ctx.store, ctx.now, 'financial_connections.account.refreshed_transactions', account, { requestId: ctx.requestId });
  }
  const { institution, template } = templateOf(ctx.store, account.id);
  deleteTransactions(ctx.store, account.id);
  const rows = (function* () {
    for (const t of bulkTransactions({ account: account.id, seed: templateSeed(institution, template), count, now: ctx.now, refresh })) {
      yield { id: t.id, type: T.transaction, parent: account.id, sort: t.transacted_at, data: t satisfies FcTransaction };
    }
  })();
  const inserted = ctx.store.insertMany(rows);
  state.transactions_until = ctx.now;
  putAccountState(ctx.store, state);
  return { object: 'sandbox.history', account: account.id, count: inserted };
}

export const fcHelperRoutes: Route[] = [
  { method: 'GET', path: '/_sandbox/institutions', handler: listInstitutions },
  { method: 'GET', path: '/_sandbox/financial_connections/sessions/:session', handler: sessionState },
  { method: 'POST', path: '/_sandbox/financial_connections/sessions/:session/complete', handler: completeSession },
  { method: 'POST', path: '/_sandbox/financial_connections/sessions/:session/cancel', handler: cancelSession },
  { method: 'POST', path: '/_sandbox/financial_connections/accounts/:account/history', handler: seedHistory },
];

