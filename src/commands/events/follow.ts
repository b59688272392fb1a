import { eventsAfter, newestEvent, type EventFilter, type StripeEvent } from '../../api/events.js';
import { NetworkError, toFcError } from '../../errors.js';
import { parseInterval, parseTypeFilter } from './shared/filter.js';
import { eventLine } from './shared/render.js';
import { printJson } from '../../io/render.js';
import { forDisplay } from '../../io/sanitize.js';
import { defineCommand, option } from '../define.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls for events newer than the newest one seen and prints each once, oldest
 * first. Only events that happen after it starts are printed. A network hiccup
 * is reported and polling goes on; any other error ends it.
 */
export default defineCommand({
  description: 'print new events as they arrive, until interrupted (Ctrl-C)',
  options: [
    option('--type <type>', 'only this type, a group like financial_connections.account.*, or several names comma-separated'),
    option('--interval <s>', 'seconds between polls', { default: '2' }),
  ],
  examples: ['fc events follow --type financial_connections.account.*', 'fc events follow --json | jq -r .type'],
  help: `
With --json, each event is one JSON object on its own line.
`,
  run: async (ctx, opts) => {
    const filter: EventFilter = parseTypeFilter(opts.type);
    const intervalMs = Math.round(parseInterval(opts.interval) * 1000);
    const stripe = await ctx.stripe();

    let cursor = (await newestEvent(stripe, filter))?.id;
    const what = filter.type ?? filter.types?.join(', ') ?? 'all events';
    ctx.io.err(ctx.io.color.dim(`Following ${what}${cursor ? ` after ${cursor}` : ''}; press Ctrl-C to stop.`));

    const print = (e: StripeEvent) => (opts.format === 'json' ? printJson(ctx.io, e, 0) : ctx.io.out(eventLine(ctx.io, forDisplay(e))));
    let failing = false;
    // Runs until Ctrl-C: SIGINT closes what fc opened and exits 130.
    for (;;) {
      await sleep(intervalMs);
      let batch: StripeEvent[];
      try {
        batch = await eventsAfter(stripe, filter, cursor);
      } catch (err) {
        const e = toFcError(err);
        if (!(e instanceof NetworkError)) throw e;
        if (!failing) ctx.io.err(ctx.io.color.yellow(`${e.message} Still trying every ${intervalMs / 1000}s…`));
        failing = true;
        continue;
      }
      if (failing) ctx.io.err(ctx.io.color.dim('Connected again.'));
      failing = false;
      for (const e of batch) print(e);
      if (batch.length) cursor = batch[batch.length - 1]!.id;
    }
  },
});
