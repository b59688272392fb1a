import { spawn } from 'node:child_process';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, BIN, useSandbox } from '../helpers/cli.js';
import { formatMoney } from '../../src/io/format.js';
import type { AccountInsights } from '../../src/commands/accounts/insights.js';
import type { DoctorReport } from '../../src/commands/doctor/doctor.js';
import type { OwnerVerification } from '../../src/commands/accounts/verify-owner.js';

/**
 * Issue 8's "Done means", tried as a new user would on the sandbox: doctor,
 * insights, verify-owner, and events (list and follow), all through the built binary.
 */
type Env = Awaited<ReturnType<typeof useSandbox>>;

async function link(env: Env, keys: string[], permissions: string, prefetch?: string): Promise<{ customer: string; accounts: Record<string, string> }> {
  const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', `jenny+${Date.now()}@example.com`, '--name', 'Jenny Rosen']);
  const sess = await env.fcJson<Stripe.FinancialConnections.Session>([
    'sessions',
    'create',
    '--customer',
    cus.id,
    '--permissions',
    permissions,
    ...(prefetch ? ['--prefetch', prefetch] : []),
  ]);
  const done = await env.fcJson<Stripe.FinancialConnections.Session>(['sandbox', 'complete', sess.id, '--accounts', keys.join(',')]);
  return { customer: cus.id, accounts: Object.fromEntries(keys.map((k, i) => [k, done.accounts.data[i]!.id])) };
}

/** Waits until the prefetch of `features` has finished on the sandbox. */
async function settled(env: Env, id: string, fields: ('balance_refresh' | 'ownership_refresh' | 'transaction_refresh')[]): Promise<Stripe.FinancialConnections.Account> {
  for (let i = 0; i < 50; i++) {
    const a = await env.fcJson<Stripe.FinancialConnections.Account>(['accounts', 'get', id]);
    if (fields.every((f) => a[f] && a[f]!.status !== 'pending')) return a;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`refresh of ${id} did not finish`);
}

