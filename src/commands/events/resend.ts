import type Stripe from 'stripe';
import { getEvent } from '../../api/events.js';
import type { Context } from '../../context.js';
import { ExitCode, FcError, NetworkError, UsageError } from '../../errors.js';
import { printJson, printTable } from '../../io/render.js';
import { deliver, eventPayload } from '../../webhooks/deliver.js';
import { deliveryLine } from '../../webhooks/line.js';
import { parseReceiverUrl } from '../../webhooks/match.js';
import { listenSecret } from '../../webhooks/secret.js';
import type { OutputFormat } from '../shared/output.js';
import { parseId } from '../shared/validate.js';
import { argument, defineCommand, option } from '../define.js';
import { pickEvent } from '../shared/pick.js';

export interface ResendOptions {
  to?: string;
  endpoint?: string;
  skipVerify?: boolean;
  format: OutputFormat;
}

/** `--to`: one signed POST from here, with the profile's `fc listen` secret, for a handler that was down. */
async function resendTo(ctx: Context, event: Stripe.Event, url: string, opts: ResendOptions): Promise<void> {
  const secret = await listenSecret(ctx);
  const result = await deliver(url, eventPayload(event), secret, { insecure: Boolean(opts.skipVerify) });
  if (opts.format === 'json') printJson(ctx.io, { event: event.id, type: event.type, url, ok: result.ok, status: result.status, ms: result.ms, error: result.error });
  else ctx.io.out(deliveryLine(ctx.io, { at: new Date(), type: event.type, id: event.id, result }));
  if (result.status === null) {
    const tls = result.error?.startsWith('TLS');
    throw new NetworkError(`${url} did not answer (${result.error}).`, tls ? 'For a local self-signed certificate, add --skip-verify.' : 'Start your handler, then run this again.');
  }
  if (!result.ok) throw new FcError(`Your handler answered ${result.status}.`, ExitCode.api, 'It should answer 2xx once it has the event; a signature failure means it holds another secret than fc listen --print-secret.');
}

/** Without `--to`: the API sends it again to webhook endpoints (POST /v1/events/:id/retry, what `stripe events resend` calls). */
async function resendToEndpoints(ctx: Context, stripe: Stripe, event: Stripe.Event, opts: ResendOptions): Promise<void> {
  const endpointId = opts.endpoint;
  let endpoints: Stripe.WebhookEndpoint[];
  if (endpointId) {
    endpoints = [await stripe.webhookEndpoints.retrieve(endpointId)];
  } else {
    const all: Stripe.WebhookEndpoint[] = [];
    for await (const e of stripe.webhookEndpoints.list({ limit: 100 })) all.push(e);
    endpoints = all.filter((e) => e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(event.type)));
    if (endpoints.length === 0) {
      throw new UsageError(
        `No enabled webhook endpoint takes ${event.type}. Pass --to <url> to send it to a handler directly (signed with the fc listen secret).`,
      );
    }
  }
  for (const e of endpoints) await stripe.rawRequest('POST', `/v1/events/${event.id}/retry`, { webhook_endpoint: e.id });
  if (opts.format === 'json') {
    printJson(ctx.io, endpoints.map((e) => ({ event: event.id, webhook_endpoint: e.id, url: e.url, queued: true })));
    return;
  }
  printTable(
    ctx.io,
    ['Endpoint', 'URL', 'Delivery'],
    endpoints.map((e) => [e.id, e.url, 'queued']),
  );
  ctx.io.err(ctx.io.color.dim(`${event.id} (${event.type}) goes out again to ${endpoints.length === 1 ? 'this endpoint' : 'these endpoints'}; on fc's sandbox, a running fc sandbox serve or fc listen sends it.`));
}

export async function resend(ctx: Context, id: string, opts: ResendOptions): Promise<void> {
  parseId(id, ['evt'], '<evt_…>', 'event');
  const url = opts.to !== undefined ? parseReceiverUrl(opts.to, '--to') : undefined;
  if (opts.endpoint !== undefined) parseId(opts.endpoint, ['we'], '--endpoint', 'webhook endpoint');
  if (url && opts.endpoint) throw new UsageError('Give --to <url> or --endpoint <we_…>, not both.');
  const stripe = await ctx.stripe();
  const event = await getEvent(stripe, id);
  if (url) await resendTo(ctx, event, url, opts);
  else await resendToEndpoints(ctx, stripe, event, opts);
}

export default defineCommand({
  description: 'send an event again: to your handler (--to, signed like fc listen) or to webhook endpoints',
  args: [argument('[evt_…]', 'event id (asked for on a terminal when left out)')],
  options: [
    option('--to <url>', 'POST it to this handler, signed with the fc listen secret'),
    option('--endpoint <we_…>', 'only to this webhook endpoint (default: every enabled endpoint that takes its type)'),
    option('--skip-verify', 'with --to: accept any TLS certificate from an https:// handler'),
  ],
  examples: ['fc events resend evt_123 --to http://localhost:4242/webhook', 'fc events resend evt_123', 'fc events resend evt_123 --endpoint we_123'],
  run: async (ctx, id, opts) => resend(ctx, id ?? (await pickEvent(ctx, { missing: '<evt_…>: the event to send again' })), opts),
});
