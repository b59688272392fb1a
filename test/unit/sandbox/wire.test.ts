import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { parseSearchQuery } from '../../../src/sandbox/resources/customers.js';
import { stripeFor } from '../../helpers/stripe-client.js';

let sandbox: RunningSandbox;
let stripe: Stripe;

async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    body,
    headers: { Authorization: 'Bearer sk_test_wire', 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

beforeEach(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:' });
  stripe = stripeFor(sandbox, 'sk_test_wire');
});
afterEach(async () => sandbox.close());

describe('form decoding', () => {
  it('accepts nested hashes and every array spelling stripe-node and curl use', async () => {
    for (const body of [
      'email=a%40b.co&metadata[plan]=gold&preferred_locales[0]=en&preferred_locales[1]=fr',
      'email=a%40b.co&metadata%5Bplan%5D=gold&preferred_locales[]=en&preferred_locales[]=fr',
      'email=a%40b.co&metadata%5Bplan%5D=gold&preferred_locales%5B%5D=en&preferred_locales%5B%5D=fr',
    ]) {
      const r = await raw('POST', '/v1/customers', body);
      expect(r.status).toBe(200);
      expect(r.json.metadata).toEqual({ plan: 'gold' });
      expect(r.json.preferred_locales).toEqual(['en', 'fr']);
    }
  });

  it('reads v2 bodies as JSON', async () => {
    const r = await raw('POST', '/v2/core/accounts', JSON.stringify({ contact_email: 'x@y.co', configuration: { customer: {} } }), {
      'Content-Type': 'application/json',
    });
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('v2.core.account');
    // Not included, and nothing unset, is sent: v2 leaves fields out rather than null.
    expect('configuration' in r.json).toBe(false);
    expect(JSON.stringify(r.json)).not.toContain('null');
  });
});

describe('auth and errors', () => {
  it('answers 401 without a key and for live keys, with a Request-Id', async () => {
    const none = await fetch(`${sandbox.url}/v1/customers`);
    expect(none.status).toBe(401);
    expect(none.headers.get('request-id')).toMatch(/^req_/);
    const live = await raw('GET', '/v1/customers', undefined, { Authorization: 'Bearer sk_live_abc' });
    expect(live.status).toBe(401);
    expect(live.json.error.message).toMatch(/live mode keys are refused/);
    const rk = await raw('GET', '/v1/customers', undefined, { Authorization: 'Bearer rk_test_abc' });
    expect(rk.status).toBe(200);
  });

  it('answers unknown routes like Stripe', async () => {
    const r = await raw('GET', '/v1/nope');
    expect(r.status).toBe(404);
    expect(r.json.error.type).toBe('invalid_request_error');
    expect(r.json.error.message).toMatch(/Unrecognized request URL/);
  });

  it('maps errors to stripe-node error classes with code and param', async () => {
    await expect(stripe.customers.retrieve('cus_missing')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      statusCode: 404,
    });
    await expect(stripe.customers.create({ email: 'nope' })).rejects.toMatchObject({ param: 'email', statusCode: 400 });
  });
});

describe('pagination', () => {
  it('lists newest first with limit, starting_after, ending_before and has_more', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email: `p${i}@x.co` })).id);
    const newestFirst = [...ids].reverse();
    const page1 = await stripe.customers.list({ limit: 2 });
    expect(page1.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.has_more).toBe(true);
    expect(page1.url).toBe('/v1/customers');
    const page2 = await stripe.customers.list({ limit: 2, starting_after: page1.data[1]!.id });
    expect(page2.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    const last = await stripe.customers.list({ limit: 2, starting_after: page2.data[1]!.id });
    expect(last.data.map((c) => c.id)).toEqual(newestFirst.slice(4));
    expect(last.has_more).toBe(false);
    const back = await stripe.customers.list({ limit: 2, ending_before: newestFirst[3]! });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(1, 3));
    expect(back.has_more).toBe(true);
    const all: string[] = [];
    for await (const c of stripe.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual(newestFirst);
  });

  it('validates limit and cursors', async () => {
    await expect(stripe.customers.list({ limit: 0 })).rejects.toMatchObject({ param: 'limit' });
    await expect(stripe.customers.list({ limit: 101 })).rejects.toMatchObject({ param: 'limit' });
    await expect(stripe.customers.list({ starting_after: 'cus_nope' })).rejects.toMatchObject({ code: 'resource_missing', param: 'starting_after' });
    await expect(stripe.customers.list({ starting_after: 'cus_a', ending_before: 'cus_b' })).rejects.toMatchObject({ code: 'parameters_exclusive' });
  });
});

