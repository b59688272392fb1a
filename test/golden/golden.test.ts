import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runFcInProcess, tempHome } from '../helpers/cli.js';
import { seedIds } from '../../src/sandbox/ids.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

/**
 * What people and scripts see, command by command: each command's table (or text)
 * and its --json, under a fixed clock (2026-01-15 12:00 in New York) against a
 * fresh sandbox whose ids (and so its generated bank data) come from a fixed seed.
 * A layout change fails the test named after the command; when the change is meant,
 * `npm run test:update-golden` rewrites test/golden/__golden__/ (review the diff).
 */
const START_MS = Date.UTC(2026, 0, 15, 17, 0, 0);
const TZ = 'America/New_York';

/** fc pay's attempt token is made by fc (not the sandbox) and names its idempotency keys: shown as zeros. */
function normalise(text: string): string {
  return text.replace(/(fc-pay-|"fc_attempt": ")([A-Za-z0-9_-]{16})/g, (_w, lead: string, tail: string) => `${lead}${'0'.repeat(tail.length)}`);
}

let now = START_MS;
/** The time when the data is set up: every golden test starts there, so none depends on how many ran before it. */
let ready = START_MS;
let sandbox: RunningSandbox;
let home: ReturnType<typeof tempHome>;
const created: Record<string, string> = {};

/** Runs fc in-process at the fixed time (then moves the clock on a second, so lists have an order). */
async function fc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const at = now;
  const r = await runFcInProcess(home.path, args, { env: { FC_API_BASE: sandbox.url, TZ }, clock: { now: () => new Date(at) } });
  now += 1000;
  return r;
}

async function json<T>(args: string[]): Promise<T> {
  const r = await fc([...args, '--json']);
  if (r.code !== 0) throw new Error(`fc ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  // Bank data is generated from ids: seeded ids make every run's data the same.
  seedIds('golden');
  home = tempHome();
  sandbox = await startSandbox({
    dbPath: ':memory:',
    clock: { nowMs: () => now },
    settings: { refreshDelayMs: 0, settleDelayMs: 0, refreshCooldownMs: 0 },
  });
  const customer = await json<{ id: string }>(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen']);
  const session = await json<{ id: string }>(['sessions', 'create', '--customer', customer.id, '--permissions', 'balances,ownership,payment_method,transactions']);
  const done = await json<{ accounts: { data: { id: string }[] } }>(['sandbox', 'complete', session.id, '--accounts', 'checking']);
  const account = done.accounts.data[0]!.id;
  await json(['accounts', 'refresh', account, '--features', 'balance,ownership,transactions']);
  const pi = await json<{ id: string }>(['pay', '--account', account, '--customer', customer.id, '--amount', '1500', '--mandate-ip', '192.0.2.10', '--yes']);
  Object.assign(created, { customer: customer.id, session: session.id, account, payment: pi.id });
  ready = now;
});

beforeEach(() => {
  now = ready;
});

afterAll(async () => {
  seedIds(undefined);
  await sandbox?.close();
  home?.cleanup();
});

/** Each command as a person runs it, and with --json (where it prints data). */
const COMMANDS: { name: string; args: (c: Record<string, string>) => string[]; json?: boolean; csv?: boolean }[] = [
  { name: 'customers get', args: (c) => ['customers', 'get', c.customer!] },
  { name: 'customers list', args: () => ['customers', 'list'], csv: true },
  { name: 'sessions get', args: (c) => ['sessions', 'get', c.session!] },
  { name: 'accounts list', args: (c) => ['accounts', 'list', '--customer', c.customer!], csv: true },
  { name: 'accounts get', args: (c) => ['accounts', 'get', c.account!] },
  { name: 'accounts balance', args: (c) => ['accounts', 'balance', c.account!] },
  { name: 'accounts ownership', args: (c) => ['accounts', 'ownership', c.account!] },
  { name: 'accounts transactions', args: (c) => ['accounts', 'transactions', c.account!, '--limit', '5'], csv: true },
  { name: 'accounts insights', args: (c) => ['accounts', 'insights', c.account!, '--months', '3'] },
  { name: 'accounts verify-owner', args: (c) => ['accounts', 'verify-owner', c.account!, '--name', 'Jenny Rosen'] },
  { name: 'payments get', args: (c) => ['payments', 'get', c.payment!] },
  { name: 'payments list', args: () => ['payments', 'list'] },
  { name: 'events list', args: () => ['events', 'list', '--limit', '5'] },
  { name: 'doctor', args: (c) => ['doctor', c.customer!] },
  { name: 'sandbox institutions', args: () => ['sandbox', 'institutions'] },
  { name: 'config profiles', args: () => ['config', 'profiles'] },
];

describe('golden output (npm run test:update-golden rewrites it)', () => {
  for (const cmd of COMMANDS) {
    const file = (suffix: string) => `./__golden__/${cmd.name.replace(/ /g, '-')}${suffix}.txt`;
    it(`fc ${cmd.name}: table`, async () => {
      const r = await fc(cmd.args(created));
      await expect(`exit ${r.code}\n${normalise(r.stdout)}`).toMatchFileSnapshot(file(''));
    });
    if (cmd.json !== false) {
      it(`fc ${cmd.name}: --json`, async () => {
        const r = await fc([...cmd.args(created), '--json']);
        await expect(`exit ${r.code}\n${normalise(r.stdout)}`).toMatchFileSnapshot(file('.json'));
      });
    }
    if (cmd.csv) {
      it(`fc ${cmd.name}: --format csv`, async () => {
        const r = await fc([...cmd.args(created), '--format', 'csv']);
        await expect(`exit ${r.code}\n${normalise(r.stdout)}`).toMatchFileSnapshot(file('.csv'));
      });
    }
  }
});

