import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, BIN, runFc, tempHome, useSandbox, type RunResult } from '../helpers/cli.js';
import { SANDBOX_KEY } from '../../src/api/target.js';

type Env = Awaited<ReturnType<typeof useSandbox>>;

const IP = '71.183.194.54';

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A customer with linked test accounts, by sandbox template key (checking, insufficient_funds, …). */
async function link(env: Env, keys: string[], permissions = 'balances,ownership,payment_method,transactions'): Promise<{ customer: string; accounts: Record<string, string> }> {
  const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', `jenny+${Date.now()}@example.com`, '--name', 'Jenny Rosen']);
  const sess = await env.fcJson<Stripe.FinancialConnections.Session>(['sessions', 'create', '--customer', cus.id, '--permissions', permissions]);
  const done = await env.fcJson<Stripe.FinancialConnections.Session>(['sandbox', 'complete', sess.id, '--accounts', keys.join(',')]);
  // The sandbox links accounts in the order asked for.
  const accounts = Object.fromEntries(keys.map((k, i) => [k, done.accounts.data[i]!.id]));
  return { customer: cus.id, accounts };
}

function payArgs(account: string, customer: string, extra: string[] = []): string[] {
  return ['pay', '--account', account, '--customer', customer, '--amount', '100', '--mandate-ip', IP, '--yes', ...extra];
}