describe('idempotency', () => {
  it('replays the stored response for the same key and params', async () => {
    const a = await raw('POST', '/v1/customers', 'email=i%40x.co', { 'Idempotency-Key': 'k-1' });
    const b = await raw('POST', '/v1/customers', 'email=i%40x.co', { 'Idempotency-Key': 'k-1' });
    expect(b.json).toEqual(a.json);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.headers.get('request-id')).not.toBe(a.headers.get('request-id'));
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it('rejects the same key with different params', async () => {
    await raw('POST', '/v1/customers', 'email=i%40x.co', { 'Idempotency-Key': 'k-2' });
    const r = await raw('POST', '/v1/customers', 'email=j%40x.co', { 'Idempotency-Key': 'k-2' });
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('idempotency_error');
    await expect(stripe.customers.create({ email: 'j@x.co' }, { idempotencyKey: 'k-2' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
    });
  });

  it('does not store validation failures, so a corrected retry with the key works', async () => {
    const bad = await raw('POST', '/v1/customers', 'email=bad', { 'Idempotency-Key': 'k-3' });
    expect(bad.status).toBe(400);
    const good = await raw('POST', '/v1/customers', 'email=good%40x.co', { 'Idempotency-Key': 'k-3' });
    expect(good.status).toBe(200);
  });
});

describe('customers', () => {
  it('searches by email and name substring', async () => {
    await stripe.customers.create({ email: 'jenny@example.com', name: 'Jenny Rosen' });
    await stripe.customers.create({ email: 'bob@example.com', name: 'Bob' });
    const byEmail = await stripe.customers.search({ query: "email:'jenny@example.com'" });
    expect(byEmail.data.map((c) => c.name)).toEqual(['Jenny Rosen']);
    const byName = await stripe.customers.search({ query: "name~'ros'" });
    expect(byName.data).toHaveLength(1);
    const either = await stripe.customers.search({ query: "email:'bob@example.com' OR name:'Jenny Rosen'" });
    expect(either.data).toHaveLength(2);
  });

  it('parses the search grammar and rejects what it does not understand', () => {
    expect(parseSearchQuery("email:'a@b.co' AND metadata['k']:'v'")).toEqual({
      clauses: [
        { field: 'email', op: ':', value: 'a@b.co' },
        { field: 'metadata.k', op: ':', value: 'v' },
      ],
      join: 'AND',
    });
    expect(() => parseSearchQuery('email=foo')).toThrow(/Invalid search query/);
    expect(() => parseSearchQuery("email:'a' AND name:'b' OR phone:'c'")).toThrow(/cannot be mixed/);
  });

  it('updates and deletes, recording events', async () => {
    const c = await stripe.customers.create({ email: 'u@x.co' });
    const u = await stripe.customers.update(c.id, { name: 'Updated', metadata: { a: '1' } });
    expect(u).toMatchObject({ name: 'Updated', metadata: { a: '1' } });
    const d = await stripe.customers.del(c.id);
    expect(d).toEqual({ id: c.id, object: 'customer', deleted: true });
    const events = await stripe.events.list({ type: 'customer.*' });
    expect(events.data.map((e) => e.type)).toEqual(['customer.deleted', 'customer.updated', 'customer.created']);
  });
});

describe('clock', () => {
  it('moves forward with the advance helper and is shared through the store', async () => {
    const before = sandbox.forKey('sk_test_wire').clock.now();
    await stripe.rawRequest('POST', '/_sandbox/clock/advance', { ms: 86_400_000 });
    expect(sandbox.forKey('sk_test_wire').clock.now() - before).toBeGreaterThanOrEqual(86_400);
    const c = await stripe.customers.create({ email: 'later@x.co' });
    expect(c.created - before).toBeGreaterThanOrEqual(86_400);
  });
});

describe('unknown parameters (from the OpenAPI extract)', () => {
  it('rejects them like Stripe, naming the parameter', async () => {
    const top = await raw('POST', '/v1/customers', 'email=a%40b.co&favourite_colour=blue');
    expect(top.status).toBe(400);
    expect(top.json.error).toMatchObject({ code: 'parameter_unknown', param: 'favourite_colour' });
    const nested = await raw('POST', '/v1/customers', 'email=a%40b.co&address[planet]=mars');
    expect(nested.json.error).toMatchObject({ code: 'parameter_unknown', param: 'address[planet]' });
    const query = await raw('GET', '/v1/customers?created[around]=5');
    expect(query.json.error).toMatchObject({ code: 'parameter_unknown', param: 'created[around]' });
  });

  it('accepts free-form hashes and what stripe-node 23 sends beyond the 2023 spec', async () => {
    const ok = await raw('POST', '/v1/customers', 'email=a%40b.co&metadata[anything]=x&expand[0]=invoice_settings.default_payment_method');
    expect(ok.status).toBe(200);
  });
});
