import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxInstitution } from '../../../src/api/sandbox-helpers.js';
import type { PageData } from '../../../src/link/page.js';
import {
  hostAllowed,
  newToken,
  parseSandboxChoice,
  parseStripeResult,
  startLinkServer,
  tokenMatches,
  type LinkServer,
  type LinkServerOptions,
} from '../../../src/link/server.js';

const institutions: SandboxInstitution[] = [
  {
    id: 'fcinst_test',
    object: 'sandbox.institution',
    name: 'Test Institution',
    status: 'up',
    accounts: ['checking', 'savings'].map((key) => ({
      key,
      display_name: key,
      category: 'cash',
      subcategory: key,
      last4: '1234',
      supports_payments: true,
      payment_outcome: 'success',
    })),
  },
];
const session = { id: 'fcsess_1', holder: 'cus_1', permissions: ['balances'], subcategories: null, requirePayments: false };
const sandboxPage: PageData = { mode: 'sandbox', session, institutions };
const stripePage: PageData = { mode: 'stripe', session, publishableKey: 'pk_test_1', clientSecret: 'fcsess_1_secret_x', live: false };

let server: LinkServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(opts: Partial<LinkServerOptions> = {}): Promise<LinkServer> {
  server = await startLinkServer({ page: sandboxPage, ...opts });
  return server;
}

function post(s: LinkServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${s.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-fc-token': s.token, ...headers },
    body: JSON.stringify(body),
  });
}

/** fetch will not send a foreign Host header, so this goes through node:http. */
function getWithHost(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('token and host checks', () => {
  it('accepts only the exact token', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(t);
    expect(tokenMatches(t, t)).toBe(true);
    for (const bad of [undefined, null, '', `${t}x`, t.slice(1), t.toUpperCase(), [t]]) expect(tokenMatches(t, bad)).toBe(false);
  });

  it('accepts only loopback Host headers for its own port', () => {
    expect(hostAllowed('127.0.0.1:8080', 8080)).toBe(true);
    expect(hostAllowed('localhost:8080', 8080)).toBe(true);
    for (const bad of [undefined, '127.0.0.1:8081', 'evil.example:8080', '127.0.0.1', 'localhost.evil.example:8080']) {
      expect(hostAllowed(bad, 8080)).toBe(false);
    }
  });
});

describe('parsing what the page sends', () => {
  it('takes only institutions and accounts the page offered', () => {
    expect(parseSandboxChoice(sandboxPage, { institution: 'fcinst_test', accounts: ['checking', 'savings'] })).toEqual({
      institution: 'fcinst_test',
      accounts: ['checking', 'savings'],
    });
    expect(() => parseSandboxChoice(sandboxPage, { institution: 'fcinst_other', accounts: ['checking'] })).toThrow(/institutions on the page/);
    expect(() => parseSandboxChoice(sandboxPage, { institution: 'fcinst_test', accounts: [] })).toThrow(/at least one/);
    expect(() => parseSandboxChoice(sandboxPage, { institution: 'fcinst_test', accounts: 'checking' })).toThrow(/at least one/);
    expect(() => parseSandboxChoice(sandboxPage, { institution: 'fcinst_test', accounts: ['mortgage'] })).toThrow(/no account 'mortgage'/);
  });

  it("reads Stripe.js's outcome", () => {
    expect(parseStripeResult({ status: 'success', accounts: ['fca_1', 'fca_2'] })).toEqual({ kind: 'linked', accounts: ['fca_1', 'fca_2'] });
    expect(parseStripeResult({ status: 'cancel' })).toEqual({ kind: 'cancelled' });
    expect(parseStripeResult({ status: 'error', error: { message: 'boom', code: 'c', type: 't' } })).toEqual({
      kind: 'failed',
      error: { message: 'boom', code: 'c', type: 't' },
    });
    expect(parseStripeResult({ status: 'error' })).toMatchObject({ kind: 'failed', error: { message: 'Stripe.js reported an error.' } });
    expect(() => parseStripeResult({ status: 'success', accounts: ['acct_1'] })).toThrow(/fca_/);
    expect(() => parseStripeResult({ status: 'done' })).toThrow(/status/);
  });
});

