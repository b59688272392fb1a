import { getEvent, listEvents } from '../../api/events.js';
import type { Context } from '../../context.js';
import { printDetails, printJson } from '../../io/render.js';
import { formatTimestamp } from '../../io/format.js';
import { forDisplay } from '../../io/sanitize.js';
import { outputFormat } from '../shared/output.js';
import { parseId, parseLimit } from '../shared/validate.js';
import { parseTypeFilter } from './filter.js';
import { objectIdOf, printEventTable } from './render.js';

export interface ListOptions {
  type?: string;
  limit: string;
  all?: boolean;
}

export async function run(ctx: Context, opts: ListOptions): Promise<void> {
  const format = outputFormat(ctx);
  const filter = parseTypeFilter(opts.type);
  const limit = parseLimit(opts.limit);
  const stripe = await ctx.stripe();
  const events = await listEvents(stripe, filter, { limit, all: Boolean(opts.all) });
  if (format === 'json') printJson(ctx.io, events);
  else printEventTable(ctx.io, events);
}

export async function get(ctx: Context, id: string): Promise<void> {
  const format = outputFormat(ctx);
  parseId(id, ['evt'], '<evt_…>', 'event');
  let event = await getEvent(await ctx.stripe(), id);
  if (format === 'json') {
    printJson(ctx.io, event);
    return;
  }
  event = forDisplay(event);
  printDetails(ctx.io, `Event ${event.id}`, [
    ['Type', event.type],
    ['Object', objectIdOf(event)],
    ['Created', formatTimestamp(event.created)],
    ['Request', event.request?.id ?? null],
    ['API version', event.api_version],
  ]);
  ctx.io.out(JSON.stringify(event.data.object, null, 2));
}
