import type Stripe from 'stripe';
import { pageOf } from './page.js';

/**
 * Events (API.md §10): listing with a type filter, and the polling loop behind
 * `fc events follow`. `type` takes one name or a `group.*` wildcard; several
 * names go as `types[]`.
 */
export type StripeEvent = Stripe.Event;

export interface EventFilter {
  /** One name or wildcard (`financial_connections.account.*`). */
  type?: string;
  /** Several exact names (at most 20). */
  types?: string[];
}

function filterParams(f: EventFilter): Pick<Stripe.EventListParams, 'type' | 'types'> {
  if (f.types?.length) return { types: f.types };
  return f.type ? { type: f.type } : {};
}

export async function listEvents(stripe: Stripe, f: EventFilter, q: { limit: number; all: boolean }): Promise<StripeEvent[]> {
  const list = stripe.events.list({ ...filterParams(f), limit: q.all ? 100 : q.limit });
  if (!q.all) return pageOf(await list);
  const out: StripeEvent[] = [];
  for await (const e of list) out.push(e);
  return out;
}

export function getEvent(stripe: Stripe, id: string): Promise<StripeEvent> {
  return stripe.events.retrieve(id);
}

/** The newest matching event, where following starts (nothing older is printed). */
export async function newestEvent(stripe: Stripe, f: EventFilter): Promise<StripeEvent | undefined> {
  return (await stripe.events.list({ ...filterParams(f), limit: 1 })).data[0];
}

/**
 * Every matching event newer than `after` (all of them when `after` is
 * undefined), oldest first. `ending_before` pages walk towards the newest, a
 * page of up to 100 at a time, so a burst of events is never cut short.
 */
export async function eventsAfter(stripe: Stripe, f: EventFilter, after: string | undefined): Promise<StripeEvent[]> {
  if (after === undefined) {
    const all: StripeEvent[] = [];
    for await (const e of stripe.events.list({ ...filterParams(f), limit: 100 })) all.push(e);
    return all.reverse();
  }
  const out: StripeEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await stripe.events.list({ ...filterParams(f), limit: 100, ending_before: cursor });
    // Each page is newest first; it holds the events just after the cursor.
    out.push(...[...page.data].reverse());
    if (!page.has_more || page.data.length === 0) return out;
    cursor = page.data[0]!.id;
  }
}
