import { hasMore, isListPage, parseMethod, parsePair, parsePath, sendRaw, sendRawAll, type RawRequest } from '../../api/raw.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { confirmAction } from '../shared/confirm.js';
import { liveGuard, liveGuardPrecheck } from '../shared/live-guard.js';
import { UsageError } from '../../errors.js';
import { parseText } from '../shared/validate.js';

export interface ApiOptions {
  data?: string[];
  expand?: string[];
  idempotencyKey?: string;
  all?: boolean;
  live?: boolean;
}

export function parseApiRequest(method: string, path: string, opts: ApiOptions): RawRequest & { all: boolean } {
  const m = parseMethod(method);
  const p = parsePath(path);
  const pairs = (opts.data ?? []).map(parsePair);
  const expand = (opts.expand ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  if (opts.idempotencyKey !== undefined) {
    parseText(opts.idempotencyKey, '--idempotency-key', 255);
    if (m !== 'POST') throw new UsageError('--idempotency-key only applies to POST requests.');
  }
  if (opts.all && m !== 'GET') throw new UsageError('--all pages through a list: use it with get.');
  return { method: m, path: p, pairs, expand, idempotencyKey: opts.idempotencyKey, all: Boolean(opts.all) };
}

interface StripeErrorLike {
  raw?: unknown;
  type?: string;
}

export async function run(ctx: Context, method: string, path: string, opts: ApiOptions): Promise<void> {
  const req = parseApiRequest(method, path, opts);
  const action = `send ${req.method} ${req.path}`;
  if (req.method !== 'GET') liveGuardPrecheck(ctx, opts, action);
  if (req.method === 'DELETE') await confirmAction(ctx, `Send DELETE ${req.path}?`);
  if (req.method !== 'GET') await liveGuard(ctx, opts, action, req.path);
  const stripe = await ctx.stripe();
  try {
    if (req.all) {
      printJson(ctx.io, await sendRawAll(stripe, req));
      return;
    }
    const answer = await sendRaw(stripe, req);
    printJson(ctx.io, answer);
    if (isListPage(answer) && hasMore(answer)) {
      const last = answer.data[answer.data.length - 1]?.id;
      const next = answer.next_page_url ? 'the page token in next_page_url' : last ? `-d starting_after=${last}` : 'a cursor';
      ctx.io.err(ctx.io.color.dim(`More results exist: add --all to get every page, or ${next} for the next one.`));
    }
  } catch (err) {
    // Like `gh api`: the API's own error object is the answer, for scripts to read.
    const e = err as StripeErrorLike;
    if (typeof e.type === 'string' && e.type.startsWith('Stripe') && e.raw && typeof e.raw === 'object') {
      const { headers: _h, statusCode: _s, requestId: _r, ...body } = e.raw as Record<string, unknown>;
      printJson(ctx.io, { error: body });
    }
    throw err;
  }
}
