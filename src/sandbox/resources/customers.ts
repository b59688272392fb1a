import type Stripe from 'stripe';
import { RawJson, type RequestContext, type Route } from '../context.js';
import { expandList, expandObject } from './expand.js';
import { emitEvent } from '../events.js';
import { newId, randomToken } from '../ids.js';
import { invalidParam, invalidRequest, missingResource } from '../wire/errors.js';
import { listObjects, rangeConditions, readLimit } from '../wire/list.js';
import { EMAIL_SHAPE, mergeMetadata, type Params } from '../wire/params.js';

export type CustomerObject = Stripe.Customer;

function readEmail(p: Params): string | null | undefined {
  const email = p.str('email');
  if (email && (!EMAIL_SHAPE.test(email) || email.length > 512)) throw invalidParam('email', `Invalid email address: ${email}`, 'email_invalid');
  return email;
}

export function getCustomer(ctx: RequestContext, id: string, param?: string): CustomerObject {
  const c = ctx.store.get<CustomerObject>('customer', id);
  if (!c) throw missingResource('customer', id, param);
  return c;
}

/** What `expand[]` can open on a customer: the ids it holds (the rest is Stripe's 400). */
const EXPANDABLE = ['default_source', 'invoice_settings.default_payment_method'] as const;

/** GET answers the stored object as saved: the same bytes JSON.stringify(getCustomer()) would give. */
function retrieveCustomer(ctx: RequestContext): RawJson | CustomerObject {
  const id = ctx.pathParams.customer!;
  const json = ctx.store.getJson('customer', id);
  if (json === undefined) throw missingResource('customer', id);
  return ctx.params.has('expand') ? expandObject(ctx, JSON.parse(json) as CustomerObject, EXPANDABLE) : new RawJson(json);
}

function createCustomer(ctx: RequestContext): CustomerObject {
  const p = ctx.params;
  const id = newId('cus');
  const customer = {
    id,
    object: 'customer',
    address: p.address('address') ?? null,
    balance: p.int('balance') ?? 0,
    created: ctx.now,
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: p.str('description') ?? null,
    discount: null,
    email: readEmail(p) ?? null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: p.obj('invoice_settings')?.str('default_payment_method') ?? null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: mergeMetadata({}, p.metadata()),
    name: p.str('name') ?? null,
    next_invoice_sequence: 1,
    phone: p.str('phone') ?? null,
    preferred_locales: p.strArray('preferred_locales') ?? [],
    shipping: null,
    tax_exempt: p.enumOf('tax_exempt', ['none', 'exempt', 'reverse'] as const) ?? 'none',
    test_clock: null,
  } as unknown as CustomerObject;
  ctx.store.insert({ id, type: 'customer', sort: ctx.now, data: customer });
  emitEvent(ctx.store, ctx.now, 'customer.created', customer, { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey });
  return expandObject(ctx, customer, EXPANDABLE);
}

function updateCustomer(ctx: RequestContext): CustomerObject {
  const current = getCustomer(ctx, ctx.pathParams.customer!);
  const p = ctx.params;
  const next = { ...current } as Record<string, unknown>;
  const previous: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value === undefined) return;
    previous[key] = (current as unknown as Record<string, unknown>)[key];
    next[key] = value;
  };
  set('email', readEmail(p));
  set('name', p.str('name'));
  set('description', p.str('description'));
  set('phone', p.str('phone'));
  set('address', p.address('address'));
  if (p.has('metadata')) set('metadata', mergeMetadata(current.metadata, p.metadata()));
  ctx.store.put('customer', current.id, next);
  emitEvent(ctx.store, ctx.now, 'customer.updated', next, { previous, requestId: ctx.requestId });
  return expandObject(ctx, next as unknown as CustomerObject, EXPANDABLE);
}

function deleteCustomer(ctx: RequestContext): Stripe.DeletedCustomer {
  const current = getCustomer(ctx, ctx.pathParams.customer!);
  ctx.store.delete('customer', current.id);
  emitEvent(ctx.store, ctx.now, 'customer.deleted', current, { requestId: ctx.requestId });
  return { id: current.id, object: 'customer', deleted: true };
}

function listCustomers(ctx: RequestContext) {
  const where = rangeConditions(ctx, 'created', 'sort');
  const email = ctx.params.str('email');
  if (email) where.push({ sql: "json_extract(data, '$.email') = ?", params: [email] });
  const page = listObjects(ctx, '/v1/customers', { type: 'customer', where });
  return { ...page, data: expandList(ctx, page.data as CustomerObject[], EXPANDABLE) };
}

