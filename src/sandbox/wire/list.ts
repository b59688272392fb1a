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

export function listOf<T>(data: T[], url: string, hasMore = false): ListEnvelope<T> {
  return { object: 'list', data, has_more: hasMore, url };
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
