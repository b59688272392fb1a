import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { memoryVault, type SecretVault } from '../../../src/config/vault.js';
import { createIO } from '../../../src/io/io.js';

/** Live keys go to the OS keyring (here a stand-in vault) or nowhere; never into config.json. */
const LIVE = 'sk_live_keyringtest1234567890';
let server: http.Server;
let base: string;
const authHeaders: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    authHeaders.push(req.headers.authorization ?? '');
    res.setHeader('Content-Type', 'application/json');
    // Stripe's answer to the one request `customers list` makes; anything else is Stripe's 404.
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/v1/customers') {
      res.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/customers' }));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url}).` } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function run(home: string, args: string[], vault: SecretVault, env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io = createIO({ stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1' } });
  const code = await main(args, { io, env: { FC_HOME: home, NO_COLOR: '1', ...env }, overrides: { vault } });
  return { code, out, err };
}

describe('live keys and the OS keyring', () => {
  it('stores a live key in the keyring, keeps it out of config.json, and uses it for requests', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fc-keyring-'));
    try {
      const vault = memoryVault(true);
      const login = await run(home, ['config', 'login', '--api-key', LIVE], vault);
      expect(login.code).toBe(0);
      expect(login.out).toContain('OS keyring');
      expect(vault.secrets.get('default')).toBe(LIVE);
      const file = readFileSync(join(home, 'config.json'), 'utf8');
      expect(file).not.toContain('keyringtest');
      expect(JSON.parse(file).profiles.default).toEqual({ apiKeyInKeyring: 'sk_live_…7890' });

      const show = await run(home, ['config', 'show', '--json'], vault);
      expect(JSON.parse(show.out)).toMatchObject({ mode: 'live', active_key_source: 'the OS keyring', active_key: 'sk_live_…7890' });

      authHeaders.length = 0;
      const list = await run(home, ['customers', 'list', '--json'], vault, { FC_API_BASE: base });
      expect(list.code).toBe(0);
      expect(authHeaders).toEqual([`Bearer ${LIVE}`]);
      expect(list.out + list.err).not.toContain('keyringtest');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses to save a live key when no keyring is available, and writes nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fc-keyring-'));
    try {
      const r = await run(home, ['config', 'login', '--api-key', LIVE], memoryVault(false));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no OS keyring is available.*STRIPE_API_KEY/);
      expect(() => readFileSync(join(home, 'config.json'))).toThrow();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a command with --sandbox leaves the keyring key alone: the sandbox gets its own test key', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fc-keyring-'));
    try {
      const vault = memoryVault(true);
      expect((await run(home, ['config', 'login', '--api-key', LIVE], vault)).code).toBe(0);
      const reads: string[] = [];
      const watched: SecretVault = { store: vault.store, read: async (p) => (reads.push(p), vault.read(p)) };
      const r = await run(home, ['--sandbox', 'customers', 'list', '--json'], watched);
      expect(r.code).toBe(0);
      expect(reads).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
