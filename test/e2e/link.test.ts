import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { useSandbox } from '../helpers/cli.js';

/** fc link's paths that need no browser: checks before sending, timeouts, finished sessions, real-key prerequisites. */
describe('fc link without a browser', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  let customer: string;
  beforeAll(async () => {
    env = await useSandbox();
    customer = (await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'jenny.rosen@example.com'])).id;
  });
  afterAll(async () => env.stop());

  it('fc link rejects bad flags with exit 2 before sending anything', async () => {
    const cases: [string[], RegExp][] = [
      [['--customer', customer, '--port', '70000'], /--port must be a whole number from 0 to 65535/],
      [['--customer', customer, '--timeout', '0'], /--timeout/],
      [['--customer', customer, '--permissions', 'bogus'], /allowed values: balances, ownership, payment_method, transactions/],
      [['--no-open'], /--customer <cus_…> or --customer-account <acct_…>/],
      [['fcsess_123', '--customer', customer], /either a session/],
      [['cus_123'], /must be a Financial Connections Session id/],
    ];
    for (const [args, message] of cases) {
      const before = env.requestCount();
      const r = await env.fc(['link', '--no-open', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(env.requestCount(), args.join(' ')).toBe(before);
    }
  });

  it('fails on a busy --port before creating a session', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const before = env.requestCount();
      const r = await env.fc(['link', '--no-open', '--customer', customer, '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--port ${port} is already in use`);
      expect(env.requestCount()).toBe(before);
    } finally {
      busy.close();
    }
  });

  it('times out with a clear message and exit 5, still pending, and shuts the page down', async () => {
    const r = await env.fc(['link', '--no-open', '--customer', customer, '--timeout', '1']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43} to link accounts/);
    expect(r.stderr).toContain('Timed out after 1s waiting for the link flow; nothing was linked yet');
    expect(r.stderr).toMatch(/fc link fcsess_\w+/);
    expect(r.stdout).toBe('');
  });

  it('prints the accounts of a session that already finished its flow', async () => {
    const s = await env.fcJson<Stripe.FinancialConnections.Session>(['sessions', 'create', '--customer', customer, '--permissions', 'payment_method']);
    await env.fcJson(['sandbox', 'complete', s.id, '--accounts', 'savings']);
    const accounts = await env.fcJson<Stripe.FinancialConnections.Account[]>(['link', s.id, '--no-open']);
    expect(accounts.map((a) => a.display_name)).toEqual(['Savings']);
  });

  it('needs a publishable key with a real Stripe key, before anything is sent', async () => {
    const r = await env.fc(['link', '--no-open', '--customer', customer], { env: { FC_API_BASE: undefined, STRIPE_API_KEY: 'sk_test_123' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('publishable key');
    expect(r.stderr).toContain('fc config login --publishable-key pk_test_');
  });
});
