import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { stripeFor } from '../../helpers/stripe-client.js';

// expand[] opens the ids an object holds; a path it cannot open is Stripe's 400, never ignored.
describe('expand[] on customers', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dbPath: ':memory:' });
  });
  afterAll(() => sandbox.close());
  const get = (path: string, key = 'sk_test_expand') => fetch(`${sandbox.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });

  it('a path a customer cannot expand is a 400 naming it, on an object, on a list, and on an empty list', async () => {
    const stripe = stripeFor(sandbox, 'sk_test_expand');
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    for (const path of [`/v1/customers/${customer.id}?expand[]=bogus`, '/v1/customers?expand[]=data.bogus', '/v1/customers?expand[]=bogus']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const { error } = (await res.json()) as { error: { type: string; message: string } };
      expect(error.type).toBe('invalid_request_error');
      expect(error.message).toMatch(/^This property cannot be expanded \((data\.)?bogus\)\.$/);
    }
    const empty = await get('/v1/customers?expand[]=data.bogus', 'sk_test_expand_nobody');
    expect(empty.status).toBe(400);
  });

  it('what it holds expands: stripe-node gets the customer with invoice_settings.default_payment_method opened', async () => {
    const stripe = stripeFor(sandbox, 'sk_test_expand_pm');
    const customer = await stripe.customers.create({ email: 'sam@example.com' });
    const same = await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method', 'default_source'] });
    expect(same.id).toBe(customer.id);
    const list = await stripe.customers.list({ expand: ['data.default_source'] });
    expect(list.data.map((c) => c.id)).toEqual([customer.id]);
  });
});
