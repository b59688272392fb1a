import qs from 'qs';
import type Stripe from 'stripe';
import { UsageError } from '../errors.js';

/**
 * `fc api`: any Stripe endpoint through stripe-node's rawRequest, shaped like
 * `gh api` and `stripe get|post|delete`. Parameters arrive as `key=value` pairs in
 * Stripe's bracket notation (`account_holder[customer]=cus_…`, `expand[]=x`) and
 * are decoded by the same rules the API uses, so v2 JSON bodies get real nesting.
 */
export type RawMethod = 'GET' | 'POST' | 'DELETE';
export const RAW_METHODS: readonly RawMethod[] = ['GET', 'POST', 'DELETE'];

export interface RawRequest {
  method: RawMethod;
  path: string;
  /** The `-d` pairs, in order, undecoded. */
  pairs: [string, string][];
  expand: string[];
  idempotencyKey?: string;
}

export function parseMethod(value: string): RawMethod {
  const m = value.toUpperCase();
  if (!(RAW_METHODS as readonly string[]).includes(m)) {
    throw new UsageError(`<method> must be get, post or delete, got "${value.slice(0, 20)}".`);
  }
  return m as RawMethod;
}

export function parsePath(value: string): string {
  const path = value.startsWith('/') ? value : `/${value}`;
  if (!/^\/v[12]\/[A-Za-z0-9_\-/.]*$/.test(path.split('?')[0]!) || path.includes('..')) {
    throw new UsageError(`<path> must be an API path such as /v1/customers or /v2/core/accounts/acct_123, got "${value.slice(0, 80)}".`);
  }
  if (path.includes('?')) throw new UsageError('Give query parameters with -d key=value, not in <path>.');
  return path;
}

export function parsePair(value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`-d takes key=value (e.g. -d email=jenny@example.com), got "${value.slice(0, 60)}".`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

function formOf(req: Pick<RawRequest, 'pairs' | 'expand'>): string {
  const parts = req.pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  for (const e of req.expand) parts.push(`${encodeURIComponent('expand[]')}=${encodeURIComponent(e)}`);
  return parts.join('&');
}

/** The pairs as one nested object, by the API's own decoding rules. */
export function paramsOf(req: Pick<RawRequest, 'pairs' | 'expand'>): Record<string, unknown> {
  return qs.parse(formOf(req), { depth: 10, arrayLimit: 1000, parameterLimit: 20000 }) as Record<string, unknown>;
}

/** The path with a query string for GET/DELETE (rawRequest only sends a body on POST). */
export function requestPath(req: Pick<RawRequest, 'method' | 'path' | 'pairs' | 'expand'>, extra: [string, string][] = []): string {
  if (req.method === 'POST') return req.path;
  // A paging cursor replaces one the user gave, so --all never sends two.
  const replaced = new Set(extra.map(([k]) => k));
  const query = formOf({ pairs: [...req.pairs.filter(([k]) => !replaced.has(k)), ...extra], expand: req.expand });
  return query ? `${req.path}?${query}` : req.path;
}

function strip(response: unknown): unknown {
  if (response && typeof response === 'object' && 'lastResponse' in response) {
    const { lastResponse: _drop, ...rest } = response as Record<string, unknown>;
    return rest;
  }
  return response;
}

/** One request; --stripe-account and --stripe-version are already set on the client. */
export async function sendRaw(stripe: Stripe, req: RawRequest, extra: [string, string][] = []): Promise<unknown> {
  const params = req.method === 'POST' ? paramsOf(req) : undefined;
  const response: unknown = await stripe.rawRequest(
    req.method,
    requestPath(req, extra),
    params,
    req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {},
  );
  return strip(response);
}

interface ListPage {
  object?: 'list';
  data: { id?: string }[];
  has_more?: boolean;
  next_page_url?: string | null;
}

/** A v1 list (`object: 'list'`) or a v2 one, which has no `object`, only `data` and `next_page_url`. */
export function isListPage(value: unknown): value is ListPage {
  if (!value || typeof value !== 'object' || !Array.isArray((value as ListPage).data)) return false;
  return (value as ListPage).object === 'list' || 'next_page_url' in value;
}

/** Whether a list page says more exists (v1 `has_more`, v2 `next_page_url`). */
export function hasMore(page: ListPage): boolean {
  return page.has_more === true || Boolean(page.next_page_url);
}

/**
 * Every item of a GET list endpoint, page after page: v1 pages by `starting_after`
 * the last id, v2 by the `page` token of `next_page_url`.
 */
export async function sendRawAll(stripe: Stripe, req: RawRequest, maxPages = 10_000): Promise<unknown[]> {
  const items: unknown[] = [];
  let extra: [string, string][] = [];
  for (let n = 0; n < maxPages; n++) {
    const page = await sendRaw(stripe, req, extra);
    if (!isListPage(page)) throw new UsageError(`--all works on list endpoints; ${req.path} did not answer with a list.`);
    items.push(...page.data);
    if (!hasMore(page) || page.data.length === 0) return items;
    if (page.next_page_url) {
      const token = new URL(page.next_page_url, 'http://api.local').searchParams.get('page');
      if (!token) return items;
      extra = [['page', token]];
    } else {
      const last = page.data[page.data.length - 1]!.id;
      if (!last) return items;
      extra = [['starting_after', last]];
    }
  }
  return items;
}
