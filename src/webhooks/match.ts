import { UsageError } from '../errors.js';
import eventTypes from '../sandbox/spec/event-types.json' with { type: 'json' };
import { shown } from '../validate.js';
import { nearestNames } from '../similar.js';

/** Every event type Stripe sends (stripe-node's own list), so a typo in --events is refused rather than matching nothing. */
const KNOWN = new Set<string>(eventTypes);
/** The groups a `--events x.*` may name: every dotted prefix of a known type. */
const GROUPS = new Set<string>([...KNOWN].flatMap((k) => k.split('.').slice(1).map((_, i) => `${k.split('.').slice(0, i + 1).join('.')}.*`)));

function unknownType(flag: string, t: string, candidates: Set<string>): UsageError {
  const near = nearestNames(t, candidates, Math.max(3, Math.floor(t.length / 4)));
  return new UsageError(`${flag}: ${shown(t)} is not a Stripe event type.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`);
}

const NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;
const GROUP = /^(?:[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.)?\*$/;

/** A well-formed name or `group.*` that Stripe never sends is refused, with the nearest ones. */
export function checkKnownEventType(t: string, flag: string): void {
  if (NAME.test(t) && !KNOWN.has(t)) throw unknownType(flag, t, KNOWN);
  if (t !== '*' && GROUP.test(t) && !GROUPS.has(t)) throw unknownType(flag, t, GROUPS);
}

/** `--events a.b,c.*`: a matcher over event types (every type when the flag is absent). */
export function parseEventList(value: string | undefined, flag = '--events'): (type: string) => boolean {
  if (value === undefined) return () => true;
  const items = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  if (items.length === 0) throw new UsageError(`${flag} needs event types such as payment_intent.succeeded or financial_connections.account.*.`);
  for (const t of items) {
    if (!NAME.test(t) && !GROUP.test(t)) throw new UsageError(`${flag} must be event types such as payment_intent.succeeded or financial_connections.account.*, got ${shown(t)}.`);
    checkKnownEventType(t, flag);
  }
  const exact = new Set(items.filter((t) => !t.endsWith('*')));
  const prefixes = items.filter((t) => t.endsWith('*')).map((t) => t.slice(0, -1));
  return (type) => exact.has(type) || prefixes.some((p) => type.startsWith(p));
}

/** A receiver URL: absolute http(s); `localhost:4242/webhook` (as Stripe's docs write it for `stripe listen`) means http. */
export function parseReceiverUrl(value: string, flag: string): string {
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${flag} must be an http:// or https:// URL such as http://localhost:4242/webhook, got ${shown(value)}.`);
  }
  return url.href;
}