/**
 * The part of Stripe's search language customers need: `field:'v'` (exact),
 * `field~'v'` (substring), `metadata['k']:'v'`, joined by AND or OR.
 */
export function parseSearchQuery(query: string): { clauses: { field: string; op: ':' | '~'; value: string }[]; join: 'AND' | 'OR' } {
  const clause = /\s*(metadata\[['"]([^'"]+)['"]\]|[a-z_]+)\s*([:~])\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*/y;
  const clauses: { field: string; op: ':' | '~'; value: string }[] = [];
  let join: 'AND' | 'OR' | undefined;
  let pos = 0;
  while (pos < query.length) {
    clause.lastIndex = pos;
    const m = clause.exec(query);
    if (!m) throw invalidParam('query', `Invalid search query: could not parse '${query.slice(pos)}'.`);
    const field = m[2] ? `metadata.${m[2]}` : m[1]!;
    clauses.push({ field, op: m[3] as ':' | '~', value: (m[4] ?? m[5] ?? '').replace(/\\(.)/g, '$1') });
    pos = clause.lastIndex;
    const conj = /(AND|OR)\s+/y;
    conj.lastIndex = pos;
    const c = conj.exec(query);
    if (c) {
      if (join && join !== c[1]) throw invalidParam('query', 'Invalid search query: AND and OR cannot be mixed.');
      join = c[1] as 'AND' | 'OR';
      pos = conj.lastIndex;
    } else if (pos < query.length) {
      throw invalidParam('query', `Invalid search query: expected AND or OR at '${query.slice(pos)}'.`);
    }
  }
  if (clauses.length === 0) throw invalidParam('query', 'Invalid search query: it is empty.');
  return { clauses, join: join ?? 'AND' };
}

const SEARCHABLE = new Set(['email', 'name', 'phone', 'description', 'created']);

function searchCustomers(ctx: RequestContext) {
  const query = ctx.params.requireStr('query');
  const limit = readLimit(ctx);
  const { clauses, join } = parseSearchQuery(query);
  const conds = clauses.map((c) => {
    const path = c.field.startsWith('metadata.') ? `$.metadata.${JSON.stringify(c.field.slice(9))}` : `$.${c.field}`;
    if (!c.field.startsWith('metadata.') && !SEARCHABLE.has(c.field)) {
      throw invalidParam('query', `Field '${c.field}' is an unsupported search field for resource customer.`);
    }
    return c.op === ':'
      ? { sql: `json_extract(data, '${path}') = ?`, params: [c.value] }
      : { sql: `instr(lower(json_extract(data, '${path}')), lower(?)) > 0`, params: [c.value] };
  });
  const where = [{ sql: `(${conds.map((c) => c.sql).join(` ${join} `)})`, params: conds.flatMap((c) => c.params) }];
  const page = ctx.params.str('page');
  let offsetAfter: string | undefined;
  if (page) {
    try {
      offsetAfter = Buffer.from(page, 'base64url').toString('utf8');
    } catch {
      throw invalidParam('page', 'Invalid page token.');
    }
    if (!offsetAfter.startsWith('cus_')) throw invalidParam('page', 'Invalid page token.');
  }
  const result = ctx.store.list<CustomerObject>({ type: 'customer', where, limit, startingAfter: offsetAfter });
  if (!result) throw invalidParam('page', 'Invalid page token.');
  const last = result.data[result.data.length - 1];
  return {
    object: 'search_result',
    data: result.data,
    has_more: result.hasMore,
    next_page: result.hasMore && last ? Buffer.from(last.id).toString('base64url') : null,
    url: '/v1/customers/search',
  };
}

function checkNoDeleted(ctx: RequestContext) {
  if (ctx.params.has('deleted')) throw invalidRequest('Received unknown parameter: deleted', { code: 'parameter_unknown', param: 'deleted' });
}

export const customerRoutes: Route[] = [
  { method: 'POST', path: '/v1/customers', handler: createCustomer },
  { method: 'GET', path: '/v1/customers', handler: (ctx) => (checkNoDeleted(ctx), listCustomers(ctx)) },
  { method: 'GET', path: '/v1/customers/search', handler: searchCustomers },
  { method: 'GET', path: '/v1/customers/:customer', handler: retrieveCustomer },
  { method: 'POST', path: '/v1/customers/:customer', handler: updateCustomer },
  { method: 'DELETE', path: '/v1/customers/:customer', handler: deleteCustomer },
];
