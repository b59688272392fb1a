import type { RequestContext, Route } from '../context.js';
import { emitEvent } from '../events.js';
import { invalidRequest } from '../wire/errors.js';
import { getAccount, renderAccount, saveAccount } from './fc-common.js';

/**
 * Sandbox-only stand-ins for what a bank does to a connection on Stripe: the link
 * stops working (`inactive`, financial_connections.account.deactivated) and later
 * works again (reactivated). Disconnected accounts stay disconnected, as on Stripe.
 */
function setStatus(to: 'active' | 'inactive') {
  return (ctx: RequestContext) => {
    const account = getAccount(ctx, ctx.pathParams.account!);
    if (account.status === 'disconnected') {
      throw invalidRequest(`The account ${account.id} is disconnected; a disconnected account cannot be ${to === 'active' ? 'reactivated' : 'deactivated'}.`, {
        code: 'financial_connections_account_inactive',
      });
    }
    if (account.status === to) return renderAccount(ctx.store, account);
    const next = saveAccount(ctx.store, { ...account, status: to });
    emitEvent(ctx.store, ctx.now, `financial_connections.account.${to === 'active' ? 'reactivated' : 'deactivated'}`, next, {
      previous: { status: account.status },
      requestId: ctx.requestId,
      idempotencyKey: ctx.idempotencyKey,
    });
    return renderAccount(ctx.store, next);
  };
}

export const fcStatusRoutes: Route[] = [
  { method: 'POST', path: '/_sandbox/financial_connections/accounts/:account/deactivate', handler: setStatus('inactive') },
  { method: 'POST', path: '/_sandbox/financial_connections/accounts/:account/reactivate', handler: setStatus('active') },
];