describe('support and data commands (built binary against a sandbox on port 0)', { timeout: 90_000 }, () => {
  let env: Env;
  beforeAll(async () => {
    env = await useSandbox({ refreshDelayMs: 100, settleDelayMs: 200 });
  });
  afterAll(async () => env.stop());

  // "exactly those three findings": one entry per problem, plus one `ok` entry per account with none, so the healthy account is listed as such.
  it('doctor: one healthy account, one disconnected account and one failed payment → exactly those three findings, with next steps', async () => {
    const { customer, accounts } = await link(env, ['checking', 'insufficient_funds'], 'payment_method,balances', 'balances');
    await settled(env, accounts.checking!, ['balance_refresh']);
    const pay = await env.fc(['pay', '--account', accounts.insufficient_funds!, '--customer', customer, '--amount', '5000', '--mandate-ip', '71.183.194.54', '--yes', '--json']);
    const failed = JSON.parse(pay.stdout) as Stripe.PaymentIntent;
    expect(failed.last_payment_error?.code).toBe('insufficient_funds');
    const disconnected = await env.fc(['accounts', 'disconnect', accounts.insufficient_funds!, '--yes']);
    expect(disconnected.code, disconnected.stderr).toBe(0);

    const report = await env.fcJson<DoctorReport>(['doctor', customer]);
    expect(report.findings.map((f) => [f.severity, f.code, f.object])).toEqual([
      ['error', 'account_disconnected', accounts.insufficient_funds],
      ['error', 'payment_failed', failed.id],
      ['ok', 'account_ok', accounts.checking],
    ]);
    expect(report.summary).toEqual({ errors: 2, warnings: 0, ok: 1 });
    for (const f of report.findings.filter((x) => x.severity !== 'ok')) expect(f.next_step).toMatch(/\w{10,}/);
    expect(report.findings[0]!.next_step).toContain(`fc link --customer ${customer}`);
    expect(report.findings[1]!.title).toContain('insufficient funds');
    expect(report.findings[1]!.details).toMatchObject({ failure_code: 'insufficient_funds', amount: 5000 });

    const table = await env.fc(['doctor', customer]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines.filter((l) => /^[✖!✔] /.test(l))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('→ Next:'))).toHaveLength(2);
    expect(table.stdout).toMatch(new RegExp(`✖ ${accounts.insufficient_funds} .*disconnected`));
    expect(table.stdout).toMatch(new RegExp(`✖ ${failed.id} .*failed: insufficient funds`));
    expect(table.stdout).toMatch(new RegExp(`✔ ${accounts.checking} .*healthy`));
    expect(table.stdout).toContain('2 problem(s): 2 error(s), 0 warning(s); 1 ok.');

    // The same view from the payment or the account.
    const fromPayment = await env.fcJson<DoctorReport>(['doctor', failed.id]);
    expect(fromPayment.findings.map((f) => f.code)).toEqual(['account_disconnected', 'payment_failed']);
    const fromAccount = await env.fcJson<DoctorReport>(['doctor', accounts.checking!]);
    expect(fromAccount.findings.map((f) => f.code)).toEqual(['account_ok']);
  });

  it('doctor: usage errors exit 2 without a request', async () => {
    const before = env.requestCount();
    const bad = await env.fc(['doctor', 'xyz_123']);
    expect(bad.code).toBe(2);
    const missing = await env.fc(['doctor']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing <id>');
    expect(env.requestCount()).toBe(before);
  });

  describe('on the checking account', () => {
    let fca: string;
    beforeAll(async () => {
      const { accounts } = await link(env, ['checking'], 'balances,ownership,transactions', 'balances,ownership,transactions');
      fca = accounts.checking!;
      await settled(env, fca, ['balance_refresh', 'ownership_refresh', 'transaction_refresh']);
    });

    it('insights: six months of cashflow, the biweekly payroll as recurring income, a chart; --json has the same numbers', async () => {
      const tz = { env: { TZ: 'America/Los_Angeles' } };
      const json = await env.fcJson<AccountInsights>(['accounts', 'insights', fca], tz);
      expect(json).toMatchObject({ object: 'fc.account_insights', account: fca, currency: 'usd', time_zone: 'America/Los_Angeles', period: { months: 6 } });
      expect(json.months).toHaveLength(6);
      expect(json.months.every((m) => m.transactions > 0)).toBe(true);
      expect(json.recurring_income).toHaveLength(1);
      expect(json.recurring_income[0]).toMatchObject({ description: 'ACME CORP PAYROLL', cadence: 'biweekly', typical_amount: 245_000 });
      expect(json.recurring_bills.map((b) => b.description)).toEqual(expect.arrayContaining(['OAKWOOD APARTMENTS RENT', 'COMCAST XFINITY']));
      expect(json.balance!.current).toBe(1_184_632);
      expect(json.balance!.daily.at(-1)!.balance).toBe(1_184_632);

      const r = await env.fc(['accounts', 'insights', fca], tz);
      expect(r.code, r.stderr).toBe(0);
      const out = r.stdout;
      // The table shows the JSON's numbers, month by month.
      for (const m of json.months) {
        const row = out.split('\n').find((l) => l.startsWith(`│ ${m.month}`))!;
        expect(row, m.month).toBeDefined();
        for (const v of [m.inflow, m.outflow, m.net]) expect(row).toContain(formatMoney(v, 'usd'));
      }
      expect(out).toContain(formatMoney(json.totals.net, 'usd'));
      expect(out).toMatch(/ACME CORP PAYROLL\s+│ biweekly\s+│ \$2,450\.00/);
      expect(out).toContain(`Average balance (estimated): ${formatMoney(json.balance!.average, 'usd')}`);
      expect(out).toContain(`${json.fees.overdraft.count} overdraft fee(s)`);
      // The chart: asciichart's axis and line characters, labelled with money.
      expect(out).toContain('Estimated daily balance');
      expect(out).toMatch(/\$\d+(\.\d)?k ┤/);
      expect(out).toMatch(/[╭╮╰╯─]{1}/);
      expect(out).toContain(json.period.from);
    });

    it('insights --months 2 covers two months; a bad --months exits 2', async () => {
      const two = await env.fcJson<AccountInsights>(['accounts', 'insights', fca, '--months', '2']);
      expect(two.months).toHaveLength(2);
      const bad = await env.fc(['accounts', 'insights', fca, '--months', '0']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--months');
    });

    it('verify-owner: "jenny rosen" matches the owner Jenny Rosen and exits 0; a different name exits 1', async () => {
      const ok = await env.fc(['accounts', 'verify-owner', fca, '--name', 'jenny rosen']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/name\s+│ jenny rosen\s+│ Jenny Rosen\s+│ match/);
      expect(ok.stdout).toContain('Verdict: MATCH');

      const other = await env.fc(['accounts', 'verify-owner', fca, '--name', 'Mateo Rosen']);
      expect(other.code).toBe(1);
      expect(other.stdout).toContain('Verdict: NO MATCH');
      expect(other.stderr).toContain('no match');

      const all = await env.fc(['accounts', 'verify-owner', fca, '--name', 'Rosen, Jenny', '--email', 'JENNY.ROSEN@example.com', '--phone', '(415) 555-0142', '--address', '510 Townsend Street, San Francisco, California 94103', '--json']);
      expect(all.code, all.stderr).toBe(0);
      const v = JSON.parse(all.stdout) as OwnerVerification;
      expect(v.verdict).toBe('match');
      expect(v.fields.map((f) => f.result)).toEqual(['match', 'match', 'match', 'match']);

      const none = await env.fc(['accounts', 'verify-owner', fca]);
      expect(none.code).toBe(2);
    });

    it('verify-owner --customer compares the Customer’s own details', async () => {
      const cus = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'jenny.rosen@example.com', '--name', 'Jenny Rosen', '--phone', '4155550142']);
      const r = await env.fc(['accounts', 'verify-owner', fca, '--customer', cus.id, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as OwnerVerification).fields.map((f) => [f.field, f.result])).toEqual([
        ['name', 'match'],
        ['email', 'match'],
        ['phone', 'match'],
      ]);
    });
  });

  it('events list filters by a type group; events follow prints new events as they arrive until interrupted', async () => {
    const { accounts } = await link(env, ['checking'], 'balances');
    const list = await env.fcJson<Stripe.Event[]>(['events', 'list', '--type', 'financial_connections.account.*', '--limit', '100']);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((e) => e.type.startsWith('financial_connections.account.'))).toBe(true);
    expect(list.some((e) => e.type === 'financial_connections.account.created' && (e.data.object as { id: string }).id === accounts.checking)).toBe(true);
    // At least three events exist now (two customers, a linked account): --limit 2 shows two.
    await env.fcJson(['customers', 'create', '--email', 'events@example.com']);
    const table = await env.fc(['events', 'list', '--limit', '2']);
    expect(table.stdout.split('\n').filter((l) => l.includes('evt_'))).toHaveLength(2);
    expect((await env.fc(['events', 'list', '--type', 'Not A Type'])).code).toBe(2);

    const child = spawn(process.execPath, [BIN, 'events', 'follow', '--type', 'customer.*', '--interval', '0.2', '--json'], {
      env: { ...baseEnv(env.home), FC_API_BASE: env.sandbox.url },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = async (ok: () => boolean, what: string) => {
      for (let i = 0; i < 150 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!ok()) throw new Error(`timed out waiting for ${what}; stderr: ${stderr}`);
    };
    await until(() => stderr.includes('Following'), 'follow to start');
    // Old events are not replayed.
    await new Promise((r) => setTimeout(r, 500));
    expect(stdout).toBe('');
    const a = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'follow1@example.com']);
    const b = await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'follow2@example.com']);
    await until(() => stdout.split('\n').filter(Boolean).length >= 2, 'two events');
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await code).toBe(130);
    const events = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Stripe.Event);
    expect(events.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([
      ['customer.created', a.id],
      ['customer.created', b.id],
    ]);
  });
});
