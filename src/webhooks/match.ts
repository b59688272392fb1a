import { UsageError } from '../errors.js';
import { shown } from '../validate.js';

const NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;
const GROUP = /^(?:[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.)?\*$/;

/** `--events a.b,c.*`: a matcher over event types (every type when the flag is absent). */
export function parseEventList(value: string | undefined, flag = '--events'): (type: string) => boolean {
  if (value === undefined) return () => true;
  const items = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  if (items.length === 0) throw new UsageError(`${flag} needs event types such as payment_intent.succeeded or financial_connections.account.*.`);
  for (const t of items) {
    if (!NAME.test(t) && !GROUP.test(t)) throw new UsageError(`${flag} must be event types such as payment_intent.succeeded or financial_connections.account.*, got ${shown(t)}.`);
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
