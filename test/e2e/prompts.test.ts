import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, useSandbox } from '../helpers/cli.js';

/**
 * Prompts as a person meets them: fc runs in a real pseudo-terminal (tmux), the
 * test reads the screen and types keys. Prompts draw on stderr (the terminal);
 * stdout goes to a file so the result can be parsed.
 */
const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
type Env = Awaited<ReturnType<typeof useSandbox>>;

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasTmux && !process.env.CI)('prompts for what is missing, in a terminal (tmux)', { timeout: 90_000 }, () => {
  let env: Env;
  const socket = `fc-test-${process.pid}`;
  let runs = 0;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args]).toString();

  beforeAll(async () => {
    env = await useSandbox({ refreshDelayMs: 100, settleDelayMs: 200 });
  });
  afterAll(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await env.stop();
  });

  /** Starts `fc args…` in a fresh tmux session; `result()` waits for it to exit. */
  function start(args: string[]) {
    const name = `fc${++runs}`;
    const out = join(env.home, `${name}.out`);
    const code = join(env.home, `${name}.code`);
    const vars = { FC_HOME: env.home, FC_API_BASE: env.sandbox.url, NO_COLOR: '1', STRIPE_SUPPRESS_NOTICES: 'true', PATH: process.env.PATH ?? '' };
    // A person at a terminal: CI (set by .ci/run, inherited by the tmux server) would rightly turn prompts off.
    const command = `env -u CI ${Object.entries(vars).map(([k, v]) => `${k}=${sh(v)}`).join(' ')} ${sh(process.execPath)} ${sh(BIN)} ${args.map(sh).join(' ')} > ${sh(out)}; echo $? > ${sh(code)}`;
    tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '40', command);
    const screen = () => {
      try {
        return tmux('capture-pane', '-p', '-t', name);
      } catch {
        return ''; // the session ended
      }
    };
    return {
      screen,
      async waitFor(text: string | RegExp): Promise<string> {
        for (let i = 0; i < 200; i++) {
          const s = screen();
          if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`never saw ${String(text)} on the screen:\n${screen()}`);
      },
      type(text: string) {
        tmux('send-keys', '-t', name, '-l', text);
      },
      press(...keys: string[]) {
        tmux('send-keys', '-t', name, ...keys);
      },
      async result(): Promise<{ code: number; stdout: string }> {
        for (let i = 0; i < 200 && !existsSync(code); i++) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 50));
        return { code: Number(readFileSync(code, 'utf8').trim()), stdout: readFileSync(out, 'utf8') };
      },
    };
  }

  it('fc customers create with no flags asks for the email and the name', async () => {
    const t = start(['customers', 'create', '--json']);
    await t.waitFor("Customer's email");
    t.type('jenny@example');
    t.press('Enter');
    // An invalid answer is refused in place, and asked again.
    await t.waitFor('--email must be an email address');
    t.press('C-u');
    t.type('jenny.rosen@example.com');
    t.press('Enter');
    await t.waitFor("Customer's name (optional)");
    t.type('Jenny Rosen');
    t.press('Enter');
    const r = await t.result();
    expect(r.code).toBe(0);
    const created = JSON.parse(r.stdout) as Stripe.Customer;
    expect(created).toMatchObject({ email: 'jenny.rosen@example.com', name: 'Jenny Rosen' });
    const fetched = await env.fcJson<Stripe.Customer>(['customers', 'get', created.id]);
    expect(fetched).toMatchObject({ email: 'jenny.rosen@example.com', name: 'Jenny Rosen' });
  });

  it('fc accounts balance with no account: choose a customer, then one of its accounts', async () => {
    // An older customer of this test's own, so the list has two (the test passes alone too).
    await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'olive@example.com', '--name', 'Olive Older']);
    const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'picker@example.com', '--name', 'Pat Picker']);
    const sess = await env.fcJson<Stripe.FinancialConnections.Session>(['sessions', 'create', '--customer', cus.id, '--permissions', 'balances,payment_method', '--prefetch', 'balances']);
    const done = await env.fcJson<Stripe.FinancialConnections.Session>(['sandbox', 'complete', sess.id, '--accounts', 'checking,savings']);
    const [checking, savings] = done.accounts.data.map((a) => a.id);
    await new Promise((r) => setTimeout(r, 400));

    const t = start(['accounts', 'balance', '--json']);
    const customers = await t.waitFor('Choose a customer');
    // Newest first: the customer just created is under the cursor.
    expect(customers).toMatch(new RegExp(`❯ Pat Picker <picker@example.com>\\s+${cus.id}`));
    expect(customers).toContain('Olive Older <olive@example.com>');
    t.press('Enter');
    const accounts = await t.waitFor('Choose an account');
    expect(accounts).toContain(checking);
    expect(accounts).toContain(savings);
    // Move to the savings account and take it.
    const line = accounts.split('\n').find((l) => l.includes('❯'))!;
    if (!line.includes(savings!)) t.press('Down');
    await t.waitFor(new RegExp(`❯ .*${savings}`));
    t.press('Enter');
    const r = await t.result();
    expect(r.code).toBe(0);
    const account = JSON.parse(r.stdout) as Stripe.FinancialConnections.Account;
    expect(account.id).toBe(savings);
    expect(account.balance?.current).toEqual({ usd: 2_531_077 });
  });

  it('fc sessions create with no flags: choose the customer and tick the permissions', async () => {
    const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'sam@example.com', '--name', 'Sam Session']);
    const t = start(['sessions', 'create', '--json']);
    await t.waitFor('Choose a customer');
    t.press('Enter');
    const perms = await t.waitFor('Which data may be read?');
    // payment_method starts ticked; the cursor is on balances: tick it too.
    expect(perms).toMatch(/◯ balances/);
    expect(perms).toMatch(/◉ payment_method/);
    t.press('Space');
    await t.waitFor(/◉ balances/);
    t.press('Enter');
    const r = await t.result();
    expect(r.code).toBe(0);
    const session = JSON.parse(r.stdout) as Stripe.FinancialConnections.Session;
    expect(session.permissions).toEqual(['balances', 'payment_method']);
    // The newest customer is under the cursor: the one this test made.
    expect(session.account_holder?.customer).toBe(cus.id);
  });

  it('without a terminal nothing is asked: exit 2, no request', async () => {
    const before = env.requestCount();
    for (const args of [['accounts', 'get'], ['accounts', 'transactions'], ['sessions', 'create'], ['customers', 'create'], ['doctor']]) {
      const r = await env.fc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(env.requestCount()).toBe(before);
  });
});
