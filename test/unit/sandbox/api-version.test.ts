import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { stripeFor } from '../../helpers/stripe-client.js';

describe('Stripe-Version', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dbPath: ':memory:' });
  });
  afterAll(() => sandbox.close());
  const get = (version?: string) =>
    fetch(`${sandbox.url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_versions', ...(version ? { 'Stripe-Version': version } : {}) } });

  it.each(['banana', '1999-01-01', '2026-10-28.banana', '2026-13-45'])('Stripe-Version %s is refused with 400 and Stripe\'s error object', async (v) => {
    const res = await get(v);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^Invalid Stripe API version: /);
  });

  it('a released version is accepted and echoed; none means the sandbox\'s own', async () => {
    const older = await get('2026-01-28.clover');
    expect(older.status).toBe(200);
    expect(older.headers.get('stripe-version')).toBe('2026-01-28.clover');
    expect((await get('2026-10-28.preview')).status).toBe(200);
    expect((await get()).headers.get('stripe-version')).toBe('2026-10-28.endive');
  });

  it("stripe-node's pinned version works and a bad one fails as StripeInvalidRequestError", async () => {
    const ok = stripeFor(sandbox, 'sk_test_versions');
    expect((await ok.customers.list()).object).toBe('list');
    const bad = new Stripe('sk_test_versions', {
      host: sandbox.host,
      port: sandbox.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      apiVersion: 'banana' as Stripe.StripeConfig['apiVersion'],
    });
    await expect(bad.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
