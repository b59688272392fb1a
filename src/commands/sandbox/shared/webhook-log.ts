import type { WebhookDelivery } from '../../../sandbox/server.js';
import type { IO } from '../../../io/io.js';
import { clockTime, deliveryLine as line } from '../../../webhooks/line.js';

type Delivered = Parameters<NonNullable<WebhookDelivery['onDelivery']>>[0];

function ms(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (!v || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** FC_SANDBOX_WEBHOOK_RETRY_MS (first retry, doubling) and FC_SANDBOX_WEBHOOK_TIMEOUT_MS. */
export function webhookDeliveryFromEnv(env: NodeJS.ProcessEnv): Pick<WebhookDelivery, 'retryBaseMs' | 'timeoutMs'> {
  return { retryBaseMs: ms(env, 'FC_SANDBOX_WEBHOOK_RETRY_MS'), timeoutMs: ms(env, 'FC_SANDBOX_WEBHOOK_TIMEOUT_MS') };
}

export function deliveryLine(io: IO, d: Delivered): string {
  const retry =
    d.result.ok ? `to ${d.endpoint.id}` : d.nextAt === null ? `to ${d.endpoint.id}; giving up` : `to ${d.endpoint.id}; retry ${d.attempt + 1} at ${clockTime(new Date(d.nextAt))}`;
  return line(io, { at: new Date(), type: d.event.type, id: d.event.id, result: d.result, note: retry });
}
