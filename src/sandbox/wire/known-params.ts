import table from '../spec/known-params.json' with { type: 'json' };
import { isObject } from './params.js';

type Node = true | { [name: string]: Node };
const TABLE = table as Record<string, Record<string, Node>>;

/** `/v1/customers/:customer` → `/v1/customers/{}`, the key shape of the derived table. */
export function routeKey(method: string, routePath: string): string {
  return `${method} ${routePath.replace(/:[a-z_]+/g, '{}')}`;
}

function walk(value: unknown, allowed: Node, name: string): string | undefined {
  if (allowed === true) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = walk(value[i], allowed, `${name}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childName = name ? `${name}[${key}]` : key;
    // qs leaves over-long arrays as objects with numeric keys: treat them as elements.
    if (/^\d+$/.test(key)) {
      const bad = walk(child, allowed, childName);
      if (bad) return bad;
      continue;
    }
    const next = allowed[key];
    if (next === undefined) return childName;
    const bad = walk(child, next, childName);
    if (bad) return bad;
  }
  return undefined;
}

/**
 * The first parameter the endpoint does not accept, in Stripe's bracket spelling,
 * or undefined. Endpoints the spec extract does not cover accept anything.
 */
export function findUnknownParam(method: string, routePath: string, params: Record<string, unknown>): string | undefined {
  const allowed = TABLE[routeKey(method, routePath)];
  if (!allowed) return undefined;
  return walk(params, allowed, '');
}
