import type { RequestContext, Route } from '../context.js';
import { newId } from '../ids.js';
import { SandboxApiError } from '../wire/errors.js';
import { listV2Objects } from '../wire/list.js';
import { EMAIL_SHAPE, isObject, type RawObject } from '../wire/params.js';

/**
 * v2 Accounts configured as customers (`POST /v2/core/accounts`). v2 is JSON in and
 * out; include-dependent properties are null unless `include` names them.
 */
export interface V2Account {
  id: string;
  object: 'v2.core.account';
  applied_configurations: string[];
  closed: boolean;
  configuration: RawObject | null;
  contact_email: string | null;
  contact_phone: string | null;
  created: string;
  dashboard: string | null;
  defaults: RawObject | null;
  display_name: string | null;
  future_requirements: RawObject | null;
  identity: RawObject | null;
  livemode: boolean;
  metadata: Record<string, string>;
  requirements: RawObject | null;
}

const INCLUDABLE = [
  'configuration.customer',
  'configuration.merchant',
  'configuration.recipient',
  'defaults',
  'future_requirements',
  'identity',
  'requirements',
] as const;

/**
 * v2 errors. `invalid_fields` is the code v2 APIs answer a bad or missing field with
 * (stripe-node 23.1.0 cjs/Error.js, generateV2Error, maps it to StripeInvalidRequestError);
 * it is in no v1 list. A missing object is `resource_missing`, as in v1.
 */
function v2Error(status: number, code: string | undefined, message: string, param?: string): SandboxApiError {
  return new SandboxApiError(status, { type: 'invalid_request_error', code, message, param });
}

function readInclude(raw: unknown): string[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : isObject(raw) ? Object.values(raw) : [raw];
  for (const item of list) {
    if (typeof item !== 'string' || !(INCLUDABLE as readonly string[]).includes(item)) {
      throw v2Error(400, 'invalid_fields', `Invalid include value: ${String(item)}. Allowed: ${INCLUDABLE.join(', ')}.`, 'include');
    }
  }
  return list as string[];
}

/**
 * v2 objects leave out what is unset instead of sending `null`: stripe-node's v2
 * types (resources/V2/Core/Accounts.d.ts) have optional fields and not one `| null`.
 * The sandbox stores nulls (one shape to read) and drops them on the way out.
 */
export function omitUnset<T>(value: T): T {
  if (Array.isArray(value)) return value.map(omitUnset) as T;
  if (!isObject(value)) return value;
  const out: RawObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = omitUnset(v);
  return out as T;
}

/** Applies `include`: the stored object is complete; the response leaves out what was not asked for. */
function render(account: V2Account, include: string[]): V2Account {
  const out: V2Account = { ...account };
  const configs = include.filter((i) => i.startsWith('configuration.')).map((i) => i.slice('configuration.'.length));
  out.configuration = configs.length
    ? Object.fromEntries(configs.map((c) => [c, (account.configuration ?? {})[c] ?? null]))
    : null;
  for (const key of ['defaults', 'future_requirements', 'identity', 'requirements'] as const) {
    if (!include.includes(key)) out[key] = null;
  }
  return omitUnset(out);
}

function customerConfiguration(raw: unknown): RawObject {
  const c = isObject(raw) ? raw : {};
  return {
    applied: true,
    automatic_indirect_tax: {
      exempt: 'none',
      ip_address: null,
      location: null,
      location_source: null,
      ...(isObject(c.automatic_indirect_tax) ? c.automatic_indirect_tax : {}),
    },
    billing: {
      default_payment_method: null,
      invoice: { custom_fields: [], footer: null, next_sequence: 1, prefix: null, rendering: null },
      ...(isObject(c.billing) ? c.billing : {}),
    },
    capabilities: isObject(c.capabilities) ? c.capabilities : {},
    shipping: isObject(c.shipping) ? c.shipping : null,
    test_clock: typeof c.test_clock === 'string' ? c.test_clock : null,
  };
}

