import type { RequestContext } from '../context.js';
import type { ListQuery } from '../store.js';
import { invalidParam, invalidRequest, missingResource } from './errors.js';

export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export function readLimit(ctx: RequestContext): number {
  const limit = ctx.params.int('limit');
  if (limit === undefined) return 10;
  if (limit < 1 || limit > 100) {
    throw invalidParam('limit', `Invalid limit: must be an integer between 1 and 100, got ${limit}.`, 'parameter_invalid_integer');
  }
  return limit;
}

/** Stripe's list envelope over a store query, with limit and cursor validation. */
export function listObjects<T>(
  ctx: RequestContext,
  url: string,
  query: Omit<ListQuery, 'limit' | 'startingAfter' | 'endingBefore'>,
  map: (obj: T) => unknown = (o) => o,
): ListEnvelope<unknown> {
  const limit = readLimit(ctx);
  const startingAfter = ctx.params.str('starting_after') ?? undefined;
  const endingBefore = ctx.params.str('ending_before') ?? undefined;
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', {
      code: 'parameters_exclusive',
      param: 'ending_before',
    });
  }
  const page = ctx.store.list<T>({ ...query, limit, startingAfter, endingBefore });
  if (!page) {
    const param = startingAfter ? 'starting_after' : 'ending_before';
    throw missingResource('object', (startingAfter ?? endingBefore)!, param);
  }
  return { object: 'list', data: page.data.map(map), has_more: page.hasMore, url };
}

/** Filters from optional string parameters: each one given adds `column = value`, for the column named beside it. */
export function equalityConditions(ctx: RequestContext, columns: Record<string, string>): { sql: string; params: unknown[] }[] {
  const conds: { sql: string; params: unknown[] }[] = [];
  for (const [param, column] of Object.entries(columns)) {
    const value = ctx.params.str(param);
    if (value) conds.push({ sql: `${column} = ?`, params: [value] });
  }
  return conds;
}

/** `created` filters: an integer (exact) or `{gt,gte,lt,lte}` over a column expression. */
export function rangeConditions(ctx: RequestContext, param: string, column: string): { sql: string; params: unknown[] }[] {
  const conds: { sql: string; params: unknown[] }[] = [];
  if (!ctx.params.has(param)) return conds;
  const raw = ctx.params.raw[param];
  if (typeof raw === 'string') {
    conds.push({ sql: `${column} = ?`, params: [ctx.params.requireInt(param)] });
    return conds;
  }
  const range = ctx.params.requireObj(param);
  const ops: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
  for (const key of range.keys()) {
    const op = ops[key];
    if (!op) throw invalidParam(range.name(key), `Received unknown parameter: ${range.name(key)}`, 'parameter_unknown');
    conds.push({ sql: `${column} ${op} ?`, params: [range.requireInt(key)] });
  }
  return conds;
}

/** A v2 list page: `next_page_url`/`previous_page_url` carry an opaque `page` token, as Stripe's v2 lists do. */
export interface V2ListPage<T> {
  data: T[];
  next_page_url: string | null;
  previous_page_url: string | null;
}

interface PageToken {
  /** Items after this id (newest-first order), or before it. */
  after?: string;
  before?: string;
  limit: number;
}

function encodePage(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodePage(raw: string): PageToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
    if (typeof t !== 'object' || t === null || !Number.isInteger(t.limit)) return undefined;
    if (t.after !== undefined && typeof t.after !== 'string') return undefined;
    if (t.before !== undefined && typeof t.before !== 'string') return undefined;
    return t;
  } catch {
    return undefined;
  }
}

/**
 * Stripe's v2 list envelope over a store query. The `page` token holds the cursor
 * and the limit, so a client can follow `next_page_url` as it is (Python's client
 * does; stripe-node's iterator too) and get the same page size.
 */
export function listV2Objects<T extends { id: string }>(
  ctx: RequestContext,
  path: string,
  query: Omit<ListQuery, 'limit' | 'startingAfter' | 'endingBefore'>,
  map: (obj: T) => unknown = (o) => o,
  v2Error: (status: number, code: string | undefined, message: string, param?: string) => Error,
): V2ListPage<unknown> {
  const rawPage = ctx.params.str('page') ?? undefined;
  const token = rawPage === undefined ? undefined : decodePage(rawPage);
  if (rawPage !== undefined && !token) throw v2Error(400, undefined, 'The page token is not one this API returned.', 'page');
  const explicit = ctx.params.int('limit');
  const limit = explicit ?? token?.limit ?? 10;
  if (limit < 1 || limit > 100) throw v2Error(400, undefined, `limit must be between 1 and 100, got ${limit}.`, 'limit');
  const page = ctx.store.list<T>({ ...query, limit, startingAfter: token?.after, endingBefore: token?.before });
  if (!page) throw v2Error(400, undefined, 'The page token points at an object that no longer exists.', 'page');
  const first = page.data[0];
  const last = page.data[page.data.length - 1];
  const url = (t: PageToken) => `${path}?page=${encodePage(t)}`;
  // Going backwards, has_more says whether there is more before; there is always more after the cursor.
  const backwards = token?.before !== undefined;
  const hasNext = backwards ? last !== undefined : page.hasMore;
  const hasPrevious = backwards ? page.hasMore : token?.after !== undefined && first !== undefined;
  return {
    data: page.data.map(map),
    next_page_url: hasNext && last ? url({ after: last.id, limit }) : null,
    previous_page_url: hasPrevious && first ? url({ before: first.id, limit }) : null,
  };
}
