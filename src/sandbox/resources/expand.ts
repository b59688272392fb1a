import type { RequestContext } from '../context.js';
import type { Store } from '../store.js';
import { invalidRequest } from '../wire/errors.js';
import { isObject, type RawObject } from '../wire/params.js';

/** Stored object type for each id prefix an expandable field can hold. */
const TYPE_BY_PREFIX: [string, string][] = [
  ['cus_', 'customer'],
  ['pm_', 'payment_method'],
  ['py_', 'charge'],
  ['pi_', 'payment_intent'],
  ['mandate_', 'mandate'],
  ['seti_', 'setup_intent'],
  ['fca_', 'financial_connections.account'],
  ['txn_', 'balance_transaction'],
  ['re_', 'refund'],
];

function load(store: Store, id: string): RawObject {
  const type = TYPE_BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1];
  const found = type ? store.get<RawObject>(type, id) : undefined;
  // A deleted customer expands to its tombstone, as on Stripe.
  if (!found && type === 'customer') return { id, object: 'customer', deleted: true };
  return found ?? { id };
}

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}

function expandAt(store: Store, target: RawObject, segments: string[], path: string): void {
  const [head, ...rest] = segments;
  if (!head || !(head in target)) throw cannotExpand(path);
  let value = target[head];
  if (typeof value === 'string') {
    value = load(store, value);
    target[head] = value;
  }
  if (rest.length === 0 || value === null) return;
  if (!isObject(value)) throw cannotExpand(path);
  expandAt(store, value, rest, path);
}

/** A path `allowed` names, or one that starts with an allowed field and goes deeper (`latest_charge.payment_method`). */
function permitted(path: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => path === a || (!a.includes('.') && path.startsWith(`${a}.`)));
}

/**
 * Applies `expand[]` to a response. The path must start with one of `allowed`
 * (an allowed path with a dot is allowed exactly); deeper segments
 * (`latest_charge.payment_method`) expand whatever id they reach.
 */
export function expandObject<T extends object>(ctx: RequestContext, obj: T, allowed: readonly string[]): T {
  const paths = ctx.params.strArray('expand') ?? [];
  if (paths.length === 0) return obj;
  const copy = structuredClone(obj) as unknown as RawObject;
  for (const path of paths) {
    if (!permitted(path, allowed)) throw cannotExpand(path);
    expandAt(ctx.store, copy, path.split('.'), path);
  }
  return copy as unknown as T;
}

/** `expand[]=data.x` on a list applies `x` to every item; a path it cannot take fails even on an empty page. */
export function expandList<T extends object>(ctx: RequestContext, items: T[], allowed: readonly string[]): T[] {
  const paths = ctx.params.strArray('expand') ?? [];
  if (paths.length === 0) return items;
  const itemPaths = paths.map((p) => {
    if (!p.startsWith('data.') || !permitted(p.slice(5), allowed)) throw cannotExpand(p);
    return p.slice(5);
  });
  return items.map((item) => {
    const copy = structuredClone(item) as unknown as RawObject;
    for (const path of itemPaths) expandAt(ctx.store, copy, path.split('.'), `data.${path}`);
    return copy as unknown as T;
  });
}
