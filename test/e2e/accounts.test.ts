import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createStripeClient } from '../../src/api/client.js';
import { completeSession } from '../../src/api/sandbox-helpers.js';
import { useSandbox } from '../helpers/cli.js';
import { SANDBOX_KEY } from '../../src/api/target.js';

type Account = Stripe.FinancialConnections.Account;
type Owner = Stripe.FinancialConnections.AccountOwner;
type Txn = Stripe.FinancialConnections.Transaction;

const ALL_PERMISSIONS = 'balances,ownership,payment_method,transactions';
/** Test Institution's accounts by last4 (fc sandbox institutions). */
const LAST4: Record<string, string> = {
  '6789': 'checking',
  '4321': 'savings',
  '1005': 'credit_card',
  '2468': 'joint',
  '3690': 'no_ownership',
  '1357': 'refresh_fails',
};

describe('fc accounts (against a sandbox on port 0)', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  let stripe: Stripe;

  /** Links accounts as a new user would: fc customers create, fc sessions create, then the sandbox finishes the bank flow. */
  async function link(opts: { accounts: string[]; permissions?: string; prefetch?: string; customer?: string }) {
    const customer = opts.customer ?? (await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'jenny.rosen@example.com'])).id;
    const session = await env.fcJson<Stripe.FinancialConnections.Session>([
      'sessions', 'create', '--customer', customer, '--permissions', opts.permissions ?? ALL_PERMISSIONS,
      ...(opts.prefetch ? ['--prefetch', opts.prefetch] : []),
    ]);
    const done = await completeSession(stripe, session.id, { accounts: opts.accounts });
    const byKey: Record<string, string> = {};
    for (const a of done.accounts.data) byKey[LAST4[a.last4!]!] = a.id;
    return { customer, session: session.id, fca: byKey };
  }

  beforeAll(async () => {
    env = await useSandbox({ refreshDelayMs: 200 });
    stripe = await createStripeClient({ key: SANDBOX_KEY, apiBase: new URL(env.sandbox.url), maxNetworkRetries: 0 });
  });
  afterAll(async () => env.stop());

  describe('a fully permitted checking account', () => {
    let fca: string;
    beforeAll(async () => {
      fca = (await link({ accounts: ['checking'] })).fca.checking!;
    });
    /** Transactions to read, whether or not an earlier test refreshed them (a too-early refresh keeps the last data). */
    const haveTransactions = async () => expect((await env.fc(['accounts', 'refresh', fca, '--features', 'transactions'])).code).toBe(0);

    it('tells a new user what to run when there is no data yet', async () => {
      const txns = await env.fc(['accounts', 'transactions', fca]);
      expect(txns.code).toBe(1);
      expect(txns.stdout).toBe('');
      expect(txns.stderr).toContain(`fc accounts refresh ${fca} --features transactions`);
      expect(txns.stderr).toContain(`fc accounts subscribe ${fca}`);
      expect(txns.stderr).toContain('financial_connections_no_successful_transaction_refresh');

      const csv = await env.fc(['accounts', 'transactions', fca, '--all', '--format', 'csv']);
      expect(csv.code).toBe(1);
      expect(csv.stdout).toBe('');

      const balance = await env.fc(['accounts', 'balance', fca]);
      expect(balance.code).toBe(1);
      expect(balance.stderr).toContain(`fc accounts balance ${fca} --refresh`);
      const owners = await env.fc(['accounts', 'ownership', fca]);
      expect(owners.code).toBe(1);
      expect(owners.stderr).toContain(`fc accounts ownership ${fca} --refresh`);
    });

    it('refresh --features balance,ownership,transactions exits 0 and shows all three succeeded', async () => {
      const r = await env.fc(['accounts', 'refresh', fca, '--features', 'balance,ownership,transactions']);
      expect(r.code, r.stderr).toBe(0);
      for (const f of ['balance', 'ownership', 'transactions']) expect(r.stdout).toMatch(new RegExp(`│ ${f}\\s+│ succeeded\\s+│`));
      // Off a TTY progress is plain lines on stderr, not spinner frames.
      expect(r.stderr).toContain(`Refreshing balance, ownership, transactions of ${fca}…`);
      expect(r.stderr).not.toMatch(/\u001b\[/);

      const account = await env.fcJson<Account>(['accounts', 'get', fca]);
      expect(account.balance_refresh?.status).toBe('succeeded');
      expect(account.ownership_refresh?.status).toBe('succeeded');
      expect(account.transaction_refresh?.status).toBe('succeeded');
    });

    it('an immediate second refresh is reported as too early, with the last status', async () => {
      // The first refresh is this test's own, so it passes alone as well as after the others.
      expect((await env.fc(['accounts', 'refresh', fca, '--features', 'balance'])).code).toBe(0);
      const r = await env.fc(['accounts', 'refresh', fca, '--features', 'balance']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/│ balance\s+│ succeeded\s+│/);
      expect(r.stdout).toMatch(/not started \(too early\).*next possible \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    });

    it('transactions --all --format csv streams a header and every transaction', async () => {
      await haveTransactions();
      const r = await env.fc(['accounts', 'transactions', fca, '--all', '--format', 'csv']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('id,transacted_at,description,amount,amount_formatted,currency,status');
      const rows = lines.slice(1);
      expect(rows.length).toBeGreaterThanOrEqual(100);

      const all = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--all']);
      expect(rows).toHaveLength(all.length);
      expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
      // Newest first, as the API pages them.
      expect(all.map((t) => t.transacted_at)).toEqual([...all.map((t) => t.transacted_at)].sort((a, b) => b - a));
      const first = all[0]!;
      const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(first.amount / 100);
      const quoted = money.includes(',') ? `"${money}"` : money;
      expect(rows[0]).toBe(
        `${first.id},${new Date(first.transacted_at * 1000).toISOString().replace('.000Z', 'Z')},${first.description},${first.amount},${quoted},usd,${first.status}`,
      );
      for (const row of rows) expect(row).toMatch(/^fctxn_\w+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,.+,-?\d+,"?-?\$[\d,.]+"?,usd,(pending|posted|void)$/);
      expect(r.stderr).not.toContain('Wrote');
    });

    it('transactions --since/--until narrow to whole days in the user time zone', async () => {
      await haveTransactions();
      const all = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--all']);
      // A month inside the ~180 days of history, read in Tokyo (UTC+9, no DST).
      const mid = new Date(all[Math.floor(all.length / 2)]!.transacted_at * 1000);
      const y = mid.getUTCFullYear();
      const m = mid.getUTCMonth();
      const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const pad = (n: number) => String(n).padStart(2, '0');
      const since = `${y}-${pad(m + 1)}-01`;
      const until = `${y}-${pad(m + 1)}-${pad(lastDay)}`;
      const gte = Date.UTC(y, m, 1) / 1000 - 9 * 3600;
      const lt = Date.UTC(y, m + 1, 1) / 1000 - 9 * 3600;
      const expected = all.filter((t) => t.transacted_at >= gte && t.transacted_at < lt).map((t) => t.id);
      expect(expected.length).toBeGreaterThan(10);
      expect(expected.length).toBeLessThan(all.length);

      const tokyo = { env: { TZ: 'Asia/Tokyo' } };
      const csv = await env.fc(['accounts', 'transactions', fca, '--since', since, '--until', until, '--all', '--format', 'csv'], tokyo);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(expected);

      const json = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--since', since, '--until', until, '--all'], tokyo);
      expect(json.map((t) => t.id)).toEqual(expected);

      // One day, and a status filter applied on top.
      const day = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--since', since, '--until', since, '--all'], tokyo);
      expect(day.map((t) => t.id)).toEqual(all.filter((t) => t.transacted_at >= gte && t.transacted_at < gte + 86_400).map((t) => t.id));
      const posted = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--since', since, '--until', until, '--status', 'posted', '--all'], tokyo);
      expect(posted.map((t) => t.id)).toEqual(all.filter((t) => expected.includes(t.id) && t.status === 'posted').map((t) => t.id));
    });

    it('transactions --json --limit 5 prints 5 fctxn_ objects; the table shows formatted amounts', async () => {
      await haveTransactions();
      const five = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--limit', '5']);
      expect(five).toHaveLength(5);
      for (const t of five) {
        expect(t.id).toMatch(/^fctxn_/);
        expect(t.object).toBe('financial_connections.transaction');
        expect(t.account).toBe(fca);
      }
      const all = await env.fcJson<Txn[]>(['accounts', 'transactions', fca, '--all']);
      expect(five).toEqual(all.slice(0, 5));

      const table = await env.fc(['accounts', 'transactions', fca, '--limit', '20']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/Date\s+│ Description\s+│\s+Amount │ Status\s+│ ID/);
      expect(table.stdout).toMatch(/│\s+-\$\d[\d,]*\.\d{2} │/);
      expect(table.stdout).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(table.stdout.trim().split('\n')).toHaveLength(20 + 3);
    });

    it('balance and ownership print after the refresh', async () => {
      // This test's own refresh (or, after the test above, a too-early one that leaves that data): it passes alone.
      expect((await env.fc(['accounts', 'refresh', fca, '--features', 'balance,ownership'])).code).toBe(0);
      const b = await env.fc(['accounts', 'balance', fca]);
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(/Current\s+│ \$[\d,]+\.\d{2}/);
      expect(b.stdout).toMatch(/Available\s+│ \$[\d,]+\.\d{2}/);
      expect(b.stdout).toMatch(/As of\s+│ \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      const bj = await env.fcJson<Account>(['accounts', 'balance', fca]);
      expect(bj.balance?.type).toBe('cash');

      const owners = await env.fcJson<Owner[]>(['accounts', 'ownership', fca]);
      expect(owners).toHaveLength(1);
      expect(owners[0]!.id).toMatch(/^fcaown_/);
      const t = await env.fc(['accounts', 'ownership', fca]);
      expect(t.stdout).toMatch(/Name\s+│ Email\s+│ Phone\s+│ Address/);
      expect(t.stdout).toContain(owners[0]!.name);
    });

    it('subscribe and unsubscribe', async () => {
      const sub = await env.fcJson<Account>(['accounts', 'subscribe', fca]);
      expect(sub.subscriptions).toEqual(['transactions']);
      const unsub = await env.fcJson<Account>(['accounts', 'unsubscribe', fca]);
      expect(unsub.subscriptions).toEqual([]);
      const table = await env.fc(['accounts', 'subscribe', fca]);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain(`Subscribed Checking ••6789 (${fca}) to daily transaction refreshes.`);
    });
  });

  it('ownership of the joint account lists two owners with fcaown_ ids; no-ownership lists none', async () => {
    const { fca } = await link({ accounts: ['joint', 'no_ownership'], prefetch: 'ownership' });
    const joint = await env.fcJson<Owner[]>(['accounts', 'ownership', fca.joint!, '--refresh']);
    expect(joint).toHaveLength(2);
    for (const o of joint) expect(o.id).toMatch(/^fcaown_/);
    expect(joint.map((o) => o.name)).toEqual(['Jenny Rosen', 'Mateo Rosen']);

    const none = await env.fc(['accounts', 'ownership', fca.no_ownership!, '--refresh', '--json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('refreshing ownership without the ownership permission exits 3, a permission error, with the link command that fixes it', async () => {
    const { fca } = await link({ accounts: ['savings'], permissions: 'balances,payment_method' });
    const r = await env.fc(['accounts', 'refresh', fca.savings!, '--features', 'ownership']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("without the 'ownership' permission");
    expect(r.stderr).toMatch(/fc link --customer cus_\w+ --permissions balances,payment_method,ownership/);
    const b = await env.fc(['accounts', 'ownership', fca.savings!, '--refresh']);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain("without the 'ownership' permission");
  });

  it('a failing refresh exits 1 and shows failed; balance --refresh on a credit card shows Used', async () => {
    const { fca } = await link({ accounts: ['refresh_fails', 'credit_card'] });
    const r = await env.fc(['accounts', 'refresh', fca.refresh_fails!, '--features', 'balance,transactions']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/│ balance\s+│ failed\s+│/);
    expect(r.stdout).toMatch(/│ transactions\s+│ failed\s+│/);
    expect(r.stderr).toContain('The balance, transactions refreshes of');

    const credit = await env.fc(['accounts', 'balance', fca.credit_card!, '--refresh']);
    expect(credit.code, credit.stderr).toBe(0);
    expect(credit.stdout).toMatch(/Current\s+│ -\$[\d,]+\.\d{2}/);
    expect(credit.stdout).toMatch(/Used\s+│ \$[\d,]+\.\d{2}/);
  });

  it('refresh --no-wait returns pending at once; a short --timeout exits 5, still pending, with what is known', async () => {
    const { fca } = await link({ accounts: ['checking'] });
    const nowait = await env.fcJson<Account>(['accounts', 'refresh', fca.checking!, '--features', 'balance', '--no-wait']);
    expect(nowait.balance_refresh?.status).toBe('pending');

    const slow = env.sandbox.settings.refreshDelayMs;
    env.sandbox.settings.refreshDelayMs = 30_000;
    try {
      const r = await env.fc(['accounts', 'refresh', fca.checking!, '--features', 'ownership', '--timeout', '1']);
      expect(r.code).toBe(5);
      expect(r.stdout).toMatch(/│ ownership\s+│ pending\s+│.*still pending after 1s/);
      expect(r.stderr).toContain('Timed out after 1s');
    } finally {
      env.sandbox.settings.refreshDelayMs = slow;
    }
  });

  it('lists accounts by customer or session, as a table or a JSON array', async () => {
    const { customer, session, fca } = await link({ accounts: ['checking', 'savings'] });
    const list = await env.fcJson<Account[]>(['accounts', 'list', '--customer', customer]);
    expect(list.map((a) => a.id).sort()).toEqual([fca.checking, fca.savings].sort());
    const bySession = await env.fcJson<Account[]>(['accounts', 'list', '--session', session]);
    expect(bySession.map((a) => a.id).sort()).toEqual(list.map((a) => a.id).sort());
    const table = await env.fc(['accounts', 'list', '--customer', customer]);
    expect(table.stdout).toMatch(/ID\s+│ Account\s+│ Status\s+│ ACH\s+│ Permissions/);
    expect(table.stdout).toContain('Checking ••6789');
    expect(table.stdout).toContain('Savings ••4321 · Test Institution');

    const get = await env.fc(['accounts', 'get', fca.checking!]);
    expect(get.stdout).toMatch(/Institution\s+│ Test Institution/);
    expect(get.stdout).toMatch(/Permissions\s+│ balances, ownership, payment_method, transactions/);
  });

  it('disconnect needs --yes without a TTY: exit 2, nothing sent; with --yes it disconnects', async () => {
    const { fca } = await link({ accounts: ['checking'] });
    const id = fca.checking!;
    const before = env.requestCount();
    const r = await env.fc(['accounts', 'disconnect', id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(env.requestCount()).toBe(before);
    expect((await env.fcJson<Account>(['accounts', 'get', id])).status).toBe('active');

    const yes = await env.fcJson<Account>(['accounts', 'disconnect', id, '--yes']);
    expect(yes.status).toBe('disconnected');
    const refresh = await env.fc(['accounts', 'refresh', id, '--features', 'balance']);
    expect(refresh.code).toBe(1);
    expect(refresh.stderr).toContain('disconnected');
  });

  it('bulk refresh: one row per account, failures and skips explained', async () => {
    const { customer, fca } = await link({ accounts: ['checking', 'joint', 'refresh_fails'] });
    const limited = await link({ customer, accounts: ['savings'], permissions: 'balances,payment_method' });
    const r = await env.fc(['accounts', 'refresh', '--customer', customer, '--all', '--features', 'balance,ownership', '--concurrency', '2']);
    expect(r.code).toBe(1);
    const row = (id: string) => r.stdout.split('\n').find((l) => l.includes(id)) ?? '';
    expect(row(fca.checking!)).toMatch(/│ succeeded\s+│ succeeded\s+│/);
    expect(row(fca.joint!)).toMatch(/│ succeeded\s+│ succeeded\s+│/);
    expect(row(fca.refresh_fails!)).toMatch(/│ failed\s+│ failed\s+│/);
    expect(row(limited.fca.savings!)).toMatch(/│ succeeded\s+│ —\s+│ skipped ownership: no 'ownership' permission/);
    expect(r.stderr).toContain('Refreshes failed for 1 of 4 accounts');

    const good = await link({ accounts: ['checking', 'savings', 'joint'] });
    const ok = await env.fcJson<Account[]>(['accounts', 'refresh', '--customer', good.customer, '--all', '--features', 'balance']);
    expect(ok).toHaveLength(3);
    for (const a of ok) expect(a.balance_refresh?.status).toBe('succeeded');
  });

  it('rejects bad input with exit 2 before sending anything', async () => {
    const before = env.requestCount();
    const cases: string[][] = [
      ['accounts', 'get', 'acct_123'],
      ['accounts', 'balance', 'fca_'],
      ['accounts', 'list'],
      ['accounts', 'list', '--customer', 'cus_1', '--session', 'fcsess_1'],
      ['accounts', 'list', '--session', 'cus_1'],
      ['accounts', 'refresh', 'fca_123'],
      ['accounts', 'refresh', 'fca_123', '--features', 'balance,nope'],
      ['accounts', 'refresh', '--customer', 'cus_123', '--features', 'balance'],
      ['accounts', 'refresh', 'fca_123', '--customer', 'cus_123', '--all', '--features', 'balance'],
      ['accounts', 'refresh', '--customer', 'cus_123', '--all', '--features', 'balance', '--concurrency', '0'],
      ['accounts', 'refresh', 'fca_123', '--features', 'balance', '--timeout', 'soon'],
      ['accounts', 'transactions', 'fca_123', '--since', '2026-02-30'],
      ['accounts', 'transactions', 'fca_123', '--since', '2026-02-02', '--until', '2026-02-01'],
      ['accounts', 'transactions', 'fca_123', '--status', 'cleared'],
      ['accounts', 'transactions', 'fca_123', '--format', 'xml'],
      ['accounts', 'balance', 'fca_123', '--format', 'csv'],
    ];
    for (const args of cases) {
      const r = await env.fc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(env.requestCount()).toBe(before);
  });
});