describe('the local server', () => {
  it('listens on 127.0.0.1 and serves the page only with the token', async () => {
    const s = await start({ token: 'secret-token' });
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=secret-token`);
    const denied = await fetch(`http://127.0.0.1:${s.port}/?token=wrong`);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('This link is not valid');
    expect((await fetch(`http://127.0.0.1:${s.port}/`)).status).toBe(403);
    const page = await fetch(s.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('data-testid="link-button"');
    expect(await getWithHost(s.port, '/?token=secret-token', 'evil.example')).toBe(421);
    expect((await fetch(`http://127.0.0.1:${s.port}/other`)).status).toBe(404);
  });

  it('refuses API calls without the token, or not in JSON', async () => {
    let calls = 0;
    const s = await start({ complete: async () => (calls++, []) });
    const choice = { institution: 'fcinst_test', accounts: ['checking'] };
    expect((await post(s, '/api/complete', choice, { 'x-fc-token': 'nope' })).status).toBe(403);
    const noHeader = await fetch(`http://127.0.0.1:${s.port}/api/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(choice) });
    expect(noHeader.status).toBe(403);
    expect((await post(s, '/api/complete', choice, { 'content-type': 'text/plain' })).status).toBe(415);
    const bad = await fetch(`http://127.0.0.1:${s.port}/api/complete`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fc-token': s.token }, body: '{' });
    expect(bad.status).toBe(400);
    expect(calls).toBe(0);
  });

  it('shows a failed completion on the page and keeps waiting, then settles on success', async () => {
    const choices: unknown[] = [];
    const s = await start({
      complete: async (choice) => {
        choices.push(choice);
        if (choice.accounts.includes('savings')) throw Object.assign(new Error('Down Bank is down'), { code: 'institution_down' });
        return [{ id: 'fca_1', display_name: 'Checking', institution_name: 'Test Institution', last4: '1234' }];
      },
      describeError: (err) => ({ message: (err as Error).message, code: (err as { code?: string }).code }),
    });
    const failed = await post(s, '/api/complete', { institution: 'fcinst_test', accounts: ['savings'] });
    expect(failed.status).toBe(400);
    expect(await failed.json()).toEqual({ error: { message: 'Down Bank is down', code: 'institution_down' } });
    const ok = await post(s, '/api/complete', { institution: 'fcinst_test', accounts: ['checking', 'checking'] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, accounts: [{ id: 'fca_1', display_name: 'Checking', institution_name: 'Test Institution', last4: '1234' }] });
    expect(await s.result).toEqual({ kind: 'linked', accounts: ['fca_1'] });
    expect(choices).toEqual([
      { institution: 'fcinst_test', accounts: ['savings'] },
      { institution: 'fcinst_test', accounts: ['checking'] },
    ]);
    const late = await post(s, '/api/cancel', {});
    expect(late.status).toBe(409);
  });

  it('reports a cancel from the page as cancelled', async () => {
    const s = await start();
    expect((await post(s, '/api/cancel', {})).status).toBe(200);
    expect(await s.result).toEqual({ kind: 'cancelled' });
  });

  it('takes the Stripe.js outcome on a real key, and only there', async () => {
    const sandbox = await start();
    expect((await post(sandbox, '/api/result', { status: 'cancel' })).status).toBe(404);
    await sandbox.close();
    const s = await start({ page: stripePage });
    const page = await fetch(s.url);
    expect(page.headers.get('content-security-policy')).toContain('https://js.stripe.com');
    expect((await post(s, '/api/complete', { institution: 'fcinst_test', accounts: ['checking'] })).status).toBe(404);
    expect((await post(s, '/api/result', { status: 'success', accounts: ['fca_9'] })).status).toBe(200);
    expect(await s.result).toEqual({ kind: 'linked', accounts: ['fca_9'] });
  });

  it('can bind its port before the page exists', async () => {
    server = await startLinkServer({});
    expect((await fetch(server.url)).status).toBe(503);
    expect((await post(server, '/api/complete', { institution: 'fcinst_test', accounts: ['checking'] })).status).toBe(404);
    server.setPage(sandboxPage);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('says when the port is taken', async () => {
    const s = await start();
    await expect(startLinkServer({ page: sandboxPage, port: s.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
