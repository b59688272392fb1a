import type { RequestContext, Route } from '../context.js';
import { emitEvent } from '../events.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { listObjects } from '../wire/list.js';
import { getCustomer } from './customers.js';
import { getV2Account } from './v2accounts.js';
import {
  checkKnown,
  getAccount,
  getAccountState,
  getSessionState,
  putAccountState,
  readExpand,
  renderAccount,
  saveAccount,
  T,
  type FcAccount,
  type FcOwnership,
} from './fc-common.js';

/** Financial Connections accounts: list, retrieve, disconnect, owners (API.md §5.2–5.3). */

function listAccounts(ctx: RequestContext) {
  const p = ctx.params;
  checkKnown(p, ['account_holder', 'session', 'limit', 'starting_after', 'ending_before', 'expand']);
  const expand = readExpand(p, ['data.ownership']).map((e) => e.slice('data.'.length));
  const holder = p.obj('account_holder');
  if (holder) checkKnown(holder, ['customer', 'customer_account', 'account']);
  const filters = [
    ...(['customer', 'customer_account', 'account'] as const).filter((k) => holder?.str(k)).map((k) => `account_holder[${k}]`),
    ...(p.str('session') ? ['session'] : []),
  ];
  if (filters.length > 1) {
    throw invalidRequest(`You may only specify one of these parameters: ${filters.join(', ')}.`, { code: 'parameters_exclusive', param: filters[1] });
  }
  const url = '/v1/financial_connections/accounts';
  const render = (a: FcAccount) => renderAccount(ctx.store, a, expand);
  const customer = holder?.str('customer');
  if (customer) {
    getCustomer(ctx, customer, 'account_holder[customer]');
    return listObjects(ctx, url, { type: T.account, parent: customer }, render);
  }
  const customerAccount = holder?.str('customer_account');
  if (customerAccount) {
    if (!getV2Account(ctx, customerAccount)) throw missingResource('account', customerAccount, 'account_holder[customer_account]');
    return listObjects(ctx, url, { type: T.account, parent: customerAccount }, render);
  }
  const connected = holder?.str('account');
  if (connected) throw missingResource('account', connected, 'account_holder[account]');
  const session = p.str('session');
  if (session) {
    const state = getSessionState(ctx.store, session);
    if (!state) throw missingResource('financial_connections.session', session, 'session');
    const where = [{ sql: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(state.accounts)] }];
    return listObjects(ctx, url, { type: T.account, where }, render);
  }
  return listObjects(ctx, url, { type: T.account }, render);
}

function retrieveAccount(ctx: RequestContext): FcAccount {
  checkKnown(ctx.params, ['expand']);
  const expand = readExpand(ctx.params, ['ownership']);
  return renderAccount(ctx.store, getAccount(ctx, ctx.pathParams.account!), expand);
}

function disconnect(ctx: RequestContext): FcAccount {
  checkKnown(ctx.params, ['expand']);
  const expand = readExpand(ctx.params, ['ownership']);
  const account = getAccount(ctx, ctx.pathParams.account!);
  if (account.status === 'disconnected') return renderAccount(ctx.store, account, expand);
  // Refreshes can never start again, so none has a next time.
  const stop = <R extends { next_refresh_available_at: number | null }>(r: R | null): R | null => (r ? { ...r, next_refresh_available_at: null } : null);
  const next = saveAccount(ctx.store, {
    ...account,
    status: 'disconnected',
    subscriptions: [],
    balance_refresh: stop(account.balance_refresh),
    ownership_refresh: stop(account.ownership_refresh),
    transaction_refresh: stop(account.transaction_refresh),
  });
  const state = getAccountState(ctx.store, account.id);
  state.subscription_due_ms = null;
  putAccountState(ctx.store, state);
  emitEvent(ctx.store, ctx.now, 'financial_connections.account.disconnected', next, {
    previous: { status: account.status },
    requestId: ctx.requestId,
    idempotencyKey: ctx.idempotencyKey,
  });
  return renderAccount(ctx.store, next, expand);
}

function listOwners(ctx: RequestContext) {
  checkKnown(ctx.params, ['ownership', 'limit', 'starting_after', 'ending_before', 'expand']);
  readExpand(ctx.params, []);
  const account = getAccount(ctx, ctx.pathParams.account!);
  const ownershipId = ctx.params.requireStr('ownership');
  const row = ctx.store.getRow<FcOwnership>(ownershipId);
  if (!row || row.type !== T.ownership || row.parent !== account.id) {
    throw missingResource('financial_connections.account_ownership', ownershipId, 'ownership');
  }
  return listObjects(ctx, `/v1/financial_connections/accounts/${account.id}/owners`, { type: T.owner, parent: ownershipId });
}

export const fcAccountRoutes: Route[] = [
  { method: 'GET', path: '/v1/financial_connections/accounts', handler: listAccounts },
  { method: 'GET', path: '/v1/financial_connections/accounts/:account', handler: retrieveAccount },
  { method: 'POST', path: '/v1/financial_connections/accounts/:account/disconnect', handler: disconnect },
  { method: 'GET', path: '/v1/financial_connections/accounts/:account/owners', handler: listOwners },
];
