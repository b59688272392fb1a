import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { transactions } from '../../src/api/accounts.js';
import { createStripeClient } from '../../src/api/client.js';
import { completeSession, seedHistory } from '../../src/api/sandbox-helpers.js';
import { windowedTransactions } from '../../src/api/windowed.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runFc, tempHome } from '../helpers/cli.js';

/**
 * Windowed exports against a sandbox that limits requests like Stripe: the rows
 * must be exactly those of one sequential walk, in the same order, with no 429.
 */
describe('transaction exports in time windows', () => {
  let home: ReturnType<typeof tempHome>;
  let plain: RunningSandbox;
  let limited: RunningSandbox;
  let stripe: Stripe;
  let account: string;
  let tied: string;
  let gappy: string;
  const ids = async (rows: AsyncIterable<Stripe.FinancialConnections.Transaction>) => {
    const out: string[] = [];
    for await (const t of rows) out.push(t.id);
    return out;
  };

  beforeAll(async () => {
    home = tempHome();
    const dbPath = join(home.path, 'server.db');
    plain = await startSandbox({ dbPath });
    limited = await startSandbox({ dbPath, traffic: { rateLimit: 40, latency: { minMs: 2, maxMs: 8 } } });
    stripe = await createStripeClient({ key: 'sk_test_fc', apiBase: new URL(plain.url) });
    const customer = (await stripe.customers.create({ email: 'export@example.com' })).id;
    const session = await stripe.financialConnections.sessions.create({
      account_holder: { type: 'customer', customer },
      permissions: ['transactions'],
    });
    const done = await completeSession(stripe, session.id, { accounts: ['checking', 'savings', 'credit_card'] });
    [account, tied, gappy] = done.accounts.data.map((a) => a.id) as [string, string, string];
    await seedHistory(stripe, account, 2_500);
    await seedHistory(stripe, tied, 1_200);
    await seedHistory(stripe, gappy, 1_500);
    // Two long gaps: nothing for 400 days below the newest 600 rows, and for 90 more below the next 300.
    const shift = (days: number, below: number) =>
      plain.store.db
        .prepare(
          "UPDATE objects SET sort = sort - ?, data = json_set(data, '$.transacted_at', json_extract(data, '$.transacted_at') - ?) WHERE type = 'financial_connections.transaction' AND parent = ? AND sort < ?",
        )
        .run(days * 86_400, days * 86_400, gappy, below);
    const all: number[] = [];
    for await (const t of transactions(stripe, { account: gappy })) all.push(t.transacted_at);
    shift(400, all[600]! + 1);
    shift(90, all[900]! - 400 * 86_400 + 1);
    // Whole days only: many rows share a second, so windows must never split a tie.
    plain.store.db
      .prepare(
        "UPDATE objects SET sort = sort - (sort % 86400), data = json_set(data, '$.transacted_at', sort - (sort % 86400)) WHERE type = 'financial_connections.transaction' AND parent = ?",
      )
      .run(tied);
  });
  afterAll(async () => {
    await limited.close();
    await plain.close();
    home.cleanup();
  });

  it('gives the rows of a sequential walk, in order, for any window size', async () => {
    for (const id of [account, tied]) {
      const sequential = await ids(transactions(stripe, { account: id }));
      expect(new Set(sequential).size).toBe(sequential.length);
      for (const windowRows of [30, 290]) {
        expect(await ids(windowedTransactions(stripe, { account: id }, { windowRows, parallel: 6 }))).toEqual(sequential);
      }
    }
  });

  it('skips gaps in the history and stops where it ends, without a request to prove it', async () => {
    const sequential = await ids(transactions(stripe, { account: gappy }));
    expect(sequential).toHaveLength(1_500);
    for (const windowRows of [30, 290]) {
      const lines: string[] = [];
      const rows = await ids(windowedTransactions(stripe, { account: gappy }, { windowRows, parallel: 6, debug: (l) => lines.push(l) }));
      expect(rows).toEqual(sequential);
      // The rest is probed once, at the start; the windows' own first pages find the gaps and the end.
      expect(lines.filter((l) => l.includes('from the rest'))).toHaveLength(1);
    }
  });

  it('needs few requests more than one walk', async () => {
    // One walk of 2,500 rows is 25 pages; windows cost a partial last page each, and a few past the end.
    const before = plain.store.requestLog().length;
    expect(await ids(windowedTransactions(stripe, { account }))).toHaveLength(2_500);
    const sent = plain.store.requestLog().length - before;
    expect(sent).toBeLessThanOrEqual(28);
  });

  it('aims windows at whole pages once they show the density predicts them well', async () => {
    const customer = (await stripe.customers.create({ email: 'long@example.com' })).id;
    const session = await stripe.financialConnections.sessions.create({ account_holder: { type: 'customer', customer }, permissions: ['transactions'] });
    const long = (await completeSession(stripe, session.id, { accounts: ['checking'] })).accounts.data[0]!.id;
    await seedHistory(stripe, long, 10_000);
    const before = plain.store.requestLog().length;
    expect(await ids(windowedTransactions(stripe, { account: long }))).toHaveLength(10_000);
    // 100 pages at least; windows kept at 290 rows (three pages a little short of full) took 106.
    expect(plain.store.requestLog().length - before).toBeLessThanOrEqual(104);
  });

  it('keeps to a date range and resumes after a given row', async () => {
    const all = [];
    for await (const t of transactions(stripe, { account })) all.push(t);
    const gte = all[1800]!.transacted_at;
    const lt = all[200]!.transacted_at;
    const sequential = await ids(transactions(stripe, { account, gte, lt }));
    expect(await ids(windowedTransactions(stripe, { account, gte, lt }, { windowRows: 50, parallel: 4 }))).toEqual(sequential);
    const cut = all[999]!;
    const rest = await ids(windowedTransactions(stripe, { account }, { after: { id: cut.id, transactedAt: cut.transacted_at }, windowRows: 50 }));
    expect(rest).toEqual(all.slice(1000).map((t) => t.id));
  });

  it('fc accounts transactions --all --format csv against a rate-limited server: same CSV, no 429', async () => {
    const env = { STRIPE_API_KEY: 'sk_test_fc' };
    const fast = await runFc(home.path, ['--api-base', plain.url, 'accounts', 'transactions', account, '--all', '--format', 'csv'], { env });
    expect(fast.code, fast.stderr).toBe(0);
    expect(fast.stdout.split('\n').length).toBe(2_500 + 2);
    const before = limited.store.requestLog().length;
    const slow = await runFc(home.path, ['--api-base', limited.url, '--debug', 'accounts', 'transactions', account, '--all', '--format', 'csv'], { env });
    expect(slow.code, slow.stderr).toBe(0);
    expect(slow.stdout).toBe(fast.stdout);
    const log = limited.store.requestLog().slice(before);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(slow.stderr).not.toMatch(/429 rate limited/);


    // Continuing after a given row (what an interrupted export prints) gives exactly the rest, windowed too.
    const lines = fast.stdout.trimEnd().split('\n');
    const last = lines[1_000]!.split(',')[0]!;
    const rest = await runFc(home.path, ['--api-base', limited.url, 'accounts', 'transactions', account, '--all', '--format', 'csv', '--starting-after', last], { env });
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout.trimEnd().split('\n').slice(1)).toEqual(lines.slice(1_001));
  });
});

