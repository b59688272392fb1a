import type { RequestContext, Route } from '../context.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { listObjects, rangeConditions } from '../wire/list.js';
import { checkKnown, getAccount, getAccountState, readExpand, T, type FcTransaction } from './fc-common.js';

/**
 * Transactions: rows have parent = account and sort = transacted_at, so a page
 * (with or without a transacted_at range) is one index range scan at any history size.
 */
function listTransactions(ctx: RequestContext) {
  const p = ctx.params;
  checkKnown(p, ['account', 'transacted_at', 'transaction_refresh', 'limit', 'starting_after', 'ending_before', 'expand']);
  readExpand(p, []);
  const account = getAccount(ctx, p.requireStr('account'), 'account');
  const state = getAccountState(ctx.store, account.id);
  if (!state.succeeded_transaction_refresh) {
    throw invalidRequest(
      `Account ${account.id} has no successful transaction refresh yet, so it has no transactions to list. ` +
        `Refresh its transactions (POST /v1/financial_connections/accounts/${account.id}/refresh with features[]=transactions) ` +
        'or subscribe to them (…/subscribe), then list again once transaction_refresh.status is succeeded.',
      { code: 'financial_connections_no_successful_transaction_refresh', param: 'account' },
    );
  }
  const where = rangeConditions(ctx, 'transacted_at', 'sort');
  const refresh = p.obj('transaction_refresh');
  if (refresh) {
    checkKnown(refresh, ['after']);
    const after = refresh.requireStr('after');
    const index = state.transaction_refreshes.indexOf(after);
    if (index < 0) throw missingResource('financial_connections.transaction_refresh', after, 'transaction_refresh[after]');
    // Refresh ids carry no order; the account's record of them does.
    const later = state.transaction_refreshes.slice(index + 1);
    where.push({ sql: "json_extract(data, '$.transaction_refresh') IN (SELECT value FROM json_each(?))", params: [JSON.stringify(later)] });
  }
  return listObjects<FcTransaction>(ctx, '/v1/financial_connections/transactions', { type: T.transaction, parent: account.id, where });
}

function retrieveTransaction(ctx: RequestContext): FcTransaction {
  checkKnown(ctx.params, ['expand']);
  readExpand(ctx.params, []);
  const id = ctx.pathParams.transaction!;
  const t = ctx.store.get<FcTransaction>(T.transaction, id);
  if (!t) throw missingResource('financial_connections.transaction', id);
  return t;
}

export const fcTransactionRoutes: Route[] = [
  { method: 'GET', path: '/v1/financial_connections/transactions', handler: listTransactions },
  { method: 'GET', path: '/v1/financial_connections/transactions/:transaction', handler: retrieveTransaction },
];
