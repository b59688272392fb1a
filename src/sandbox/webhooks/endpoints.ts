import type Stripe from 'stripe';
import eventTypes from '../spec/event-types.json' with { type: 'json' };
import type { RequestContext, Route } from '../context.js';
import type { StripeEvent } from '../event-shape.js';
import { newId, randomToken } from '../ids.js';
import type { Store } from '../store.js';
import { invalidParam, invalidRequest, missingResource } from '../wire/errors.js';
import { listObjects } from '../wire/list.js';
import { checkApiVersion } from '../wire/version.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import { deleteForEndpoint, enqueue, recentDeliveries } from './outbox.js';

/**
 * `/v1/webhook_endpoints`, as Stripe has them. The stored row keeps the signing
 * secret; the API shows it only in the answer to the create, as Stripe does.
 */
export type WebhookEndpoint = Stripe.WebhookEndpoint;
type StoredEndpoint = WebhookEndpoint & { secret: string };

const TYPE = 'webhook_endpoint';
/** Every event type Stripe's API accepts in enabled_events (from stripe-node's own types). */
const KNOWN_EVENTS = new Set<string>(eventTypes);

function readUrl(p: Params, required: boolean): string | undefined {
  const url = required ? p.requireStr('url') : (p.str('url') ?? undefined);
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // Test mode takes plain http (a developer's localhost); anything else is not a webhook URL.
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || url.length > 2048) {
    throw invalidParam('url', `Invalid URL: ${url.slice(0, 100)}. A webhook endpoint needs an absolute http:// or https:// URL.`, 'url_invalid');
  }
  return url;
}

function readEvents(p: Params, required: boolean): string[] | undefined {
  const list = p.strArray('enabled_events');
  if (list === undefined || list.length === 0) {
    if (required || list !== undefined) throw invalidParam('enabled_events', 'Missing required param: enabled_events.', 'parameter_missing');
    return undefined;
  }
  list.forEach((t, i) => {
    if (t !== '*' && !KNOWN_EVENTS.has(t)) {
      throw invalidParam(
        `enabled_events[${i}]`,
        `Invalid enabled_events[${i}]: '${t.slice(0, 100)}' is not an event type. Use '*' for every event, or names such as financial_connections.account.refreshed_balance.`,
      );
    }
  });
  return [...new Set(list)];
}

/** An endpoint's api_version is checked as the Stripe-Version header is (Stripe refuses `banana` here too). */
function readApiVersion(p: Params): string | null {
  const v = p.str('api_version');
  if (v === undefined || v === null) return null;
  try {
    return checkApiVersion(v);
  } catch (err) {
    throw invalidParam('api_version', (err as Error).message);
  }
}

function readDescription(p: Params): string | null | undefined {
  const d = p.str('description');
  if (d && d.length > 5000) throw invalidParam('description', 'Invalid description: must be at most 5000 characters.');
  return d;
}

function shown(e: StoredEndpoint): WebhookEndpoint {
  const { secret: _secret, ...rest } = e;
  return rest as WebhookEndpoint;
}

function getStored(store: Store, id: string): StoredEndpoint {
  const e = store.get<StoredEndpoint>(TYPE, id);
  if (!e) throw missingResource('webhook_endpoint', id, 'id');
  return e;
}

/** Stripe's own limit per account in test mode. */
const MAX_ENDPOINTS = 16;

function createEndpoint(ctx: RequestContext): WebhookEndpoint {
  const p = ctx.params;
  if (ctx.store.count(TYPE) >= MAX_ENDPOINTS) {
    throw invalidRequest(`You have reached the maximum of ${MAX_ENDPOINTS} test webhook endpoints. Delete one (DELETE /v1/webhook_endpoints/:id) before adding another.`);
  }
  const url = readUrl(p, true)!;
  const enabled = readEvents(p, true)!;
  const endpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: readApiVersion(p),
    application: null,
    created: ctx.now,
    description: readDescription(p) ?? null,
    enabled_events: enabled,
    livemode: false,
    metadata: mergeMetadata({}, p.metadata()),
    secret: `whsec_${randomToken(32)}`,
    status: 'enabled',
    url,
  } as StoredEndpoint;
  ctx.store.insert({ id: endpoint.id, type: TYPE, sort: ctx.now, data: endpoint });
  return endpoint;
}

function updateEndpoint(ctx: RequestContext): WebhookEndpoint {
  const current = getStored(ctx.store, ctx.pathParams.id!);
  const p = ctx.params;
  const next: StoredEndpoint = { ...current };
  const url = readUrl(p, false);
  if (url !== undefined) next.url = url;
  const enabled = readEvents(p, false);
  if (enabled !== undefined) next.enabled_events = enabled;
  const description = readDescription(p);
  if (description !== undefined) next.description = description;
  if (p.has('metadata')) next.metadata = mergeMetadata(current.metadata, p.metadata());
  const disabled = p.bool('disabled');
  if (disabled !== undefined) next.status = disabled ? 'disabled' : 'enabled';
  ctx.store.put(TYPE, current.id, next);
  return shown(next);
}