// Each test spawns several fc processes; a loaded machine (the full suite in parallel) needs the headroom.
describe('fc pay and fc payments (built binary against a sandbox on port 0)', { timeout: 90_000 }, () => {
  let env: Env;
  beforeAll(async () => {
    env = await useSandbox({ settleDelayMs: 300, refreshDelayMs: 100 });
  });
  afterAll(async () => env.stop());

  it('debits a linked checking account to succeeded; payments get --json shows the mandate and us_bank_account details', async () => {
    const { customer, accounts } = await link(env, ['checking']);
    const r = await env.fc(payArgs(accounts.checking!, customer));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Status\s+│ succeeded/);
    expect(r.stderr).toContain('$1.00 from Checking ••6789');
    expect(r.stderr).toMatch(/authorize .* to debit \$1\.00/);
    const id = /Payment (pi_\w+)/.exec(r.stdout)![1]!;

    const pi = await env.fcJson<Stripe.PaymentIntent>(['payments', 'get', id]);
    expect(pi.status).toBe('succeeded');
    const pm = pi.payment_method as Stripe.PaymentMethod;
    expect(pm.type).toBe('us_bank_account');
    expect(pm.us_bank_account).toMatchObject({ last4: '6789', financial_connections_account: accounts.checking, account_type: 'checking' });
    expect(pm.billing_details.name).toBe('Jenny Rosen');
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.us_bank_account?.mandate).toMatch(/^mandate_/);

    const table = await env.fc(['payments', 'get', id]);
    expect(table.stdout).toContain(`from ${IP}`);
    expect(table.stdout).toContain('••6789');

    const list = await env.fcJson<Stripe.PaymentIntent[]>(['payments', 'list', '--customer', customer]);
    expect(list.map((p) => p.id)).toEqual([id]);
  });

  it('the insufficient-funds account ends failed with insufficient_funds, a plain explanation and exit 1', async () => {
    const { customer, accounts } = await link(env, ['insufficient_funds']);
    const r = await env.fc(payArgs(accounts.insufficient_funds!, customer));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('insufficient_funds');
    expect(r.stderr).toContain('did not have enough money');
    expect(r.stdout).toMatch(/Failure\s+│ insufficient_funds/);
    const json = await env.fc(payArgs(accounts.insufficient_funds!, customer, ['--description', 'second try', '--json']));
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as Stripe.PaymentIntent).last_payment_error?.code).toBe('insufficient_funds');
  });

  it.each([
    ['--amount 0', ['--amount', '0'], '--amount'],
    ['--amount 1.5', ['--amount', '1.5'], '--amount'],
    ['--mandate-ip 999.1.1.1', ['--mandate-ip', '999.1.1.1'], '--mandate-ip'],
    ['--accepted-at tomorrow', ['--accepted-at', localDate(new Date(Date.now() + 86_400_000))], '--accepted-at'],
    ['--currency eur', ['--currency', 'eur'], '--currency'],
    ['--account with a wrong prefix', ['--account', 'acct_123'], '--account'],
  ])('pay %s exits 2 naming the flag, and the sandbox sees no request', async (_name, flags, flag) => {
    const before = env.requestCount();
    const r = await env.fc([...payArgs('fca_123', 'cus_123'), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(env.requestCount()).toBe(before);
  });

  it('without --yes and without a terminal, exits 2 and sends nothing', async () => {
    const before = env.requestCount();
    const r = await env.fc(['pay', '--account', 'fca_123', '--customer', 'cus_123', '--amount', '100', '--mandate-ip', IP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(env.requestCount()).toBe(before);
  });

  it('an account linked without payment_method exits 3 with how to fix it, and creates nothing', async () => {
    const { customer, accounts } = await link(env, ['checking'], 'balances');
    const r = await env.fc(payArgs(accounts.checking!, customer));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('payment_method permission');
    expect(r.stderr).toMatch(/fc link --customer cus_\w+ --permissions balances,payment_method/);
    expect(await env.fcJson<unknown[]>(['payments', 'list', '--customer', customer])).toEqual([]);
  });

  it('running the same command after it finished shows the earlier payment instead of paying again', async () => {
    const { customer, accounts } = await link(env, ['checking']);
    const first = await env.fc(payArgs(accounts.checking!, customer, ['--description', 'invoice 1']));
    expect(first.code).toBe(0);
    const again = await env.fc(payArgs(accounts.checking!, customer, ['--description', 'invoice 1']));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already ran');
    expect(again.stderr).toContain('--description');
    const other = await env.fc(payArgs(accounts.checking!, customer, ['--description', 'invoice 2']));
    expect(other.code).toBe(0);
    expect(await env.fcJson<unknown[]>(['payments', 'list', '--customer', customer])).toHaveLength(2);
  });

  it('two identical runs started at once make one payment', async () => {
    const { customer, accounts } = await link(env, ['checking']);
    const [a, b] = await Promise.all([env.fc(payArgs(accounts.checking!, customer)), env.fc(payArgs(accounts.checking!, customer))]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const all = await env.fcJson<Stripe.PaymentIntent[]>(['payments', 'list', '--customer', customer]);
    expect(all).toHaveLength(1);
    expect(env.sandbox.forKey(SANDBOX_KEY).store.count('charge', all[0]!.id)).toBe(1);
  });

  it('pay --no-wait returns processing; wait follows it; cancel needs --yes and withdraws a processing debit', async () => {
    const { customer, accounts } = await link(env, ['processing']);
    const started = await env.fcJson<Stripe.PaymentIntent>(payArgs(accounts.processing!, customer, ['--no-wait']));
    expect(started.status).toBe('processing');
    const waited = await env.fc(['payments', 'wait', started.id, '--timeout', '1']);
    expect(waited.code).toBe(5);
    expect(waited.stderr).toContain('still processing');
    const before = env.requestCount();
    const refused = await env.fc(['payments', 'cancel', started.id]);
    expect(refused.code).toBe(2);
    expect(env.requestCount()).toBe(before);
    const canceled = await env.fcJson<Stripe.PaymentIntent>(['payments', 'cancel', started.id, '--yes', '--reason', 'requested_by_customer']);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
  });

  it('with a live key, pay and cancel need --yes --live and send nothing without them', async () => {
    const live = { STRIPE_API_KEY: 'sk_live_fcguardtest1234' };
    const before = env.requestCount();
    const pay = await env.fc(payArgs('fca_123', 'cus_123'), { env: live });
    expect(pay.code).toBe(2);
    expect(pay.stderr).toMatch(/LIVE mode.*--yes --live/);
    const cancel = await env.fc(['payments', 'cancel', 'pi_123', '--yes'], { env: live });
    expect(cancel.code).toBe(2);
    expect(env.requestCount()).toBe(before);
    // With both flags the guard lets it through (and this sandbox then refuses the live key).
    const through = await env.fc(payArgs('fca_123', 'cus_123', ['--live']), { env: live });
    expect(through.code).toBe(3);
    expect(through.stdout + through.stderr).not.toContain('fcguardtest');
  });
});

/**
 * The crash test: fc pay talks to the sandbox through a proxy that SIGKILLs the
 * fc process at a chosen request, before or after the sandbox handled it, and
 * withholds the answer. Re-running the same command (through the same proxy, so
 * it is the same target) must resume that payment.
 */
describe('fc pay killed mid-flight, then run again', { timeout: 90_000 }, () => {
  let env: Env;
  let proxy: http.Server;
  let proxyUrl: string;
  /** kill: SIGKILL fc once; reset: drop the connection (every matching request, until cleared), as a flaky network would. */
  let rule: { method: string; path: RegExp; when: 'before' | 'after'; action?: 'kill' | 'reset' } | undefined;
  let victim: ChildProcess | undefined;

  beforeAll(async () => {
    env = await useSandbox({ settleDelayMs: 300, refreshDelayMs: 100 });
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const hit = rule && req.method === rule.method && rule.path.test(req.url ?? '') ? rule : undefined;
        const kill = hit?.when;
        const drop = () => {
          if (hit?.action !== 'reset') victim?.kill('SIGKILL');
          req.socket.destroy();
        };
        if (hit && hit.action !== 'reset') rule = undefined;
        if (kill === 'before') {
          drop();
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)) headers[k] = v;
        }
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(`${env.sandbox.url}${req.url}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
        const text = await upstream.text();
        if (kill === 'after') {
          drop();
          return;
        }
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
        });
        res.writeHead(upstream.status, out);
        res.end(text);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => {
      proxy.closeAllConnections();
      proxy.close(() => r());
    });
    await env.stop();
  });

  function spawnPay(args: string[]): Promise<RunResult & { signal: NodeJS.Signals | null }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...baseEnv(env.home), FC_API_BASE: proxyUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      victim = child;
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  const confirmsOf = (pi: string) => env.sandbox.store.requestLog().filter((l) => l.method === 'POST' && l.path === `/v1/payment_intents/${pi}/confirm`);

  it.each([
    ['after the sandbox created the PaymentIntent, before fc saw the answer', { method: 'POST', path: /^\/v1\/payment_intents$/, when: 'after' as const }],
    ['after the create was recorded, before the confirm reached the sandbox', { method: 'POST', path: /\/confirm$/, when: 'before' as const }],
    ['after the sandbox confirmed, before fc saw the answer', { method: 'POST', path: /\/confirm$/, when: 'after' as const }],
  ])('killed %s: one PaymentIntent exists, confirmed once', async (_name, kill) => {
    const { customer, accounts } = await link(env, ['checking']);
    const args = payArgs(accounts.checking!, customer);
    rule = kill;
    const crashed = await spawnPay(args);
    expect(crashed.signal).toBe('SIGKILL');
    expect(rule).toBeUndefined();

    const again = await spawnPay(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Resuming');
    expect(again.stdout).toMatch(/Status\s+│ succeeded/);

    const all = await env.fcJson<Stripe.PaymentIntent[]>(['payments', 'list', '--customer', customer]);
    expect(all).toHaveLength(1);
    const pi = all[0]!;
    expect(pi.status).toBe('succeeded');
    // Confirm reached the sandbox once (a withheld answer is still one confirm), so one mandate and one charge.
    expect(confirmsOf(pi.id)).toHaveLength(1);
    expect(env.sandbox.forKey(SANDBOX_KEY).store.count('charge', pi.id)).toBe(1);
  });

  it('answers lost on every confirm retry: exit 4, outcome unknown; the same command then resumes without a second debit', async () => {
    const { customer, accounts } = await link(env, ['checking']);
    const args = payArgs(accounts.checking!, customer);
    rule = { method: 'POST', path: /\/confirm$/, when: 'after', action: 'reset' };
    const lost = await spawnPay(args);
    rule = undefined;
    expect(lost.code).toBe(4);
    expect(lost.stderr).toMatch(/Outcome unknown: .*re-run the same command to resume/);

    const again = await spawnPay(args);
    expect(again.code, again.stderr).toBe(0);
    const all = await env.fcJson<Stripe.PaymentIntent[]>(['payments', 'list', '--customer', customer]);
    expect(all).toHaveLength(1);
    expect(all[0]!.status).toBe('succeeded');
    // stripe-node retried the confirm with the same idempotency key: the sandbox replayed it, so one debit.
    expect(confirmsOf(all[0]!.id).length).toBeGreaterThan(1);
    expect(env.sandbox.forKey(SANDBOX_KEY).store.count('charge', all[0]!.id)).toBe(1);
  });
});

describe('fc demo', { timeout: 90_000 }, () => {
  it('runs the whole flow to the end on a fresh FC_HOME, with exit 0', async () => {
    const home = tempHome();
    try {
      const r = await runFc(home.path, ['demo'], { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('[7/7]');
      expect(r.stderr).toMatch(/✔ Done in/);
      expect(r.stdout).toMatch(/Payment\s+│ pi_\w+ \$1\.00 succeeded/);
      expect(r.stdout).toContain('Jenny Rosen');
      expect(r.stdout).toContain('Recent transactions');
    } finally {
      home.cleanup();
    }
  });

  it('never uses a configured Stripe key: it runs on a throwaway sandbox all the same', async () => {
    const home = tempHome();
    try {
      const r = await runFc(home.path, ['demo'], { env: { STRIPE_API_KEY: 'sk_test_realstripe123' } });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('your API key is not used');
      expect(r.stdout + r.stderr).not.toContain('realstripe123');
    } finally {
      home.cleanup();
    }
  });
});
