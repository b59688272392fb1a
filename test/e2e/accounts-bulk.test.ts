import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createStripeClient } from '../../src/api/client.js';
import { completeSession, seedHistory } from '../../src/api/sandbox-helpers.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runFc, tempHome } from '../helpers/cli.js';
import { SANDBOX_KEY } from '../../src/api/target.js';

/**
 * Two servers over one sandbox database: a clean one to set data up, and one that
 * answers a share of requests with 429 (Retry-After: 1), as Stripe's rate limiter would.
 */
describe('fc accounts refresh --customer --all under rate limiting, and long exports', () => {
  let home: ReturnType<typeof tempHome>;
  let clean: RunningSandbox;
  let limited: RunningSandbox;
  let stripe: Stripe;
  let customer: string;
  let accounts: string[];

  beforeAll(async () => {
    home = tempHome();
    const dbPath = join(home.path, 'server.db');
    const settings = { refreshDelayMs: 300, refreshCooldownMs: 0 };
    clean = await startSandbox({ dbPath, settings });
    limited = await startSandbox({ dbPath, settings, faults: { rate: 0.15, seed: 7, kinds: ['429'], slowMs: 0 } });
    stripe = await createStripeClient({ key: SANDBOX_KEY, apiBase: new URL(clean.url), maxNetworkRetries: 0 });
    customer = (await stripe.customers.create({ email: 'bulk@example.com' })).id;
    accounts = [];
    for (let i = 0; i < 4; i++) {
      const session = await stripe.financialConnections.sessions.create({
        account_holder: { type: 'customer', customer },
        permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
      });
      const done = await completeSession(stripe, session.id, { accounts: ['checking', 'savings', 'joint'] });
      accounts.push(...done.accounts.data.map((a) => a.id));
    }
  });
  afterAll(async () => {
    await limited.close();
    await clean.close();
    home.cleanup();
  });

  it('refreshes every account with bounded concurrency through 429s', async () => {
    const before = limited.store.requestLog().length;
    const r = await runFc(home.path, ['accounts', 'refresh', '--customer', customer, '--all', '--features', 'balance', '--concurrency', '4', '--json'], {
      env: { FC_API_BASE: limited.url },
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Stripe.FinancialConnections.Account[];
    expect(out.map((a) => a.id).sort()).toEqual([...accounts].sort());
    for (const a of out) expect(a.balance_refresh?.status).toBe('succeeded');

    const log = limited.store.requestLog().slice(before);
    expect(log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
    const posts = log.filter((e) => e.method === 'POST' && e.path.endsWith('/refresh'));
    // Every account got exactly one refresh through, however many 429s came first.
    expect(posts.filter((e) => e.status === 200)).toHaveLength(accounts.length);
    // Polling lists the customer's accounts rather than retrieving each one.
    expect(log.filter((e) => e.method === 'GET' && /\/accounts\/fca_/.test(e.path))).toHaveLength(0);
  });

  it('exports a long history page by page with the same rows in CSV and JSON', async () => {
    const fca = accounts[0]!;
    await stripe.financialConnections.accounts.refresh(fca, { features: ['transactions'] });
    await new Promise((r) => setTimeout(r, 400));
    await seedHistory(stripe, fca, 5_000);
    const env = { env: { FC_API_BASE: clean.url } };
    const before = clean.store.requestLog().length;
    const csv = await runFc(home.path, ['accounts', 'transactions', fca, '--all', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('id,transacted_at,description,amount,amount_formatted,currency,status');
    expect(rows.length - 1).toBeGreaterThanOrEqual(5_000);
    // Pages of 100, in time windows side by side: a few more requests than one walk (each window's
    // last page is partial, and one empty window finds the start of the history), never everything at once.
    const pages = clean.store.requestLog().slice(before).filter((e) => e.path === '/v1/financial_connections/transactions');
    const walk = Math.ceil((rows.length - 1) / 100);
    expect(pages.length).toBeGreaterThanOrEqual(walk);
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(walk * 1.2) + 6);

    const json = await runFc(home.path, ['accounts', 'transactions', fca, '--all', '--json'], env);
    const ids = (JSON.parse(json.stdout) as { id: string }[]).map((t) => t.id);
    expect(ids).toEqual(rows.slice(1).map((l) => l.split(',')[0]));
  });

  it('stops quietly when the reader goes away (| head)', async () => {
    const fca = accounts[0]!;
    // Enough rows that the reader leaves long before fc is done (this test's own data: it passes alone).
    await stripe.financialConnections.accounts.refresh(fca, { features: ['transactions'] });
    await new Promise((r) => setTimeout(r, 400));
    await seedHistory(stripe, fca, 5_000);
    const { spawn } = await import('node:child_process');
    const { BIN, baseEnv } = await import('../helpers/cli.js');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'accounts', 'transactions', fca, '--all', '--format', 'csv'], {
        env: { ...baseEnv(home.path), FC_API_BASE: clean.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (c) => resolve({ code: c, stderr }));
    });
    expect(result.stderr).not.toMatch(/Error|EPIPE/);
    expect(result.code).toBe(0);
  });
});