function deleteEndpoint(ctx: RequestContext): Stripe.DeletedWebhookEndpoint {
  const current = getStored(ctx.store, ctx.pathParams.id!);
  ctx.store.delete(TYPE, current.id);
  // Undelivered events stop going out; their pending_webhooks keep counting the lost delivery, as on Stripe.
  deleteForEndpoint(ctx.store, current.id);
  return { id: current.id, object: 'webhook_endpoint', deleted: true };
}

export const webhookEndpointRoutes: Route[] = [
  { method: 'POST', path: '/v1/webhook_endpoints', handler: createEndpoint },
  { method: 'GET', path: '/v1/webhook_endpoints', handler: (ctx) => listObjects<StoredEndpoint>(ctx, '/v1/webhook_endpoints', { type: TYPE }, shown) },
  { method: 'GET', path: '/v1/webhook_endpoints/:id', handler: (ctx) => shown(getStored(ctx.store, ctx.pathParams.id!)) },
  { method: 'POST', path: '/v1/webhook_endpoints/:id', handler: updateEndpoint },
  { method: 'DELETE', path: '/v1/webhook_endpoints/:id', handler: deleteEndpoint },
];

export function endpointMatches(e: { status: string; enabled_events: string[] }, type: string): boolean {
  return e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type));
}

/** The endpoint with its secret, for the deliverer. */
export function endpointForDelivery(store: Store, id: string): StoredEndpoint | undefined {
  return store.get<StoredEndpoint>(TYPE, id);
}

/**
 * Queues one delivery per enabled endpoint that wants this event type; returns how
 * many, which is the event's pending_webhooks. Runs in the event's transaction.
 */
export function queueDeliveries(store: Store, event: { id: string; type: string }, wallMs: number): number {
  let n = 0;
  for (const e of store.all<StoredEndpoint>(TYPE)) {
    if (!endpointMatches(e, event.type)) continue;
    enqueue(store, e.id, event.id, wallMs);
    n++;
  }
  return n;
}

/**
 * `POST /v1/events/:id/retry` (what `stripe events resend` calls): one more delivery
 * of a stored event to an endpoint, whether or not the first one succeeded.
 */
function retryEvent(ctx: RequestContext): StripeEvent {
  const event = ctx.store.get<StripeEvent>('event', ctx.pathParams.id!);
  if (!event) throw missingResource('event', ctx.pathParams.id!, 'id');
  const endpointId = ctx.params.requireStr('webhook_endpoint');
  const endpoint = ctx.store.get<StoredEndpoint>(TYPE, endpointId);
  if (!endpoint) throw missingResource('webhook_endpoint', endpointId, 'webhook_endpoint');
  enqueue(ctx.store, endpoint.id, event.id, Date.now(), false);
  return event;
}

/** `fc sandbox deliveries`: what happened to each webhook delivery (Stripe shows this in its Dashboard). */
function listDeliveries(ctx: RequestContext) {
  const limit = ctx.params.int('limit') ?? 50;
  if (limit < 1 || limit > 1000) throw invalidParam('limit', `Invalid limit: must be an integer between 1 and 1000, got ${limit}.`, 'parameter_invalid_integer');
  const event = ctx.params.str('event') ?? undefined;
  const data = recentDeliveries(ctx.store, { event, limit }).map((r) => {
    const endpoint = ctx.store.get<StoredEndpoint>(TYPE, r.endpoint);
    return {
      object: 'sandbox.webhook_delivery',
      id: r.id,
      event: r.event,
      event_type: ctx.store.get<StripeEvent>('event', r.event)?.type ?? null,
      webhook_endpoint: r.endpoint,
      url: endpoint?.url ?? null,
      status: r.state,
      attempts: r.attempts,
      last_response_status: r.last_status,
      last_error: r.last_error,
      created: Math.floor(r.created_at / 1000),
      next_attempt_at: r.state === 'pending' ? Math.floor(r.next_at / 1000) : null,
      resend: r.counted === 0,
    };
  });
  return { object: 'list', url: '/_sandbox/webhook_deliveries', has_more: false, data };
}

export const eventRetryRoutes: Route[] = [
  { method: 'POST', path: '/v1/events/:id/retry', handler: retryEvent },
  { method: 'GET', path: '/_sandbox/webhook_deliveries', handler: listDeliveries },
];
