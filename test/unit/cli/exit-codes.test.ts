import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../../src/api/client.js';
import type { Prompter } from '../../../src/io/prompter.js';
import { inprocSandbox, runInproc, type InprocOptions } from '../../helpers/run-inproc.js';

/**
 * The exit-code contract (README "Exit codes"), command by command: every row is
 * one command, one class of failure, the code a script sees. Each row runs.
 *
 *   0 ok · 1 API rejected · 2 usage, nothing sent · 3 auth or permission · 4 network
 *   5 still pending at --timeout · 70 broken install or bug · 130 interrupted or declined
 */
type Env = Awaited<ReturnType<typeof inprocSandbox>>;
let fast: Env;
let slow: Env;
let refused: http.Server;
let refusedBase: string;
const ids = { cus: '', fca: '', fcaNoTxn: '', fcaNoPay: '', fcaProcessing: '', pi: '', piProcessing: '', sess: '', slowFca: '' };

function declining(): Prompter {
  const no = async () => false;
  const fail = async (): Promise<never> => {
    throw new Error('no other question expected');
  };
  return { canPrompt: () => true, confirm: no, input: fail, password: fail, select: fail, checkbox: fail };
}

beforeAll(async () => {
  fast = await inprocSandbox();
  slow = await inprocSandbox({ refreshDelayMs: 600_000 });
  // An API that refuses every key, as Stripe does a revoked one.
  refused = http.createServer((_req, res) => {
    res.statusCode = 401;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } }));
  });
  await new Promise<void>((r) => refused.listen(0, '127.0.0.1', r));
  refusedBase = `http://127.0.0.1:${(refused.address() as AddressInfo).port}`;

  for (const env of [fast, slow]) {
    const cus = (await env.json<{ id: string }>(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen'])).id;
    const link = async (permissions: string, accounts: string) => {
      const sess = (await env.json<{ id: string }>(['sessions', 'create', '--customer', cus, '--permissions', permissions])).id;
      await env.fc(['sandbox', 'complete', sess, '--accounts', accounts]);
      return { sess, fca: (await env.json<{ id: string }[]>(['accounts', 'list', '--session', sess]))[0]!.id };
    };
    if (env === slow) {
      ids.slowFca = (await link('balances,payment_method', 'checking')).fca;
      continue;
    }
    ids.cus = cus;
    const all = await link('balances,ownership,payment_method,transactions', 'checking');
    ids.sess = all.sess;
    ids.fca = all.fca;
    ids.fcaNoTxn = (await link('balances,payment_method', 'savings')).fca;
    ids.fcaNoPay = (await link('balances', 'checking')).fca;
    ids.fcaProcessing = (await link('payment_method', 'processing')).fca;
    ids.pi = (await env.json<{ id: string }>(['pay', '--account', ids.fca, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes'])).id;
    ids.piProcessing = (await env.json<{ id: string }>(['pay', '--account', ids.fcaProcessing, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes', '--no-wait'])).id;
  }
});
afterAll(async () => {
  refused.close();
  await fast.stop();
  await slow.stop();
});

type Where = 'fast' | 'slow' | 'refused' | 'closed' | 'bug' | 'broken';
interface Row {
  command: string;
  failure: string;
  code: number;
  where: Where;
  args: () => string[];
  opts?: InprocOptions;
  /** What stderr must say, so the code comes with its reason. */
  says: RegExp;
}

const CI = { env: { CI: 'true' }, tty: true };
const decline: InprocOptions = { tty: true, prompter: declining() };
const pay = (account: () => string, extra: string[] = []) => () => ['pay', '--account', account(), '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes', ...extra];

const ROWS: Row[] = [
  // 2: usage — bad or missing input, nothing sent
  { command: 'customers create', failure: 'bad flag value', code: 2, where: 'fast', args: () => ['customers', 'create', '--email', 'not-an-email'], says: /--email/ },
  { command: 'customers get', failure: 'malformed id', code: 2, where: 'fast', args: () => ['customers', 'get', 'nope'], says: /<id>/ },
  { command: 'sessions create', failure: 'bad flag value', code: 2, where: 'fast', args: () => ['sessions', 'create', '--customer', ids.cus, '--permissions', 'everything'], says: /--permissions/ },
  { command: 'sessions get', failure: 'missing input off a TTY', code: 2, where: 'fast', args: () => ['sessions', 'get'], says: /Missing <fcsess_…>/ },
  { command: 'accounts list', failure: 'missing input with CI set', code: 2, where: 'fast', args: () => ['accounts', 'list'], opts: CI, says: /Missing --customer.*CI is set/ },
  { command: 'accounts transactions', failure: 'bad date', code: 2, where: 'fast', args: () => ['accounts', 'transactions', ids.fca, '--since', 'yesterday'], says: /--since/ },
  { command: 'accounts refresh', failure: 'all missing inputs named at once', code: 2, where: 'fast', args: () => ['accounts', 'refresh'], says: /Missing <fca_…>.* and --features/ },
  { command: 'accounts disconnect', failure: 'missing input with CI set', code: 2, where: 'fast', args: () => ['accounts', 'disconnect'], opts: CI, says: /Missing <fca_…> and --yes/ },
  { command: 'payments cancel', failure: 'missing input with CI set', code: 2, where: 'fast', args: () => ['payments', 'cancel'], opts: CI, says: /Missing <pi_…> and --yes/ },
  { command: 'pay', failure: 'missing inputs with --yes given, in CI', code: 2, where: 'fast', args: () => ['pay', '--amount', '100', '--yes'], opts: CI, says: /Missing --account <fca_…> and --mandate-ip <ip>:/ },
  { command: 'accounts disconnect', failure: 'no --yes off a TTY', code: 2, where: 'fast', args: () => ['accounts', 'disconnect', ids.fca], says: /--yes/ },
  { command: 'pay', failure: 'all missing inputs named at once, in CI', code: 2, where: 'fast', args: () => ['pay'], opts: CI, says: /Missing --account <fca_…>, --amount <minor units>, --mandate-ip <ip> and --yes/ },
  { command: 'pay', failure: 'no --yes off a TTY', code: 2, where: 'fast', args: () => ['pay', '--account', ids.fca, '--amount', '100', '--mandate-ip', '71.183.194.54', '--description', 'x'], says: /--yes/ },
  { command: 'payments get', failure: 'missing input off a TTY', code: 2, where: 'fast', args: () => ['payments', 'get'], says: /Missing <pi_…>/ },
  { command: 'payments cancel', failure: 'no --yes off a TTY', code: 2, where: 'fast', args: () => ['payments', 'cancel', ids.piProcessing], says: /--yes/ },
  { command: 'sandbox reset', failure: 'no --yes off a TTY', code: 2, where: 'fast', args: () => ['sandbox', 'reset'], says: /--yes.*Nothing was done/ },
  { command: 'sandbox advance', failure: 'bad duration', code: 2, where: 'fast', args: () => ['sandbox', 'advance', 'soon'], says: /duration/i },
  { command: 'api', failure: 'bad method', code: 2, where: 'fast', args: () => ['api', 'put', '/v1/customers'], says: /<method>/ },
  { command: 'api', failure: 'bad --stripe-account', code: 2, where: 'fast', args: () => ['--stripe-account', 'x', 'api', 'get', '/v1/customers'], says: /--stripe-account/ },
  { command: 'config use', failure: 'unknown profile', code: 2, where: 'fast', args: () => ['config', 'use', 'nosuch'], says: /profile/ },
  { command: 'help', failure: 'unknown option', code: 2, where: 'fast', args: () => ['customers', 'list', '--nope'], says: /--nope/ },

  // 1: the API rejected the request
  { command: 'customers get', failure: 'no such object', code: 1, where: 'fast', args: () => ['customers', 'get', 'cus_missing1'], says: /resource_missing/ },
  { command: 'sessions get', failure: 'no such object', code: 1, where: 'fast', args: () => ['sessions', 'get', 'fcsess_missing1'], says: /resource_missing/ },
  { command: 'accounts get', failure: 'no such object', code: 1, where: 'fast', args: () => ['accounts', 'get', 'fca_missing1'], says: /resource_missing/ },
  { command: 'payments get', failure: 'no such object', code: 1, where: 'fast', args: () => ['payments', 'get', 'pi_missing1'], says: /resource_missing/ },
  { command: 'sandbox complete', failure: 'session already completed', code: 1, where: 'fast', args: () => ['sandbox', 'complete', ids.sess], says: /already/ },
  { command: 'api', failure: 'no such object', code: 1, where: 'fast', args: () => ['api', 'get', '/v1/customers/cus_missing1'], says: /resource_missing/ },

  // 3: authentication or permission
  { command: 'customers list', failure: 'key refused', code: 3, where: 'refused', args: () => ['customers', 'list'], says: /Invalid API Key/ },
  { command: 'accounts list', failure: 'key refused', code: 3, where: 'refused', args: () => ['accounts', 'list', '--customer', 'cus_123'], says: /Invalid API Key/ },
  { command: 'api', failure: 'key refused', code: 3, where: 'refused', args: () => ['api', 'get', '/v1/customers'], says: /Invalid API Key/ },
  { command: 'accounts refresh', failure: 'missing permission', code: 3, where: 'fast', args: () => ['accounts', 'refresh', ids.fcaNoTxn, '--features', 'transactions'], says: /fc link --customer cus_\w+ --permissions balances,payment_method,transactions/ },
  { command: 'accounts transactions', failure: 'missing permission', code: 3, where: 'fast', args: () => ['accounts', 'transactions', ids.fcaNoTxn], says: /fc link --customer cus_\w+ --permissions balances,payment_method,transactions/ },
  { command: 'accounts ownership', failure: 'missing permission', code: 3, where: 'fast', args: () => ['accounts', 'ownership', ids.fcaNoTxn], says: /fc link --customer/ },
  { command: 'pay', failure: 'missing permission', code: 3, where: 'fast', args: pay(() => ids.fcaNoPay), says: /payment_method permission/ },

  // 4: network or server unavailable
  { command: 'customers list', failure: 'connection refused', code: 4, where: 'closed', args: () => ['customers', 'list'], says: /Could not reach 127\.0\.0\.1:\d+: connection refused/ },
  { command: 'accounts get', failure: 'connection refused', code: 4, where: 'closed', args: () => ['accounts', 'get', 'fca_123'], says: /connection refused/ },
  { command: 'payments list', failure: 'connection refused', code: 4, where: 'closed', args: () => ['payments', 'list'], says: /connection refused/ },
  { command: 'pay', failure: 'connection refused', code: 4, where: 'closed', args: pay(() => 'fca_123'), says: /connection refused/ },
  { command: 'api', failure: 'connection refused', code: 4, where: 'closed', args: () => ['api', 'get', '/v1/customers'], says: /connection refused/ },

  // 5: still pending when --timeout ran out
  { command: 'accounts refresh', failure: 'refresh still pending', code: 5, where: 'slow', args: () => ['accounts', 'refresh', ids.slowFca, '--features', 'balance', '--timeout', '1'], says: /still pending/ },
  { command: 'accounts balance --refresh', failure: 'refresh still pending', code: 5, where: 'slow', args: () => ['accounts', 'balance', ids.slowFca, '--refresh', '--timeout', '1'], says: /still pending/ },
  { command: 'payments wait', failure: 'payment still processing', code: 5, where: 'fast', args: () => ['payments', 'wait', ids.piProcessing, '--timeout', '1'], says: /still processing/ },
  { command: 'pay', failure: 'payment still processing', code: 5, where: 'fast', args: pay(() => ids.fcaProcessing, ['--description', 'pending row', '--timeout', '1']), says: /still processing/ },
  { command: 'link', failure: 'link flow not finished', code: 5, where: 'fast', args: () => ['link', '--no-open', '--customer', ids.cus, '--timeout', '1'], says: /Timed out after 1s/ },

  // 70: fc itself could not run
  { command: 'customers list', failure: 'a bug, an unexpected exception', code: 70, where: 'bug', args: () => ['customers', 'list'], says: /Unexpected error \(a bug in fc/ },
  { command: 'accounts list', failure: 'native module missing', code: 70, where: 'broken', args: () => ['accounts', 'list', '--customer', 'cus_123'], says: /installation is incomplete/ },

  // 130: declined or interrupted
  { command: 'accounts disconnect', failure: 'confirmation declined', code: 130, where: 'fast', args: () => ['accounts', 'disconnect', ids.fca], opts: decline, says: /^Cancelled/m },
  { command: 'payments cancel', failure: 'confirmation declined', code: 130, where: 'fast', args: () => ['payments', 'cancel', ids.piProcessing], opts: decline, says: /^Cancelled/m },
  { command: 'sandbox reset', failure: 'confirmation declined', code: 130, where: 'fast', args: () => ['sandbox', 'reset'], opts: decline, says: /^Cancelled/m },
  { command: 'pay', failure: 'terms declined', code: 130, where: 'fast', args: () => ['pay', '--account', ids.fca, '--amount', '100', '--mandate-ip', '71.183.194.54', '--description', 'declined'], opts: decline, says: /^Cancelled: nothing was debited/m },
  // The commands above cover every class; these give the rest of the commands their own rows.
  { command: 'doctor', failure: 'malformed id', code: 2, where: 'fast', args: () => ['doctor', 'nope'], says: /<id>/ },
  { command: 'doctor', failure: 'no such object', code: 1, where: 'fast', args: () => ['doctor', 'cus_missing1'], says: /resource_missing/ },
  { command: 'doctor', failure: 'connection refused', code: 4, where: 'closed', args: () => ['doctor', 'cus_missing1'], says: /connection refused/ },
  { command: 'events list', failure: 'not an event type', code: 2, where: 'fast', args: () => ['events', 'list', '--type', 'bogus'], says: /--type/ },
  { command: 'events list', failure: 'connection refused', code: 4, where: 'closed', args: () => ['events', 'list'], says: /connection refused/ },
  { command: 'events get', failure: 'no such object', code: 1, where: 'fast', args: () => ['events', 'get', 'evt_missing1'], says: /resource_missing/ },
  { command: 'events resend', failure: 'no such object', code: 1, where: 'fast', args: () => ['events', 'resend', 'evt_missing1', '--to', 'http://127.0.0.1:9/'], says: /resource_missing/ },
  { command: 'accounts insights', failure: 'no such object', code: 1, where: 'fast', args: () => ['accounts', 'insights', 'fca_missing1'], says: /resource_missing/ },
  { command: 'accounts verify-owner', failure: 'missing permission', code: 3, where: 'fast', args: () => ['accounts', 'verify-owner', ids.fcaNoTxn, '--name', 'Jenny Rosen'], says: /ownership/ },
  { command: 'accounts transactions', failure: 'connection refused', code: 4, where: 'closed', args: () => ['accounts', 'transactions', 'fca_123'], says: /connection refused/ },
  { command: 'trigger', failure: 'unknown event type', code: 2, where: 'fast', args: () => ['trigger', 'no.such.event'], says: /--list/ },
  { command: 'completion', failure: 'unknown shell', code: 2, where: 'fast', args: () => ['completion', 'tcsh'], says: /bash, zsh, fish/ },
  { command: 'config logout', failure: 'no such profile', code: 2, where: 'fast', args: () => ['config', 'logout'], says: /no saved profile/ },
  { command: 'api', failure: 'DELETE declined', code: 130, where: 'fast', args: () => ['api', 'delete', `/v1/customers/${ids.cus}`], opts: decline, says: /^Cancelled/m },
];

async function run(row: Row) {
  const opts: InprocOptions = { ...row.opts, env: { ...row.opts?.env } };
  switch (row.where) {
    case 'fast':
      return fast.fc(row.args(), opts);
    case 'slow':
      return slow.fc(row.args(), opts);
    case 'refused':
      return runInproc(row.args(), { ...opts, env: { ...opts.env, FC_API_BASE: refusedBase } });
    case 'closed':
      // No retries: the class is what matters here, not stripe-node's back-off.
      return runInproc(row.args(), {
        ...opts,
        env: { ...opts.env, FC_API_BASE: 'http://127.0.0.1:9' },
        stripe: (t) => createStripeClient({ key: t.key, apiBase: t.apiBase, maxNetworkRetries: 0 }),
      });
    case 'bug':
      return runInproc(row.args(), { ...opts, env: { ...opts.env, FC_API_BASE: refusedBase }, stripe: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'id')")) });
    case 'broken':
      return runInproc(row.args(), {
        ...opts,
        env: { ...opts.env, FC_API_BASE: refusedBase },
        stripe: () => Promise.reject(Object.assign(new Error('Cannot find module better_sqlite3.node'), { code: 'ERR_DLOPEN_FAILED' })),
      });
  }
}

describe('exit codes: command × failure class × code', () => {
  it.each(ROWS.map((r) => [r.command, r.failure, r.code, r] as const))('%s — %s → exit %i', async (_c, _f, code, row) => {
    const r = await run(row);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(row.says);
    if (code === 130) expect(r.stderr).not.toMatch(/Error:/);
  });

  it('a declined reset and a reset without --yes off a terminal delete nothing', async () => {
    // Its own resets: the rows above run them too, but this test must mean the same when run alone.
    const before = await fast.json<{ id: string }[]>(['customers', 'list', '--limit', '100']);
    expect(before.length).toBeGreaterThan(0);
    expect((await fast.fc(['sandbox', 'reset'], { ...decline, prompter: declining() })).code).toBe(130);
    expect((await fast.fc(['sandbox', 'reset'])).code).toBe(2);
    expect((await fast.json<{ id: string }[]>(['customers', 'list', '--limit', '100'])).map((c) => c.id)).toEqual(before.map((c) => c.id));
  });

  it('covers every class for the commands that have it', () => {
    const classes = new Set(ROWS.map((r) => r.code));
    expect([...classes].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 70, 130]);
  });
});
