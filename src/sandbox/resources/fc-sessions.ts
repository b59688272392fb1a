import type { RequestContext, Route } from '../context.js';
import type { Store } from '../store.js';
import { newId, newSecret } from '../ids.js';
import { invalidParam, invalidRequest, missingParam, missingResource } from '../wire/errors.js';
import type { Params } from '../wire/params.js';
import { getCustomer } from './customers.js';
import { getV2Account } from './v2accounts.js';
import { checkKnown, findAccount, getSessionState, putSessionState, readExpand, T, type FcAccount, type FcSession, type SessionState } from './fc-common.js';

/** Financial Connections sessions (API.md §5.1). Completing one is a sandbox test helper (fc-helpers.ts). */

const PERMISSIONS = ['balances', 'ownership', 'payment_method', 'transactions'] as const;
const PREFETCH = ['balances', 'ownership', 'transactions'] as const;
const SUBCATEGORIES = ['checking', 'savings', 'mortgage', 'line_of_credit', 'credit_card'] as const;

function readAccountHolder(ctx: RequestContext): NonNullable<FcSession['account_holder']> {
  const holder = ctx.params.obj('account_holder');
  if (!holder) throw missingParam('account_holder');
  checkKnown(holder, ['type', 'customer', 'customer_account', 'account']);
  const type = holder.str('type');
  if (!type) throw missingParam('account_holder[type]');
  if (type === 'account') {
    // The sandbox has no Connect accounts, so no account id can exist.
    const account = holder.requireStr('account');
    throw missingResource('account', account, 'account_holder[account]');
  }
  if (type !== 'customer') throw invalidParam('account_holder[type]', `Invalid account_holder[type]: must be one of customer, account`);
  if (holder.has('account')) {
    throw invalidParam('account_holder[account]', 'account_holder[account] can only be used when account_holder[type] is account.');
  }
  const customer = holder.str('customer');
  const customerAccount = holder.str('customer_account');
  if (customer && customerAccount) {
    throw invalidRequest('You may only specify one of these parameters: account_holder[customer], account_holder[customer_account].', {
      code: 'parameters_exclusive',
      param: 'account_holder[customer_account]',
    });
  }
  if (customer) {
    getCustomer(ctx, customer, 'account_holder[customer]');
    return { type: 'customer', customer };
  }
  if (customerAccount) {
    if (!getV2Account(ctx, customerAccount)) throw missingResource('account', customerAccount, 'account_holder[customer_account]');
    return { type: 'customer', customer_account: customerAccount };
  }
  throw invalidRequest('When account_holder[type] is customer, you must provide one of account_holder[customer] or account_holder[customer_account].', {
    code: 'parameter_missing',
    param: 'account_holder[customer]',
  });
}

function readPermissions(p: Params): FcSession['permissions'] {
  const list = p.strArray('permissions');
  if (list === undefined) throw missingParam('permissions');
  if (list.length === 0) {
    throw invalidParam('permissions', `Invalid permissions: provide at least one of ${PERMISSIONS.join(', ')}.`, 'parameter_invalid_empty');
  }
  return [...new Set(p.enumArray('permissions', PERMISSIONS))];
}

function readPrefetch(p: Params, permissions: readonly string[]): FcSession['prefetch'] {
  const list = p.enumArray('prefetch', PREFETCH) ?? [];
  list.forEach((item, i) => {
    if (!permissions.includes(item)) {
      throw invalidParam(`prefetch[${i}]`, `Invalid prefetch[${i}]: prefetching ${item} requires the '${item}' permission in permissions.`);
    }
  });
  return [...new Set(list)];
}

