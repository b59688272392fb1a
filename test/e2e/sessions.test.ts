import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { useSandbox } from '../helpers/cli.js';

type Session = Stripe.FinancialConnections.Session;

describe('fc sessions and fc sandbox complete (built binary against a sandbox on port 0)', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  let customer: string;
  beforeAll(async () => {
    env = await useSandbox();
    customer = (await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'jenny.rosen@example.com'])).id;
  });
  afterAll(async () => env.stop());

  it('creates a session with every option and gets it back in JSON', async () => {
    const created = await env.fcJson<Session>([
      'sessions', 'create', '--customer', customer,
      '--permissions', 'balances,ownership,payment_method,transactions', '--prefetch', 'balances',
      '--country', 'us', '--account-subcategories', 'checking,savings', '--return-url', 'https://example.com/done',
    ]);
    expect(created).toMatchObject({
      object: 'financial_connections.session',
      account_holder: { type: 'customer', customer },
      permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
      prefetch: ['balances'],
      filters: { country: 'US', account_subcategories: ['checking', 'savings'] },
      return_url: 'https://example.com/done',
      accounts: { object: 'list', data: [] },
      livemode: false,
    });
    expect(created.id).toMatch(/^fcsess_[A-Za-z0-9]+$/);
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_[A-Za-z0-9]+$`));
    expect(await env.fcJson<Session>(['sessions', 'get', created.id])).toEqual(created);
  });

  it('shows the session as a table, with the client secret right after create', async () => {
    const r = await env.fc(['sessions', 'create', '--customer', customer, '--permissions', 'balances,payment_method', '--prefetch', 'balances']);
    expect(r.code).toBe(0);
    const id = /Session (fcsess_[A-Za-z0-9]+)/.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    expect(r.stdout).toMatch(/Account holder\s+│ cus_/);
    expect(r.stdout).toMatch(/Permissions\s+│ balances, payment_method/);
    expect(r.stdout).toMatch(/Prefetch\s+│ balances/);
    expect(r.stdout).toMatch(/Client secret\s+│ fcsess_\w+_secret_\w+/);
    expect(r.stdout).toMatch(/Linked accounts\s+│ none yet/);
    expect(r.stderr).toContain(`fc link ${id}`);

    const got = await env.fc(['sessions', 'get', id!]);
    expect(got.code).toBe(0);
    expect(got.stdout).not.toContain('Client secret');
    expect(got.stderr).toContain(`fc sandbox complete ${id}`);
  });

  it('sessions create --client-secret-only prints exactly the secret', async () => {
    const r = await env.fc(['sessions', 'create', '--customer', customer, '--permissions', 'balances', '--client-secret-only']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fcsess_[A-Za-z0-9]+_secret_[A-Za-z0-9]+\n$/);
    expect(r.stderr).toBe('');
  });

  it('creates a session for a v2 customer Account', async () => {
    const acct = await env.fcJson<{ id: string }>(['customers', 'create', '--v2', '--email', 'acme@example.com', '--name', 'Acme']);
    const s = await env.fcJson<Session>(['sessions', 'create', '--customer-account', acct.id, '--permissions', 'payment_method']);
    expect(s.account_holder).toMatchObject({ type: 'customer', customer_account: acct.id });
  });

  it('fc sessions create rejects bad flags with exit 2 before sending anything', async () => {
    const cases: [string[], RegExp][] = [
      [['--customer', customer, '--permissions', 'bogus'], /--permissions got "bogus"; allowed values: balances, ownership, payment_method, transactions/],
      [['--customer', customer, '--permissions', 'balances,bogus'], /allowed values: balances, ownership, payment_method, transactions/],
      [['--customer', customer, '--permissions', 'balances', '--prefetch', 'payment_method'], /--prefetch .*allowed values: balances, ownership, transactions/],
      [['--customer', customer, '--permissions', 'balances', '--account-subcategories', 'checking,brokerage'], /allowed values: checking, savings, mortgage, line_of_credit, credit_card/],
      [['--customer', customer, '--permissions', 'balances', '--country', 'USA'], /--country/],
      [['--customer', customer, '--permissions', 'balances', '--return-url', 'not a url'], /--return-url/],
      [['--customer', customer, '--permissions', ','], /--permissions needs at least one of/],
      [['--customer', customer], /Missing --permissions/],
      [['--permissions', 'balances'], /--customer <cus_…> or --customer-account <acct_…>/],
      [['--customer', customer, '--customer-account', 'acct_1', '--permissions', 'balances'], /not both/],
      [['--customer', 'acct_123', '--permissions', 'balances'], /--customer must be a customer id/],
      [['--customer', customer, '--permissions', 'balances', '--client-secret-only', '--json'], /--client-secret-only/],
    ];
    for (const [args, message] of cases) {
      const before = env.requestCount();
      const r = await env.fc(['sessions', 'create', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
      expect(env.requestCount(), args.join(' ')).toBe(before);
    }
    const before = env.requestCount();
    const get = await env.fc(['sessions', 'get', 'fca_123']);
    expect(get.code).toBe(2);
    expect(env.requestCount()).toBe(before);
  });

  it("surfaces Stripe's resource_missing for an unknown customer or session with exit 1", async () => {
    const r = await env.fc(['sessions', 'create', '--customer', 'cus_doesnotexist', '--permissions', 'balances']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No such customer: 'cus_doesnotexist'");
    expect(r.stderr).toContain('resource_missing');
    const g = await env.fc(['sessions', 'get', 'fcsess_doesnotexist']);
    expect(g.code).toBe(1);
    expect(g.stderr).toContain('resource_missing');
  });

  it('completes a session in the sandbox; sessions get then shows the linked accounts', async () => {
    const s = await env.fcJson<Session>(['sessions', 'create', '--customer', customer, '--permissions', 'balances,ownership,payment_method', '--prefetch', 'balances']);
    const done = await env.fc(['sandbox', 'complete', s.id, '--accounts', 'checking,joint']);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain(`Linked 2 accounts to ${s.id}`);
    expect(done.stdout).toMatch(/fca_\w+\s+│ Checking ••\d{4} · Test Institution\s+│ active/);
    expect(done.stdout).toContain('Joint Checking');

    const got = await env.fcJson<Session>(['sessions', 'get', s.id]);
    expect(got.accounts.data.map((a) => a.display_name)).toEqual(['Checking', 'Joint Checking']);
    for (const a of got.accounts.data) {
      expect(a).toMatchObject({ object: 'financial_connections.account', account_holder: { customer }, status: 'active', institution_name: 'Test Institution' });
      expect(a.balance_refresh?.status).toBeDefined();
    }

    const table = await env.fc(['sessions', 'get', s.id]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Linked accounts\s+│ 2/);
    for (const a of got.accounts.data) expect(table.stdout).toContain(a.id);
    expect(table.stdout).toMatch(/ID\s+│ Account\s+│ Status\s+│ ACH\s+│ Permissions/);

    const again = await env.fc(['sandbox', 'complete', s.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was already completed');
  });

  it('sandbox complete prints the session in JSON, uses the default accounts, and reports the Down Bank', async () => {
    const s = await env.fcJson<Session>(['sessions', 'create', '--customer', customer, '--permissions', 'payment_method']);
    const down = await env.fc(['sandbox', 'complete', s.id, '--institution', 'Down Bank']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Down Bank is down');
    const unknown = await env.fc(['sandbox', 'complete', s.id, '--accounts', 'brokerage']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown account 'brokerage'");
    const before = env.requestCount();
    const bad = await env.fc(['sandbox', 'complete', s.id, '--accounts', 'Checking Account']);
    expect(bad.code).toBe(2);
    expect(env.requestCount()).toBe(before);

    const done = await env.fcJson<Session>(['sandbox', 'complete', s.id]);
    expect(done.id).toBe(s.id);
    expect(done.accounts.data.map((a) => a.display_name)).toEqual(['Checking', 'Savings']);
  });

  it('lists the sandbox institutions', async () => {
    const list = await env.fcJson<{ name: string; status: string; accounts: { key: string }[] }[]>(['sandbox', 'institutions']);
    expect(list.map((i) => i.name)).toEqual(expect.arrayContaining(['Test Institution', 'Down Bank']));
    expect(list.find((i) => i.name === 'Down Bank')?.status).toBe('down');
    const table = await env.fc(['sandbox', 'institutions']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Test Institution\s+│ checking\s+│ Checking/);
    expect(table.stdout).toContain('Down Bank (login fails)');
  });
});
