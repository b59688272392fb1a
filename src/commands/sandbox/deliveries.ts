import { formatTimestamp } from '../../io/format.js';
import { forDisplay } from '../../io/sanitize.js';
import { printJson, printTable } from '../../io/render.js';
import { parseId, parseInteger } from '../shared/validate.js';
import { sandboxClient } from './shared/require.js';
import { defineCommand, option } from '../define.js';

export interface WebhookDelivery {
  object: 'sandbox.webhook_delivery';
  id: number;
  event: string;
  event_type: string | null;
  webhook_endpoint: string;
  url: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  created: number;
  next_attempt_at: number | null;
  resend: boolean;
}

/** The sandbox's webhook deliveries, newest first: the part of Stripe's Dashboard that shows attempts. */
export default defineCommand({
  description: "the sandbox's webhook deliveries: endpoint, attempts, your handler's last answer, next retry",
  options: [option('--event <evt_…>', 'only the deliveries of this event'), option('--limit <n>', 'how many, 1-1000', { default: '20' })],
  examples: ['fc sandbox deliveries', 'fc sandbox deliveries --event evt_123 --json'],
  help: `
Deliveries go to endpoints made with POST /v1/webhook_endpoints; fc sandbox serve (or fc listen on
the embedded sandbox) sends them, retrying with back-off. fc events resend <evt_…> queues one again.
`,
  run: async (ctx, opts) => {
    const limit = parseInteger(opts.limit ?? '20', '--limit', 1, 1000);
    if (opts.event !== undefined) parseId(opts.event, ['evt'], '--event', 'event');
    const stripe = await sandboxClient(ctx, 'deliveries');
    const query = new URLSearchParams({ limit: String(limit), ...(opts.event ? { event: opts.event } : {}) });
    const res = (await stripe.rawRequest('GET', `/_sandbox/webhook_deliveries?${query}`)) as unknown as { data: WebhookDelivery[] };
    if (opts.format === 'json') {
      printJson(ctx.io, res.data);
      return;
    }
    const rows = forDisplay(res.data);
    printTable(
      ctx.io,
      ['Event', 'Type', 'Endpoint URL', 'Status', 'Attempts', 'Last answer', 'Next attempt'],
      rows.map((d) => [
        d.event,
        d.event_type ?? '—',
        d.url ?? `${d.webhook_endpoint} (deleted)`,
        d.resend ? `${d.status} (resend)` : d.status,
        d.attempts,
        d.last_response_status !== null ? String(d.last_response_status) : (d.last_error ?? '—'),
        d.next_attempt_at !== null ? formatTimestamp(d.next_attempt_at, { seconds: true }) : '—',
      ]),
      'No webhook deliveries yet. Register an endpoint: fc api post /v1/webhook_endpoints -d url=http://127.0.0.1:4242/webhook -d "enabled_events[]=*"',
    );
  },
});