function readFilters(p: Params): FcSession['filters'] | undefined {
  const f = p.obj('filters');
  if (!f) return undefined;
  checkKnown(f, ['country', 'account_subcategories', 'require_payment_method_support']);
  const country = f.str('country');
  if (country !== undefined && country !== null && !/^[A-Za-z]{2}$/.test(country)) {
    throw invalidParam('filters[country]', `Invalid filters[country]: '${country}' is not a two-letter country code.`);
  }
  const subcategories = f.enumArray('account_subcategories', SUBCATEGORIES);
  if (subcategories && subcategories.length === 0) {
    throw invalidParam('filters[account_subcategories]', 'Invalid filters[account_subcategories]: provide at least one subcategory.', 'parameter_invalid_empty');
  }
  const support = f.enumOf('require_payment_method_support', ['all', 'at_least_one', 'none'] as const);
  return {
    account_subcategories: subcategories ? [...new Set(subcategories)] : null,
    country: country ? country.toUpperCase() : null,
    ...(support ? { require_payment_method_support: support } : {}),
  };
}

function readLimits(p: Params): FcSession['limits'] | undefined {
  const l = p.obj('limits');
  if (!l) return undefined;
  checkKnown(l, ['accounts']);
  const accounts = l.int('accounts');
  if (accounts === undefined) return undefined;
  if (accounts < 1 || accounts > 100) throw invalidParam('limits[accounts]', `Invalid limits[accounts]: must be between 1 and 100, got ${accounts}.`);
  return { accounts };
}

function readReturnUrl(p: Params): string | undefined {
  const url = p.str('return_url');
  if (!url) return undefined;
  try {
    new URL(url);
  } catch {
    throw invalidParam('return_url', `Not a valid URL: ${url}`, 'url_invalid');
  }
  return url;
}

function createSession(ctx: RequestContext): FcSession {
  const p = ctx.params;
  checkKnown(p, ['account_holder', 'permissions', 'prefetch', 'filters', 'limits', 'manual_entry', 'return_url', 'expand']);
  readExpand(p, []);
  const account_holder = readAccountHolder(ctx);
  const permissions = readPermissions(p);
  const prefetch = readPrefetch(p, permissions);
  const filters = readFilters(p);
  const limits = readLimits(p);
  const return_url = readReturnUrl(p);
  const manual = p.obj('manual_entry');
  if (manual) checkKnown(manual, ['mode']);
  const mode = manual?.enumOf('mode', ['automatic', 'disabled'] as const);
  const id = newId('fcsess');
  const session: FcSession = {
    id,
    object: 'financial_connections.session',
    account_holder,
    accounts: { object: 'list', data: [], has_more: false, url: '/v1/financial_connections/accounts' },
    client_secret: newSecret(id),
    ...(filters ? { filters } : {}),
    ...(limits ? { limits } : {}),
    livemode: false,
    ...(mode ? { manual_entry: { mode } } : {}),
    permissions,
    prefetch,
    ...(return_url ? { return_url } : {}),
  };
  const holderId = account_holder.customer ?? account_holder.customer_account;
  ctx.store.insert({ id, type: T.session, parent: typeof holderId === 'string' ? holderId : null, sort: ctx.now, data: session });
  putSessionState(ctx.store, { session: id, status: 'open', institution: null, accounts: [] }, true);
  return session;
}

/** The stored session with its linked accounts as they are now. */
export function renderSession(store: Store, session: FcSession, state: SessionState): FcSession {
  const data = state.accounts.map((id) => findAccount(store, id)).filter((a): a is FcAccount => a !== undefined);
  return { ...session, accounts: { object: 'list', data, has_more: false, url: '/v1/financial_connections/accounts' } };
}

export function getSession(ctx: Pick<RequestContext, 'store'>, id: string): { session: FcSession; state: SessionState } {
  const session = ctx.store.get<FcSession>(T.session, id);
  const state = getSessionState(ctx.store, id);
  if (!session || !state) throw missingResource('financial_connections.session', id);
  return { session, state };
}

function retrieveSession(ctx: RequestContext): FcSession {
  checkKnown(ctx.params, ['expand']);
  // `accounts` is always included; asking for it is harmless.
  readExpand(ctx.params, ['accounts']);
  const { session, state } = getSession(ctx, ctx.pathParams.session!);
  return renderSession(ctx.store, session, state);
}

export const fcSessionRoutes: Route[] = [
  { method: 'POST', path: '/v1/financial_connections/sessions', handler: createSession },
  { method: 'GET', path: '/v1/financial_connections/sessions/:session', handler: retrieveSession },
];
