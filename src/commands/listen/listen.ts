import type Stripe from 'stripe';
import { eventsAfter, newestEvent } from '../../api/events.js';
import type { Context } from '../../context.js';
import { ApiError, NetworkError, toFcError } from '../../errors.js';
import { deliver, eventPayload } from '../../webhooks/deliver.js';
import { deliveryLine } from '../../webhooks/line.js';
import { parseEventList, parseReceiverUrl } from '../../webhooks/match.js';
import { listenSecret } from '../../webhooks/secret.js';
import { deliveryLine as sandboxDeliveryLine } from '../sandbox/shared/webhook-log.js';
import { defineCommand, option } from '../define.js';
import { parseInterval } from '../events/shared/filter.js';
import type { OutputFormat } from '../shared/output.js';

export interface ListenOptions {
  forwardTo?: string;
  events?: string;
  interval?: string;
  printSecret?: boolean;
  skipVerify?: boolean;
  format: OutputFormat;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Follows /v1/events — the same way against Stripe and the sandbox — and POSTs each
 * new event, signed with the profile's own secret, to the handler. Deliveries go one
 * at a time, oldest first; a failed one is reported, not retried (`fc events resend
 * --to` sends it again). Runs until the signal aborts.
 */
export async function listen(ctx: Context, opts: ListenOptions, signal: AbortSignal): Promise<void> {
  const { format } = opts;
  const url = opts.forwardTo !== undefined ? parseReceiverUrl(opts.forwardTo, '--forward-to') : undefined;
  const wanted = parseEventList(opts.events);
  // Polling a local sandbox costs nothing; Stripe's API gets one poll a second.
  const intervalMs = Math.round(parseInterval(opts.interval ?? (ctx.target().kind === 'stripe' ? '1' : '0.25')) * 1000);
  const secret = await listenSecret(ctx);
  // The secret is what the user asked to see: written around the output guard, which masks anything secret-shaped.
  if (opts.printSecret) {
    ctx.io.stdout.write(`${secret}\n`);
    return;
  }
  const io = ctx.io;
  // On the embedded sandbox this process is the long-lived one: it also sends to registered endpoints.
  ctx.sandboxWebhooks = { onDelivery: (d) => io.err(sandboxDeliveryLine(io, d)) };
  const stripe = await ctx.stripe();
  let cursor = (await newestEvent(stripe, {}))?.id;
  io.stderr.write(`Ready! Your webhook signing secret is ${io.color.bold(secret)} (the same every run for profile '${ctx.profileName()}').\n`);
  io.err(url ? `Forwarding ${opts.events ? `${opts.events} events` : 'every event'} to ${url}; press Ctrl-C to stop.` : 'Printing new events (add --forward-to <url> to deliver them); press Ctrl-C to stop.');

  let failing = false;
  let tlsHinted = false;
  while (!signal.aborted) {
    await sleep(intervalMs, signal);
    if (signal.aborted) break;
    let batch: Stripe.Event[];
    try {
      batch = await eventsAfter(stripe, {}, cursor);
    } catch (err) {
      const e = toFcError(err);
      if (e instanceof ApiError && e.code === 'resource_missing' && cursor !== undefined) {
        // The event we were following from is gone (`fc sandbox reset`, or expired): every event there is now is new.
        io.err(io.color.dim(`${cursor} no longer exists (the sandbox was reset?); forwarding every event from now on.`));
        cursor = undefined;
        continue;
      }
      if (!(e instanceof NetworkError)) throw e;
      if (!failing) io.err(io.color.yellow(`${e.message} Still trying every ${intervalMs / 1000}s…`));
      failing = true;
      continue;
    }
    if (failing) io.err(io.color.dim('Connected again.'));
    failing = false;
    for (const event of batch) {
      cursor = event.id;
      if (!wanted(event.type)) continue;
      if (format === 'json') io.out(JSON.stringify(event));
      if (!url) {
        if (format !== 'json') io.out(`${event.type}  ${event.id}`);
        continue;
      }
      const result = await deliver(url, eventPayload(event), secret, { signal, insecure: opts.skipVerify });
      if (signal.aborted && !result.status) break;
      if (result.error?.startsWith('TLS') && !tlsHinted) {
        tlsHinted = true;
        io.err(io.color.yellow(`${url} presents a certificate Node does not trust; for a local self-signed one, add --skip-verify.`));
      }
      const line = deliveryLine(io, { at: new Date(), type: event.type, id: event.id, result });
      // People see one line per delivery on stdout; with --json the events own stdout.
      if (format === 'json') io.err(line);
      else io.out(line);
    }
  }
  io.err(io.color.dim('Stopped listening.'));
}

export default defineCommand({
  description: 'forward new events, signed with a whsec_ secret, to your webhook handler (sandbox or Stripe)',
  options: [
    option('--forward-to <url>', 'your handler, e.g. http://localhost:4242/webhook (without it, events are only printed)'),
    option('--events <list>', 'only these types, comma-separated; group.* allowed (default: all)'),
    option('--interval <s>', 'seconds between polls for new events (default: 1 against Stripe, 0.25 on a sandbox)'),
    option('--print-secret', 'print the signing secret and exit'),
    option('--skip-verify', "accept any TLS certificate from an https:// handler (a local self-signed one)"),
  ],
  examples: [
    'fc listen --forward-to localhost:4242/webhook',
    'fc listen --forward-to http://localhost:4242/webhook --events financial_connections.account.*,payment_intent.succeeded',
    'export STRIPE_WEBHOOK_SECRET=$(fc listen --print-secret)',
  ],
  help: `
The secret is made once per profile and kept, so a handler's .env keeps working.
Each delivery is a POST of the event JSON with a Stripe-Signature header, exactly as
Stripe sends it: verify it with stripe.webhooks.constructEvent(rawBody, header, secret).
With --json, each event is printed as one JSON line on stdout (delivery lines go to stderr).
`,
  run: async (ctx, opts) => {
    // Ctrl-C ends listening: the loop winds down, says so, and fc exits 130.
    await listen(ctx, opts, ctx.lifecycle.claimInterrupt());
  },
});