describe('customers list --all in created windows', () => {
  it('lists every customer once, newest first, the same as one walk', async () => {
    const home = tempHome();
    const sb = await startSandbox({ dbPath: join(home.path, 'c.db') });
    try {
      const stripe = await createStripeClient({ key: 'sk_test_fc', apiBase: new URL(sb.url) });
      for (let i = 0; i < 230; i++) {
        await stripe.customers.create({ email: `c${i}@example.com` });
        // Several customers per second, and seconds without any: ties and gaps.
        if (i % 7 === 0) sb.forKey('sk_test_fc').clock.advance(1_000 * (1 + (i % 3)));
      }
      const walk: string[] = [];
      for await (const c of stripe.customers.list({ limit: 100 })) walk.push(c.id);
      const r = await runFc(home.path, ['--api-base', sb.url, 'customers', 'list', '--all', '--json'], { env: { STRIPE_API_KEY: 'sk_test_fc' } });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id)).toEqual(walk);
    } finally {
      await sb.close();
      home.cleanup();
    }
  });
});

describe('fc sandbox history and fc sandbox log', () => {
  it('gives an account a long history, and shows the requests that did it', async () => {
    const home = tempHome();
    const sb = await startSandbox({ dbPath: join(home.path, 'h.db') });
    try {
      const env = { STRIPE_API_KEY: 'sk_test_fc' };
      const stripe = await createStripeClient({ key: 'sk_test_fc', apiBase: new URL(sb.url) });
      const customer = (await stripe.customers.create({ email: 'history@example.com' })).id;
      const session = await stripe.financialConnections.sessions.create({ account_holder: { type: 'customer', customer }, permissions: ['transactions'] });
      const fca = (await completeSession(stripe, session.id, { accounts: ['checking'] })).accounts.data[0]!.id;
      const seeded = await runFc(home.path, ['--api-base', sb.url, 'sandbox', 'history', fca, '--count', '1234'], { env });
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stdout).toContain(`${fca} now has 1234 transactions`);
      const csv = await runFc(home.path, ['--api-base', sb.url, 'accounts', 'transactions', fca, '--all', '--format', 'csv'], { env });
      expect(csv.stdout.trimEnd().split('\n')).toHaveLength(1235);
      const log = await runFc(home.path, ['--api-base', sb.url, 'sandbox', 'log', '--limit', '3', '--json'], { env });
      expect(log.code, log.stderr).toBe(0);
      const rows = JSON.parse(log.stdout) as { method: string; path: string; status: number }[];
      expect(rows.at(-1)).toMatchObject({ method: 'GET', path: '/v1/financial_connections/transactions', status: 200 });
      const bad = await runFc(home.path, ['--api-base', sb.url, 'sandbox', 'history', fca, '--count', 'lots'], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--count/);
    } finally {
      await sb.close();
      home.cleanup();
    }
  });
});
