import type Stripe from 'stripe';
import type { RequestLogEntry } from '../../sandbox/store.js';
import { printJson, printTable } from '../../io/render.js';
import { parseInteger } from '../shared/validate.js';
import { sandboxClient } from './shared/require.js';
import { defineCommand, option } from '../define.js';


/**
 * The sandbox's most recent requests, oldest first. A served sandbox keeps the
 * last 10,000 in memory (all of them with --log-requests); the embedded one lives
 * only as long as one fc command, so it shows what --log-requests persisted.
 */
export default defineCommand({
  description: "the sandbox's most recent requests: method, path, status, request id",
  options: [
    option('--limit <n>', 'how many, 1-10000', { default: '50' }),
  ],
  examples: ['fc --api-base http://127.0.0.1:12111 sandbox log', 'fc sandbox log --limit 200 --json'],
  run: async (ctx, opts) => {
    const limit = parseInteger(opts.limit ?? '50', '--limit', 1, 10_000);
    const stripe: Stripe = await sandboxClient(ctx, 'log');
    const res = (await stripe.rawRequest('GET', `/_sandbox/requests?limit=${limit}`)) as unknown as { data: RequestLogEntry[] };
    // This very request is the last one logged: it is not news.
    const rows = res.data.filter((r) => r.path !== '/_sandbox/requests');
    if (opts.format === 'json') {
      printJson(ctx.io, rows);
      return;
    }
    printTable(
      ctx.io,
      ['Time', 'Method', 'Path', 'Status', 'Request id', 'Note'],
      rows.map((r) => [new Date(r.at).toISOString().replace('T', ' ').slice(0, 23), r.method, r.path, r.status, r.request_id, r.fault ?? '']),
      'No requests logged. `fc sandbox serve` keeps its recent ones; --log-requests (FC_SANDBOX_LOG_REQUESTS=1) keeps them all.',
    );
  },
});
