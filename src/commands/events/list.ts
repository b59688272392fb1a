import { listEvents } from '../../api/events.js';
import { printJson } from '../../io/render.js';
import { parseLimit } from '../shared/validate.js';
import { parseTypeFilter } from './shared/filter.js';
import { printEventTable } from './shared/render.js';
import { defineCommand, option } from '../define.js';
import { sayTruncated } from '../shared/list.js';

export default defineCommand({
  description: 'list events, newest first',
  options: [
    option('--type <type>', 'only this type, a group like financial_connections.account.*, or several names comma-separated'),
    option('--limit <n>', 'how many to show (1-100)', { default: '10' }),
    option('--all', 'page through every matching event (Stripe keeps 30 days)'),
  ],
  examples: [
    'fc events list --type financial_connections.account.*',
    'fc events list --type payment_intent.succeeded,payment_intent.payment_failed --json',
  ],
  run: async (ctx, opts) => {
    const filter = parseTypeFilter(opts.type);
    const limit = parseLimit(opts.limit);
    const stripe = await ctx.stripe();
    const events = await listEvents(stripe, filter, { limit, all: Boolean(opts.all) });
    if (opts.format === 'json') printJson(ctx.io, events);
    else printEventTable(ctx.io, events);
    sayTruncated(ctx, events, 'events');
  },
});
