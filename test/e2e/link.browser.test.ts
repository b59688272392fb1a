import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, useSandbox } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = resolve(import.meta.dirname, '../../test-output');

interface LinkRun {
  child: ChildProcessWithoutNullStreams;
  url: Promise<string>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `fc link` as a user runs it; the URL is read from stderr while fc waits for the browser. */
function startLink(home: string, apiBase: string, args: string[]): LinkRun {
  const child = spawn(process.execPath, [BIN, 'link', '--no-open', ...args], {
    env: { ...baseEnv(home), FC_API_BASE: apiBase },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  let gotUrl!: (u: string) => void;
  let noUrl!: (e: Error) => void;
  const url = new Promise<string>((res, rej) => ((gotUrl = res), (noUrl = rej)));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+) to link accounts/.exec(stderr);
    if (m) gotUrl(m[1]!);
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => {
    child.on('close', (code) => {
      noUrl(new Error(`fc link exited ${code} before printing a URL: ${stderr}`));
      res({ code, stdout, stderr });
    });
  });
  return { child, url, done };
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('fc link in a real browser (sandbox)', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  let browser: Browser;
  let customer: string;
  const runs: LinkRun[] = [];
  let page: Page | undefined;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    env = await useSandbox();
    customer = (await env.fcJson<Stripe.Customer>(['customers', 'create', '--email', 'jenny.rosen@example.com'])).id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
    for (const r of runs.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  async function open(args: string[]): Promise<{ run: LinkRun; page: Page }> {
    const run = startLink(env.home, env.sandbox.url, args);
    runs.push(run);
    const url = await run.url;
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await expect.poll(() => problems).toEqual([]);
    return { run, page };
  }

  it('links the two accounts picked on the page and prints exactly those', async () => {
    const { run, page } = await open(['--customer', customer, '--permissions', 'balances,payment_method', '--json', '--timeout', '60']);
    await expect.poll(() => page.getByTestId('institution-test-institution').isChecked()).toBe(true);
    expect(await page.getByTestId('link-button').isDisabled()).toBe(true);
    await page.getByTestId('account-test-institution-savings').check();
    await page.getByLabel('Joint Checking').check();
    expect(await page.getByTestId('link-button').textContent()).toBe('Link 2 accounts');
    await page.screenshot({ path: resolve(OUTPUT, 'link-page.png'), fullPage: true });
    await page.getByTestId('link-button').click();

    const done = page.getByTestId('done');
    await done.waitFor({ state: 'visible' });
    expect(await done.getAttribute('data-result')).toBe('linked');
    expect(await done.textContent()).toContain('Linked 2 accounts.');
    await page.screenshot({ path: resolve(OUTPUT, 'link-page-done.png'), fullPage: true });

    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    const accounts = JSON.parse(r.stdout) as Stripe.FinancialConnections.Account[];
    expect(accounts.map((a) => a.display_name)).toEqual(['Savings', 'Joint Checking']);
    for (const a of accounts) {
      expect(a.id).toMatch(/^fca_/);
      expect(a).toMatchObject({ object: 'financial_connections.account', account_holder: { customer }, institution_name: 'Test Institution' });
    }
    const sessionId = /Created session (fcsess_[A-Za-z0-9]+)/.exec(r.stderr)?.[1];
    const session = await env.fcJson<Stripe.FinancialConnections.Session>(['sessions', 'get', sessionId!]);
    expect(session.accounts.data.map((a) => a.id)).toEqual(accounts.map((a) => a.id));
    // The page is gone once fc has its answer.
    await expect(fetch(new URL('/', await run.url))).rejects.toThrow();
  });

  it("shows the Down Bank's failure, then links another bank's account", async () => {
    const { run, page } = await open(['--customer', customer, '--permissions', 'payment_method', '--timeout', '60']);
    await page.getByTestId('institution-down-bank').check();
    expect(await page.getByTestId('accounts-test-institution').isHidden()).toBe(true);
    await page.getByTestId('account-down-bank-checking').check();
    await page.getByTestId('link-button').click();

    const error = page.getByRole('alert');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain('Down Bank is down');
    await page.screenshot({ path: resolve(OUTPUT, 'link-page-down-bank.png'), fullPage: true });
    expect(run.child.exitCode).toBeNull();

    await page.getByTestId('institution-test-institution').check();
    expect(await error.isHidden()).toBe(true);
    await page.getByTestId('account-test-institution-checking').check();
    await page.getByTestId('link-button').click();
    await page.getByTestId('done').waitFor({ state: 'visible' });

    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fca_\w+\s+│ Checking ••\d{4} · Test Institution\s+│ active/);
    expect(r.stdout.match(/fca_/g)).toHaveLength(1);
    expect(r.stderr).toContain('Linked 1 account to session');
  });

  it('Cancel on the page makes fc exit 130', async () => {
    const { run, page } = await open(['--customer', customer, '--timeout', '60']);
    await page.getByTestId('cancel-button').click();
    await page.getByTestId('done').waitFor({ state: 'visible' });
    expect(await page.getByTestId('done').getAttribute('data-result')).toBe('cancelled');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Cancelled');
    expect(r.stdout).toBe('');
  });

  it('refuses the page without the token', async () => {
    const run = startLink(env.home, env.sandbox.url, ['--customer', customer, '--timeout', '60']);
    runs.push(run);
    const url = new URL(await run.url);
    url.searchParams.set('token', 'guessed');
    page = await browser.newPage();
    const res = await page.goto(url.toString());
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('This link is not valid');
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(130);
  });
});

/**
 * The real-key page can't reach Stripe here, so Stripe.js is replaced by a stand-in
 * that answers collectFinancialConnectionsAccounts the three ways Stripe.js can.
 */
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the Stripe.js link page (stand-in Stripe.js)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => browser?.close());

  const fakeStripe = (answer: string) => `
    window.Stripe = function (pk) {
      return { collectFinancialConnectionsAccounts: async function (opts) {
        window.__calls = (window.__calls || []).concat([{ pk: pk, clientSecret: opts.clientSecret }]);
        return ${answer};
      } };
    };`;

  for (const [name, answer, expected] of [
    [
      'success',
      "{ financialConnectionsSession: { id: 'fcsess_1', accounts: [{ id: 'fca_1', display_name: 'Checking', institution_name: 'StripeBank', last4: '6789' }] } }",
      { kind: 'linked', accounts: ['fca_1'] },
    ],
    ['cancel', "{ financialConnectionsSession: { id: 'fcsess_1', accounts: [] } }", { kind: 'cancelled' }],
    ['error', "{ error: { type: 'invalid_request_error', code: 'session_expired', message: 'The session expired.' } }", { kind: 'failed', error: { message: 'The session expired.', code: 'session_expired', type: 'invalid_request_error' } }],
  ] as const) {
    it(`reports ${name} back to fc`, async () => {
      const { startLinkServer } = await import('../../src/link/server.js');
      const server = await startLinkServer({
        page: {
          mode: 'stripe',
          session: { id: 'fcsess_1', holder: 'cus_1', permissions: ['payment_method'], subcategories: null, requirePayments: false },
          publishableKey: 'pk_test_123',
          clientSecret: 'fcsess_1_secret_abc',
          live: false,
        },
      });
      const page = await browser.newPage();
      try {
        await page.route('https://js.stripe.com/v3', (route) => route.fulfill({ contentType: 'application/javascript', body: fakeStripe(answer) }));
        await page.goto(server.url);
        expect(await server.result).toEqual(expected);
        await page.getByTestId('done').waitFor({ state: 'visible' });
        expect(await page.evaluate(() => (window as unknown as { __calls: unknown[] }).__calls)).toEqual([{ pk: 'pk_test_123', clientSecret: 'fcsess_1_secret_abc' }]);
        if (name === 'success') await page.screenshot({ path: resolve(OUTPUT, 'link-page-stripe.png'), fullPage: true });
      } finally {
        await page.close();
        await server.close();
      }
    });
  }
});
