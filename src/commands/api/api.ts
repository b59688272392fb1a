import { hasMore, isListPage, parseMethod, parsePair, parsePath, sendRaw, sendRawAll, type RawRequest } from '../../api/raw.js';
import { printJson } from '../../io/render.js';
import { redactSecrets } from '../../io/sanitize.js';
import { confirmAction } from '../shared/confirm.js';
import { liveGuard, liveGuardPrecheck } from '../shared/live-guard.js';
import { UsageError } from '../../errors.js';
import { parseText } from '../shared/validate.js';
import { argument, defineCommand, option } from '../define.js';

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

export default defineCommand({
  description: 'send any request to the Stripe API (or the sandbox) and print the JSON answer',
  args: [
    argument('<method>', 'get, post or delete'),
    argument('<path>', 'API path, e.g. /v1/customers or /v1/financial_connections/accounts/fca_123'),
  ],
  options: [
    option('-d, --data <key=value>', "a parameter in Stripe's bracket notation (repeatable)", { repeat: true }),
    option('-e, --expand <field>', 'expand a field of the answer (repeatable, or comma-separated)', { repeat: true }),
    option('--idempotency-key <key>', 'Idempotency-Key for a POST: the same key and parameters never act twice'),
    option('--all', 'on a list endpoint: follow every page and print one JSON array'),
    option('--live', 'confirm a live-mode POST or DELETE in scripts (with --yes)'),
  ],
  examples: [
    'fc api get /v1/customers -d limit=3',
    'fc api get /v1/financial_connections/accounts -d account_holder[customer]=cus_123 --expand data.ownership',
    'fc api post /v1/customers -d email=jenny@example.com --idempotency-key signup-42',
    'fc api get /v1/events --all | jq length',
    'fc api delete /v1/customers/cus_123 --yes',
    'fc api get /v1/balance --stripe-account acct_123',
  ],
  help: `
Prints the API's JSON answer on stdout (with --all, one array of every item). A list
with more pages says so on stderr. DELETE asks first (--yes in scripts).
`,
  run: async (ctx, method, path, opts) => {
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
        const page = answer.next_page_url ? new URL(answer.next_page_url, 'http://api.local').searchParams.get('page') : null;
        const next = page ? `-d page=${page}` : answer.next_page_url ? 'the page token in next_page_url' : last ? `-d starting_after=${last}` : 'a cursor';
        ctx.io.err(ctx.io.color.dim(`More results exist: add --all to get every page, or ${next} for the next one.`));
      }
    } catch (err) {
      // Like `gh api`: the API's own error object is the answer, for scripts to read.
      const e = err as StripeErrorLike;
      if (typeof e.type === 'string' && e.type.startsWith('Stripe') && e.raw && typeof e.raw === 'object') {
        const { headers: _h, statusCode: _s, requestId: _r, ...body } = e.raw as Record<string, unknown>;
        // A server may echo the Authorization header in its message: the key must not reach stdout (CI logs) that way.
        printJson(ctx.io, { error: JSON.parse(redactSecrets(JSON.stringify(body))) as unknown });
      }
      throw err;
    }
  },
});