/** A field of the wrong JSON type is refused, as Stripe does, rather than quietly stored as null or {}. */
function checkShapes(raw: RawObject): void {
  for (const key of ['contact_email', 'contact_phone', 'display_name', 'dashboard']) {
    if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'string') {
      throw v2Error(400, 'invalid_fields', `Invalid ${key}: must be a string, got ${JSON.stringify(raw[key]).slice(0, 60)}.`, key);
    }
  }
  for (const key of ['configuration', 'defaults', 'identity', 'metadata']) {
    if (raw[key] !== undefined && raw[key] !== null && !isObject(raw[key])) {
      throw v2Error(400, 'invalid_fields', `Invalid ${key}: must be an object, got ${JSON.stringify(raw[key]).slice(0, 60)}.`, key);
    }
  }
  if (isObject(raw.metadata)) {
    for (const [k, v] of Object.entries(raw.metadata)) {
      if (typeof v !== 'string') throw v2Error(400, 'invalid_fields', `Invalid metadata.${k.slice(0, 40)}: must be a string.`, `metadata.${k.slice(0, 40)}`);
    }
  }
}

function createAccount(ctx: RequestContext): V2Account {
  const raw = ctx.params.raw;
  const known = new Set(['contact_email', 'contact_phone', 'display_name', 'dashboard', 'identity', 'configuration', 'defaults', 'metadata', 'include']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw v2Error(400, 'invalid_fields', `Unknown field: ${key}.`, key);
  }
  checkShapes(raw);
  const include = readInclude(raw.include);
  const email = raw.contact_email;
  if (email !== undefined && (typeof email !== 'string' || !EMAIL_SHAPE.test(email))) {
    throw v2Error(400, 'invalid_fields', `Invalid contact_email: ${String(email)}.`, 'contact_email');
  }
  const configuration = isObject(raw.configuration) ? raw.configuration : {};
  for (const key of Object.keys(configuration)) {
    if (!['customer', 'merchant', 'recipient'].includes(key)) {
      throw v2Error(400, 'invalid_fields', `Unknown configuration: ${key}.`, `configuration.${key}`);
    }
  }
  const applied = Object.keys(configuration);
  const stored: V2Account = {
    id: newId('acct'),
    object: 'v2.core.account',
    applied_configurations: applied,
    closed: false,
    configuration: {
      customer: 'customer' in configuration ? customerConfiguration(configuration.customer) : null,
      merchant: 'merchant' in configuration ? { applied: true, ...(isObject(configuration.merchant) ? configuration.merchant : {}) } : null,
      recipient: 'recipient' in configuration ? { applied: true, ...(isObject(configuration.recipient) ? configuration.recipient : {}) } : null,
    },
    contact_email: typeof email === 'string' ? email : null,
    contact_phone: typeof raw.contact_phone === 'string' ? raw.contact_phone : null,
    created: new Date(ctx.now * 1000).toISOString().replace('.000Z', 'Z'),
    dashboard: typeof raw.dashboard === 'string' ? raw.dashboard : 'none',
    defaults: {
      currency: 'usd',
      locales: ['en-US'],
      profile: null,
      // Required in stripe-node's v2 types; with no Stripe dashboard, Stripe collects.
      responsibilities: { fees_collector: 'stripe', losses_collector: 'stripe', requirements_collector: 'stripe' },
      ...(isObject(raw.defaults) ? raw.defaults : {}),
    },
    display_name: typeof raw.display_name === 'string' ? raw.display_name : null,
    future_requirements: null,
    identity: isObject(raw.identity) ? raw.identity : { country: 'us', entity_type: 'individual', business_details: null, individual: null },
    livemode: false,
    metadata: isObject(raw.metadata) ? (raw.metadata as Record<string, string>) : {},
    requirements: { entries: [], summary: null },
  };
  ctx.store.insert({ id: stored.id, type: 'v2.core.account', sort: ctx.now, data: stored });
  return render(stored, include);
}

export function getV2Account(ctx: RequestContext, id: string): V2Account | undefined {
  return ctx.store.get<V2Account>('v2.core.account', id);
}

function retrieveAccount(ctx: RequestContext): V2Account {
  const account = getV2Account(ctx, ctx.pathParams.id!);
  if (!account) throw v2Error(404, 'resource_missing', `No such account: '${ctx.pathParams.id}'`);
  return render(account, readInclude(ctx.params.raw.include));
}

function listAccounts(ctx: RequestContext) {
  return listV2Objects<V2Account>(ctx, '/v2/core/accounts', { type: 'v2.core.account' }, (a) => render(a, []), v2Error);
}

export const v2AccountRoutes: Route[] = [
  { method: 'POST', path: '/v2/core/accounts', handler: createAccount },
  { method: 'GET', path: '/v2/core/accounts', handler: listAccounts },
  { method: 'GET', path: '/v2/core/accounts/:id', handler: retrieveAccount },
];
