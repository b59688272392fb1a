import { eventsAfter, newestEvent, type EventFilter, type StripeEvent } from '../../api/events.js';
import type { Context } from '../../context.js';
import { NetworkError, toFcError } from '../../errors.js';
import { outputFormat } from '../shared/output.js';
import { parseInterval, parseTypeFilter } from './filter.js';
import { eventLine } from './render.js';
import { printJson } from '../../io/render.js';
import { forDisplay } from '../../io/sanitize.js';

export interface FollowOptions {
  type?: string;
  interval?: string;
}

export interface FollowDeps {
  sleep?: (ms: number) => Promise<void>;
  /** Stops the loop (tests); the CLI runs until SIGINT ends the process. */
  signal?: AbortSignal;
}

const sleepFor = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Polls for events newer than the newest one seen and prints each once, oldest
 * first. Only events that happen after it starts are printed. A network hiccup
 * is reported and polling goes on; any other error ends it.
 */
export async function run(ctx: Context, opts: FollowOptions, deps: FollowDeps = {}): Promise<void> {
  const format = outputFormat(ctx);
  const filter: EventFilter = parseTypeFilter(opts.type);
  const intervalMs = Math.round(parseInterval(opts.interval) * 1000);
  const sleep = deps.sleep ?? ((ms: number) => sleepFor(ms, deps.signal));
  const stripe = await ctx.stripe();

  let cursor = (await newestEvent(stripe, filter))?.id;
  const what = filter.type ?? filter.types?.join(', ') ?? 'all events';
  ctx.io.err(ctx.io.color.dim(`Following ${what}${cursor ? ` after ${cursor}` : ''}; press Ctrl-C to stop.`));

  const print = (e: StripeEvent) => (format === 'json' ? printJson(ctx.io, e, 0) : ctx.io.out(eventLine(ctx.io, forDisplay(e))));
  let failing = false;
  while (!deps.signal?.aborted) {
    await sleep(intervalMs);
    if (deps.signal?.aborted) break;
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
}
