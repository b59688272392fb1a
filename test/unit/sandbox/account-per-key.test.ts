import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { stripeFor } from '../../helpers/stripe-client.js';

const A = 'sk_test_aaaaaaaaaaaa';
const B = 'sk_test_bbbbbbbbbbbb';

describe('one sandbox account per API key', () => {
  let sandbox: RunningSandbox;
  let a: Stripe;
  let b: Stripe;
  const client = (key: string) => stripeFor(sandbox, key);
  /** What curl sees: status and parsed body. */
  const curl = async (key: string, method: string, path: string, body?: string) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeEach(async () => {
    sandbox = await startSandbox({ dbPath: ':memory:' });
    a = client(A);
    b = client(B);
  });
  afterEach(() => sandbox.close());

  it("lists only the key's own customers, and answers 404 resource_missing for another account's", async () => {
    const jenny = await curl(A, 'POST', '/v1/customers', 'email=jenny%40example.com');
    await curl(B, 'POST', '/v1/customers', 'email=bob%40example.com');
    const listA = await curl(A, 'GET', '/v1/customers');
    const listB = await curl(B, 'GET', '/v1/customers');
    expect(listA.body.data.map((c: Stripe.Customer) => c.email)).toEqual(['jenny@example.com']);
    expect(listB.body.data.map((c: Stripe.Customer) => c.email)).toEqual(['bob@example.com']);

    for (const [method, body] of [['GET'], ['POST', 'name=Mallory'], ['DELETE']] as const) {
      const r = await curl(B, method, `/v1/customers/${jenny.body.id}`, body);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'id' });
    }
    expect((await a.customers.retrieve(jenny.body.id as string)) as Stripe.Customer).toMatchObject({ email: 'jenny@example.com' });
    expect(((await a.customers.retrieve(jenny.body.id as string)) as Stripe.Customer).name).toBeNull();
  });

  it("a reset clears the caller's account only", async () => {
    const jenny = await a.customers.create({ email: 'jenny@example.com' });
    await b.customers.create({ email: 'bob@example.com' });
    expect((await curl(B, 'POST', '/_sandbox/reset')).status).toBe(200);
    expect((await b.customers.list()).data).toEqual([]);
    expect((await a.customers.list()).data.map((c) => c.id)).toEqual([jenny.id]);
  });

  it('keeps a clock per account', async () => {
    await curl(B, 'POST', '/_sandbox/clock/advance', 'ms=86400000');
    const clockA = (await curl(A, 'GET', '/_sandbox/clock')).body;
    const clockB = (await curl(B, 'GET', '/_sandbox/clock')).body;
    expect(clockA.offset_ms).toBe(0);
    expect(clockB.offset_ms).toBe(86_400_000);
  });

  it('scopes idempotency keys and events to the account', async () => {
    const first = await a.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'same-key' });
    const second = await b.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'same-key' });
    expect(second.id).not.toBe(first.id);
    expect(second.email).toBe('b@example.com');
    const eventsB = await b.events.list();
    expect(eventsB.data.map((e) => (e.data.object as Stripe.Customer).id)).toEqual([second.id]);
  });

  it('GET /v1/account answers for the key: one stable id per key', async () => {
    const accountA = await a.accounts.retrieveCurrent();
    const accountB = await b.accounts.retrieveCurrent();
    expect(accountA.id).toMatch(/^acct_[A-Za-z0-9]{16}$/);
    expect(accountB.id).not.toBe(accountA.id);
    expect((await a.accounts.retrieveCurrent()).id).toBe(accountA.id);
    expect(accountA).toMatchObject({ object: 'account', country: 'US', default_currency: 'usd', charges_enabled: true });
  });
});
