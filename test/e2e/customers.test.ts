import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { runFc, tempHome, useSandbox } from '../helpers/cli.js';

describe('fc customers (built binary against a sandbox on port 0)', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  beforeAll(async () => {
    env = await useSandbox();
  });
  afterAll(async () => env.stop());

  it('creates, gets and lists a customer in JSON and as a table', async () => {
    const created = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen']);
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14,}$/);
    expect(created).toMatchObject({ object: 'customer', email: 'jenny@example.com', name: 'Jenny Rosen', livemode: false });

    const fetched = await env.fcJson<Stripe.Customer>(['customers', 'get', created.id]);
    expect(fetched).toEqual(created);

    const table = await env.fc(['customers', 'list', '--email', 'jenny@example.com']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(created.id);
    expect(table.stdout).toContain('Jenny Rosen');
    expect(table.stdout).toMatch(/ID\s+│\s+Email/);

    const list = await env.fcJson<Stripe.Customer[]>(['customers', 'list', '--email', 'jenny@example.com']);
    expect(list.map((c) => c.id)).toEqual([created.id]);
  });

  it('customers create --json prints only the object on stdout', async () => {
    const r = await env.fc(['customers', 'create', '--email', 'only@example.com', '--json']);
    expect(r.code).toBe(0);
    // stdout is exactly one JSON value: the customer just created, nothing before or after it.
    const customer = JSON.parse(r.stdout) as Stripe.Customer;
    expect(customer).toMatchObject({ object: 'customer', email: 'only@example.com' });
    expect(customer.id).toMatch(/^cus_/);
    expect((await env.fcJson<Stripe.Customer>(['customers', 'get', customer.id])).email).toBe('only@example.com');
  });

  it('pages through every customer with --all', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', `page${i}@example.com`])).id);
    const all = await env.fcJson<Stripe.Customer[]>(['customers', 'list', '--all']);
    const some = await env.fcJson<Stripe.Customer[]>(['customers', 'list', '--limit', '2']);
    expect(some).toHaveLength(2);
    // Every customer this test made is there (newest first), whatever other tests made before it.
    expect(all.map((c) => c.id)).toEqual(expect.arrayContaining(made));
    expect(all.slice(0, 2)).toEqual(some);
  });

  it('creates and gets a v2 customer-configured Account', async () => {
    const acct = await env.fcJson<{ id: string; object: string; applied_configurations: string[]; configuration: { customer: { applied: boolean } }; contact_email: string }>(
      ['customers', 'create', '--v2', '--email', 'acme@example.com', '--name', 'Acme Corp'],
    );
    expect(acct.id).toMatch(/^acct_/);
    expect(acct.object).toBe('v2.core.account');
    expect(acct.applied_configurations).toEqual(['customer']);
    expect(acct.configuration.customer.applied).toBe(true);
    expect(acct.contact_email).toBe('acme@example.com');
    const again = await env.fcJson<typeof acct>(['customers', 'get', acct.id]);
    expect(again.id).toBe(acct.id);
  });

  it('rejects a bad email with exit 2 and sends nothing', async () => {
    const before = env.requestCount();
    const r = await env.fc(['customers', 'create', '--email', 'not-an-email']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(env.requestCount()).toBe(before);
  });

  it('maps a missing customer to exit 1 with the API message and request id', async () => {
    const r = await env.fc(['customers', 'get', 'cus_doesnotexist']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No such customer: 'cus_doesnotexist'");
    expect(r.stderr).toMatch(/resource_missing/);
    expect(r.stderr).toMatch(/req_/);
  });

  it('exits 2 on unknown commands and flags, without a stack trace', async () => {
    for (const args of [['bogus'], ['customers', 'list', '--bogus'], ['customers', 'list', '--limit', '0'], ['customers', 'get', 'xyz']]) {
      const r = await env.fc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('keys and the embedded sandbox', () => {
  it('runs on the embedded sandbox when no key is configured, saying so once per FC_HOME and never into --json', async () => {
    const home = tempHome();
    try {
      const r = await runFc(home.path, ['customers', 'create', '--email', 'embedded@example.com', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).id).toMatch(/^cus_/);
      expect(r.stderr).not.toMatch(/embedded sandbox/);
      const first = await runFc(home.path, ['customers', 'list']);
      expect(first.stderr.match(/embedded sandbox/g)).toHaveLength(1);
      const second = await runFc(home.path, ['customers', 'list']);
      expect(second.stderr).not.toMatch(/embedded sandbox/);
      // State persists across processes: the next run sees the customer.
      const list = await runFc(home.path, ['customers', 'list', '--email', 'embedded@example.com', '--json']);
      expect(JSON.parse(list.stdout)).toHaveLength(1);
    } finally {
      home.cleanup();
    }
  });

  it('refuses a live key on the sandbox with exit 3, and accepts any test key', async () => {
    const home = tempHome();
    try {
      const live = await runFc(home.path, ['--sandbox', '--api-key', 'sk_live_x', 'customers', 'list']);
      expect(live.code).toBe(3);
      expect(live.stderr).toMatch(/live key/i);
      const test = await runFc(home.path, ['--sandbox', '--api-key', 'sk_test_anything', 'customers', 'list', '--json']);
      expect(test.code).toBe(0);
    } finally {
      home.cleanup();
    }
  });

  it('says once when STRIPE_API_KEY overrides a saved profile key', async () => {
    const home = tempHome();
    try {
      const login = await runFc(home.path, ['config', 'login', '--api-key', 'sk_test_profilekey1234']);
      expect(login.code).toBe(0);
      expect(login.stdout).toContain('sk_test_…1234');
      expect(login.stdout).not.toContain('profilekey');
      const r = await runFc(home.path, ['--sandbox', 'config', 'show'], { env: { STRIPE_API_KEY: 'sk_test_envkey5678' } });
      expect(r.code).toBe(0);
      expect(r.stderr.match(/overrides the key of profile 'default'/g)).toHaveLength(1);
      expect(r.stdout).toContain('sk_test_…5678');
      expect(r.stdout + r.stderr).not.toContain('envkey5678');
    } finally {
      home.cleanup();
    }
  });
});

describe('lists as CSV', () => {
  it('prints customers with a header row', async () => {
    const env = await useSandbox();
    try {
      await env.fcJson(['customers', 'create', '--email', 'csv@example.com', '--name', 'Jenny, "JR" Rosen']);
      const r = await env.fc(['customers', 'list', '--format', 'csv']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe('id,email,name,phone,created');
      expect(lines[1]).toMatch(/^cus_\w+,csv@example\.com,"Jenny, ""JR"" Rosen",,\d{4}-\d\d-\d\dT/);
    } finally {
      await env.stop();
    }
  });
});
