// Derives the sandbox's table of known request parameters from the copied OpenAPI
// subset (spec/openapi-subset.json), so the sandbox can answer `parameter_unknown`
// like Stripe. Output: src/sandbox/spec/known-params.json (committed; a unit test
// checks it matches a fresh derivation).
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);

/**
 * Parameters stripe-node 23.1.0 sends (cjs/resources/*.d.ts) that the 2023 spec predates
 * (shared/stripe/API.md §0, §5.1, §6, §7). Paths are dotted inside a parameter.
 */
export const OVERLAY = {
  'POST /v1/financial_connections/sessions': [
    'account_holder.customer_account',
    'filters.country',
    'filters.account_subcategories',
    'filters.require_payment_method_support',
    'limits.accounts',
    'manual_entry.mode',
  ],
  'GET /v1/financial_connections/accounts': ['account_holder.customer_account'],
  'POST /v1/payment_intents': ['allowed_payment_method_types', 'excluded_payment_method_types', 'customer_account'],
  'POST /v1/payment_intents/{}': ['allowed_payment_method_types', 'excluded_payment_method_types', 'customer_account'],
  'POST /v1/payment_intents/{}/confirm': ['allowed_payment_method_types', 'excluded_payment_method_types'],
  'POST /v1/setup_intents': ['allowed_payment_method_types', 'excluded_payment_method_types', 'customer_account'],
  'POST /v1/setup_intents/{}/confirm': ['allowed_payment_method_types', 'excluded_payment_method_types'],
  'GET /v1/payment_intents': ['customer_account'],
  'POST /v1/customers': ['business_name', 'individual_name'],
  'POST /v1/customers/{}': ['business_name', 'individual_name'],
};

/** A node is `true` (anything goes below) or an object of allowed child names. */
function node(schema) {
  if (!schema || typeof schema !== 'object') return true;
  const branches = schema.anyOf ?? schema.oneOf ?? [schema];
  let out = null;
  for (const b of branches) {
    if (b.type === 'array') return node(b.items);
    if (b.type === 'object' || b.properties) {
      if (b.additionalProperties || !b.properties) return true;
      out ??= {};
      for (const [k, v] of Object.entries(b.properties)) {
        const child = node(v);
        // Two branches describing one name: anything-goes wins, else their children merge.
        out[k] = out[k] === true || child === true ? true : { ...(out[k] ?? {}), ...child };
      }
    }
  }
  return out ?? true;
}

function addPath(tree, dotted) {
  const parts = dotted.split('.');
  let cur = tree;
  parts.forEach((p, i) => {
    if (cur === true) return;
    if (i === parts.length - 1) {
      cur[p] ??= true;
    } else {
      if (cur[p] === undefined) cur[p] = {};
      cur = cur[p];
    }
  });
}

export function derive(spec) {
  const table = {};
  for (const [path, ops] of Object.entries(spec.paths)) {
    const key = path.replace(/\{[^}]+\}/g, '{}');
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'delete'].includes(method)) continue;
      const tree = {};
      if (method === 'post') {
        const schema = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
        for (const [k, v] of Object.entries(schema?.properties ?? {})) tree[k] = node(v);
      } else {
        for (const p of op.parameters ?? []) if (p.in === 'query') tree[p.name] = node(p.schema);
      }
      table[`${method.toUpperCase()} ${key}`] = tree;
    }
  }
  for (const [route, extra] of Object.entries(OVERLAY)) {
    if (!table[route]) continue;
    for (const dotted of extra) addPath(table[route], dotted);
  }
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(readFileSync(new URL('spec/openapi-subset.json', root), 'utf8'));
  const table = derive(spec);
  writeFileSync(new URL('src/sandbox/spec/known-params.json', root), `${JSON.stringify(table)}\n`);
  console.log(`wrote ${Object.keys(table).length} endpoints to src/sandbox/spec/known-params.json`);
}
