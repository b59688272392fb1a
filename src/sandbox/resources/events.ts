import type { RequestContext, Route } from '../context.js';
import type { StripeEvent } from '../events.js';
import { invalidRequest, missingResource } from '../wire/errors.js';
import { listObjects, rangeConditions } from '../wire/list.js';

function listEvents(ctx: RequestContext) {
  const where = rangeConditions(ctx, 'created', 'sort');
  const type = ctx.params.str('type');
  const types = ctx.params.strArray('types');
  if (type && types) {
    throw invalidRequest('You may only specify one of these parameters: type, types.', { code: 'parameters_exclusive', param: 'types' });
  }
  if (type) {
    // `financial_connections.account.*` selects a group, as on Stripe.
    if (type.endsWith('*')) where.push({ sql: "parent LIKE ? ESCAPE '\\'", params: [`${type.slice(0, -1).replace(/[%_]/g, '\\$&')}%`] });
    else where.push({ sql: 'parent = ?', params: [type] });
  }
  if (types && types.length) where.push({ sql: `parent IN (${types.map(() => '?').join(',')})`, params: types });
  // Stripe's filter for events still owed to a webhook endpoint (false) or delivered everywhere (true).
  const delivered = ctx.params.bool('delivery_success');
  if (delivered !== undefined) where.push({ sql: `json_extract(data, '$.pending_webhooks') ${delivered ? '=' : '>'} 0`, params: [] });
  return listObjects(ctx, '/v1/events', { type: 'event', where });
}

function getEvent(ctx: RequestContext): StripeEvent {
  const e = ctx.store.get<StripeEvent>('event', ctx.pathParams.id!);
  if (!e) throw missingResource('event', ctx.pathParams.id!, 'id');
  return e;
}

export const eventRoutes: Route[] = [
  { method: 'GET', path: '/v1/events', handler: listEvents },
  { method: 'GET', path: '/v1/events/:id', handler: getEvent },
];
