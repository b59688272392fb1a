import type { Store } from './store.js';
import type { StripeEvent } from './event-shape.js';
import { newId } from './ids.js';
import { queueDeliveries } from './webhooks/endpoints.js';

export type { StripeEvent } from './event-shape.js';

import { SANDBOX_API_VERSION } from './wire/version.js';

export { SANDBOX_API_VERSION };

/**
 * Records an event; every state change the sandbox makes is visible through GET
 * /v1/events. Called inside the change's transaction, it also queues one webhook
 * delivery per matching endpoint, so the event and its deliveries commit together.
 */
export function emitEvent(
  store: Store,
  now: number,
  type: string,
  object: unknown,
  opts: { previous?: Record<string, unknown>; requestId?: string; idempotencyKey?: string } = {},
): StripeEvent {
  const event: StripeEvent = {
    id: newId('evt'),
    object: 'event',
    api_version: SANDBOX_API_VERSION,
    created: now,
    data: opts.previous ? { object, previous_attributes: opts.previous } : { object },
    livemode: false,
    pending_webhooks: 0,
    request: { id: opts.requestId ?? null, idempotency_key: opts.idempotencyKey ?? null },
    type,
  };
  event.pending_webhooks = queueDeliveries(store, event, Date.now());
  store.insert({ id: event.id, type: 'event', parent: type, sort: now, data: event });
  return event;
}
