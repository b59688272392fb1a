import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox/index.js';
import { deliveriesOf } from '../../../src/sandbox/webhooks/outbox.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';
import { startReceiver } from '../../helpers/receiver.js';
import { stripeError } from './fc-setup.js';
import { stripeFor } from '../../helpers/stripe-client.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(opts: { dbPath?: string; retryBaseMs?: number; settleDelayMs?: number } = {}) {
  const sandbox = await startSandbox({
    dbPath: opts.dbPath ?? ':memory:',
    settings: { settleDelayMs: opts.settleDelayMs ?? 60_000 },
    webhooks: { retryBaseMs: opts.retryBaseMs ?? 50, intervalMs: 25 },
  });
  const stripe = stripeFor(sandbox, 'sk_test_webhooks');
  return { sandbox, stripe };
}

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fc-wh-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'sandbox.db');
}

describe('webhook endpoints', () => {
  it('are created, read, updated and deleted through stripe-node; the secret is shown on create only', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    const we = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['payment_intent.succeeded'], description: 'mine' });
    expect(we.id).toMatch(/^we_/);
    expect(we.object).toBe('webhook_endpoint');
    expect(we.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(we.status).toBe('enabled');
    const got = await stripe.webhookEndpoints.retrieve(we.id);
    expect(got.secret).toBeUndefined();
    expect(got.enabled_events).toEqual(['payment_intent.succeeded']);
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toEqual([we.id]);
    expect(listed.data[0]!.secret).toBeUndefined();
    const updated = await stripe.webhookEndpoints.update(we.id, { disabled: true, enabled_events: ['*'] });
    expect(updated.status).toBe('disabled');
    expect(updated.enabled_events).toEqual(['*']);
    const deleted = await stripe.webhookEndpoints.del(we.id);
    expect(deleted).toEqual({ id: we.id, object: 'webhook_endpoint', deleted: true });
    expect((await stripeError(stripe.webhookEndpoints.retrieve(we.id))).code).toBe('resource_missing');
  });

  it('stop at Stripe\'s 16 per account', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    for (let i = 0; i < 16; i++) await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:9/${i}`, enabled_events: ['*'] });
    const err = await stripeError(stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/17', enabled_events: ['*'] }));
    expect(err.message).toContain('maximum of 16');
    expect((await stripe.webhookEndpoints.list({ limit: 100 })).data).toHaveLength(16);
  });

  it('refuse a URL that is not http or https, an event type Stripe does not have, and no events', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    const badUrl = await stripeError(stripe.webhookEndpoints.create({ url: 'ftp://example.com/x', enabled_events: ['*'] }));
    expect(badUrl.param).toBe('url');
    const badType = await stripeError(
      stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/', enabled_events: ['customer.created', 'payment_intent.exploded' as never] }),
    );
    expect(badType.param).toBe('enabled_events[1]');
    expect(badType.message).toContain('payment_intent.exploded');
    const none = await stripeError(stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/' } as never));
    expect(none.param).toBe('enabled_events');
  });

  it('take a released api_version and refuse a malformed or unknown one, as the Stripe-Version header is', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    const ok = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/', enabled_events: ['*'], api_version: '2026-01-28.clover' as never });
    expect(ok.api_version).toBe('2026-01-28.clover');
    for (const bad of ['banana', '1999-01-01']) {
      const err = await stripeError(stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/', enabled_events: ['*'], api_version: bad as never }));
      expect(err.statusCode).toBe(400);
      expect(err.param).toBe('api_version');
      expect(err.message).toContain(bad);
    }
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([ok.id]);
  });
});

describe('webhook deliveries', () => {
  it('POST each matching event, signed so that stripe-node constructEvent accepts it; pending_webhooks counts down', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    const we = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created', 'customer.updated'] });
    secret = we.secret;
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    const created = (await stripe.events.list({ type: 'customer.created', limit: 1 })).data[0]!;
    expect(created.data.object).toMatchObject({ id: customer.id });
    await receiver.waitFor(() => receiver.verified().length === 1);
    const event = receiver.verified()[0]!;
    expect(event.id).toBe(created.id);
    expect(event.type).toBe('customer.created');
    expect(receiver.received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // The timestamp is real time, so a receiver's tolerance check holds.
    const t = Number(/t=(\d+)/.exec(receiver.received[0]!.signature)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    await receiver.waitFor(() => deliveriesOf(sandbox.store, created.id)[0]?.state === 'delivered');
    expect((await stripe.events.retrieve(created.id)).pending_webhooks).toBe(0);
    expect(created.pending_webhooks).toBe(1);

    expect((await stripe.events.list({ delivery_success: true })).data.map((e) => e.id)).toContain(created.id);
    expect((await stripe.events.list({ delivery_success: false })).data.map((e) => e.id)).not.toContain(created.id);
    // customer.deleted is not enabled: recorded, not sent.
    await stripe.customers.del(customer.id);
    const deletedEvent = (await stripe.events.list({ type: 'customer.deleted', limit: 1 })).data[0]!;
    expect(deletedEvent.pending_webhooks).toBe(0);
    expect(deliveriesOf(sandbox.store, deletedEvent.id)).toEqual([]);
  });

  it('signs with the wall clock, so a receiver\'s tolerance check passes after the sandbox clock moved 30 days', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    secret = (await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] })).secret;
    await stripe.rawRequest('POST', '/_sandbox/clock/advance', { ms: 30 * 86_400_000 });
    await stripe.customers.create({ email: 'jenny@example.com' });
    await receiver.waitFor(() => receiver.received.length === 1);
    // constructEvent's default tolerance is 300 s: it accepted the delivery although the event is dated 30 days ahead.
    expect(receiver.received[0]!.status).toBe(200);
    expect(receiver.verified()[0]!.created).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
  });

  it('a receiver holding a different secret rejects the delivery', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    const receiver = await startReceiver(() => 'whsec_someoneelse');
    cleanups.push(() => receiver.close());
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    await stripe.customers.create({ email: 'jenny@example.com' });
    await receiver.waitFor(() => receiver.received.length >= 1);
    expect(receiver.verified()).toEqual([]);
    expect(receiver.received[0]!.error).toMatch(/signature/i);
  });

  it('retries a receiver that answers 500 twice: the same event id arrives three times, then it is delivered', async () => {
    const { sandbox, stripe } = await open({ retryBaseMs: 100 });
    cleanups.push(() => sandbox.close());
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret, [500, 500]);
    cleanups.push(() => receiver.close());
    secret = (await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] })).secret;
    await stripe.customers.create({ email: 'jenny@example.com' });
    await receiver.waitFor(() => receiver.received.some((r) => r.status === 200));
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.verified().map((e) => e.id)).size).toBe(1);
    const id = receiver.verified()[0]!.id;
    await receiver.waitFor(() => deliveriesOf(sandbox.store, id)[0]?.state !== 'pending');
    expect(deliveriesOf(sandbox.store, id)[0]).toMatchObject({ state: 'delivered', attempts: 3, last_status: 200 });
  });

  it('a delivery that failed before a restart is sent by the next process that serves the store', async () => {
    const dbPath = tempDb();
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret, [503]);
    cleanups.push(() => receiver.close());
    const first = await open({ dbPath, retryBaseMs: 60_000 });
    secret = (await first.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] })).secret;
    await first.stripe.customers.create({ email: 'jenny@example.com' });
    await receiver.waitFor(() => receiver.received.length === 1);
    await first.sandbox.close();
    expect(receiver.received.map((r) => r.status)).toEqual([503]);

    // The retry is due in a minute; a new process honours the persisted schedule, so bring it forward as time would.
    const { SandboxDb } = await import('../../../src/sandbox/index.js');
    const store = new SandboxDb(dbPath);
    store.db.prepare('UPDATE webhook_outbox SET next_at = 0').run();
    store.close();
    const second = await open({ dbPath });
    cleanups.push(() => second.sandbox.close());
    await receiver.waitFor(() => receiver.received.length === 2);
    expect(receiver.received.map((r) => r.status)).toEqual([503, 200]);
    expect(receiver.verified()[1]!.id).toBe(receiver.verified()[0]!.id);
  });

  it('settling an ACH debit delivers payment_intent.succeeded with no request to the sandbox', async () => {
    const { sandbox, stripe } = await open({ settleDelayMs: 1_000 });
    cleanups.push(() => sandbox.close());
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    secret = (
      await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['payment_intent.processing', 'payment_intent.succeeded'] })
    ).secret;
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    const fca = seedFcAccount(sandbox.forKey('sk_test_webhooks'), { customer: customer.id });
    const pi = await stripe.paymentIntents.create({
      amount: 100,
      currency: 'usd',
      customer: customer.id,
      allowed_payment_method_types: ['us_bank_account'],
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'Jenny Rosen' } },
      confirm: true,
      mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '71.183.194.54', user_agent: 'test' } } },
    });
    expect(pi.status).toBe('processing');
    const requests = sandbox.store.requestLog().length;
    await receiver.waitFor(() => receiver.verified().some((e) => e.type === 'payment_intent.succeeded'));
    expect(receiver.verified().map((e) => e.type)).toEqual(['payment_intent.processing', 'payment_intent.succeeded']);
    expect(receiver.verified().every((e) => (e.data.object as { id: string }).id === pi.id)).toBe(true);
    expect(sandbox.store.requestLog().length).toBe(requests);
  });

  it('POST /v1/events/:id/retry sends a stored event to an endpoint again', async () => {
    const { sandbox, stripe } = await open();
    cleanups.push(() => sandbox.close());
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    const we = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    secret = we.secret;
    await stripe.customers.create({ email: 'jenny@example.com' });
    await receiver.waitFor(() => receiver.verified().length === 1);
    const id = receiver.verified()[0]!.id;
    await stripe.rawRequest('POST', `/v1/events/${id}/retry`, { webhook_endpoint: we.id });
    await receiver.waitFor(() => receiver.verified().length === 2);
    expect(receiver.verified()[1]!.id).toBe(id);
  });
});

describe('two processes serving one store', () => {
  it('send each delivery once: a claimed row is leased to the process sending it', async () => {
    const dbPath = tempDb();
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    const a = await open({ dbPath });
    cleanups.push(() => a.sandbox.close());
    const b = await open({ dbPath });
    cleanups.push(() => b.sandbox.close());
    secret = (await a.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] })).secret;
    for (let i = 0; i < 10; i++) await (i % 2 ? a : b).stripe.customers.create({ email: `c${i}@example.com` });
    await receiver.waitFor(() => receiver.verified().length >= 10);
    await new Promise((r) => setTimeout(r, 300));
    const ids = receiver.verified().map((e) => e.id);
    expect(ids.length).toBe(10);
    expect(new Set(ids).size).toBe(10);
  });
});

describe('deliver', () => {
  it('gives up on a receiver that does not answer in time, and reaches ports fetch refuses', async () => {
    const http = await import('node:http');
    const { deliver } = await import('../../../src/webhooks/deliver.js');
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => { silent.closeAllConnections(); silent.close(() => r()); }));
    const port = (silent.address() as { port: number }).port;
    const slow = await deliver(`http://127.0.0.1:${port}/`, '{}', 'whsec_x', { timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, status: null, error: 'timed out' });
    // 6000 is on the Fetch standard's bad-port list; a developer's handler may still listen there.
    const ok = http.createServer((_req, res) => res.end('ok'));
    const listening = await new Promise<boolean>((r) => ok.once('error', () => r(false)).listen(6000, '127.0.0.1', () => r(true)));
    if (listening) {
      cleanups.push(() => new Promise<void>((r) => ok.close(() => r())));
      expect(await deliver('http://127.0.0.1:6000/hook', '{}', 'whsec_x')).toMatchObject({ ok: true, status: 200 });
    }
  });
});
