import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFc, tempHome, useSandbox } from '../helpers/cli.js';

/** Paths a user takes that nothing else covers: the sandbox's clock and reset, one event, switching profiles. */
describe('fc sandbox advance and reset (against a sandbox on port 0)', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  beforeAll(async () => {
    env = await useSandbox({ settleDelayMs: 3_600_000, refreshDelayMs: 0 });
  });
  afterAll(async () => env.stop());

  it('advance moves the clock, so a processing payment settles; --json gives the new time', async () => {
    const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'clock@example.com', '--name', 'Jenny Rosen']);
    const sess = await env.fcJson<Stripe.FinancialConnections.Session>(['sessions', 'create', '--customer', cus.id, '--permissions', 'payment_method,ownership']);
    const done = await env.fcJson<Stripe.FinancialConnections.Session>(['sandbox', 'complete', sess.id, '--accounts', 'checking']);
    const fca = done.accounts.data[0]!.id;
    const pi = await env.fcJson<Stripe.PaymentIntent>(['pay', '--account', fca, '--customer', cus.id, '--amount', '100', '--mandate-ip', '192.0.2.10', '--yes', '--no-wait']);
    expect(pi.status).toBe('processing');

    const before = await env.fcJson<{ now: number }>(['sandbox', 'advance', '1s']);
    const r = await env.fc(['sandbox', 'advance', '1d2h']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Sandbox clock moved 1d2h ahead; it is now \d{4}-\d{2}-\d{2} \d{2}:\d{2}\.\n$/);
    const after = await env.fcJson<{ now: number }>(['sandbox', 'advance', '1s']);
    expect(after.now - before.now).toBeGreaterThanOrEqual(26 * 3600 + 1);
    expect((await env.fcJson<Stripe.PaymentIntent>(['payments', 'get', pi.id])).status).toBe('succeeded');
  });

  it('advance refuses a duration it cannot read, with exit 2', async () => {
    const r = await env.fc(['sandbox', 'advance', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/duration/i);
  });

  it('reset needs --yes off a terminal, then empties the sandbox', async () => {
    await env.fcJson(['customers', 'create', '--email', 'reset@example.com']);
    expect((await env.fcJson<Stripe.Customer[]>(['customers', 'list'])).length).toBeGreaterThan(0);
    const refused = await env.fc(['sandbox', 'reset']);
    expect(refused.code).toBe(2);
    expect((await env.fcJson<Stripe.Customer[]>(['customers', 'list'])).length).toBeGreaterThan(0);
    const r = await env.fc(['sandbox', 'reset', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The sandbox is empty again');
    expect(await env.fcJson<Stripe.Customer[]>(['customers', 'list'])).toEqual([]);
  });
});

describe('fc events get (against a sandbox on port 0)', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  beforeAll(async () => {
    env = await useSandbox();
  });
  afterAll(async () => env.stop());

  it('shows one event with its object; --json is the event; an unknown id is exit 1, a malformed one exit 2', async () => {
    const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'event@example.com']);
    const [event] = await env.fcJson<Stripe.Event[]>(['events', 'list', '--type', 'customer.created', '--limit', '1']);
    expect((event!.data.object as Stripe.Customer).id).toBe(cus.id);

    const table = await env.fc(['events', 'get', event!.id]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`Event ${event!.id}`);
    expect(table.stdout).toMatch(/Type\s+│ customer\.created/);
    expect(table.stdout).toContain(`"email": "event@example.com"`);

    const json = await env.fcJson<Stripe.Event>(['events', 'get', event!.id]);
    expect(json).toMatchObject({ id: event!.id, type: 'customer.created' });

    expect((await env.fc(['events', 'get', 'evt_doesnotexist000000000000'])).code).toBe(1);
    expect((await env.fc(['events', 'get', 'cus_123'])).code).toBe(2);
  });
});

describe('fc config use', () => {
  it('makes a saved profile the default, and names the saved ones when asked for one that does not exist', async () => {
    const home = tempHome();
    try {
      expect((await runFc(home.path, ['config', 'login', '--api-key', 'sk_test_aaaaaaaaaaaaaaaaaaaa1111', '--profile', 'work'])).code).toBe(0);
      expect((await runFc(home.path, ['config', 'login', '--api-key', 'sk_test_bbbbbbbbbbbbbbbbbbbb2222', '--profile', 'home'])).code).toBe(0);

      const use = await runFc(home.path, ['config', 'use', 'work']);
      expect(use.code, use.stderr).toBe(0);
      expect(use.stderr).toContain("Profile 'work' is now the default.");
      const profiles = await runFc(home.path, ['config', 'profiles', '--json']);
      const rows = JSON.parse(profiles.stdout) as { name: string; current: boolean }[];
      expect(rows.filter((p) => p.current).map((p) => p.name)).toEqual(['work']);

      const missing = await runFc(home.path, ['config', 'use', 'play']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('"play" does not exist');
      expect(missing.stderr).toMatch(/home.*work|work.*home/);
    } finally {
      home.cleanup();
    }
  });
});
