import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../../src/sandbox/index.js';
import { runInproc } from '../../../helpers/run-inproc.js';

let sandbox: RunningSandbox;
let proxy: http.Server;
let proxyUrl: string;
let home: string;
let fca: string;
const KEY = 'sk_test_interrupted';

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'fc-export-'));
  sandbox = await startSandbox({ dbPath: ':memory:', settings: { refreshDelayMs: 0, settleDelayMs: 0, refreshCooldownMs: 0 } });
  const env = { FC_HOME: home, FC_API_BASE: sandbox.url, STRIPE_API_KEY: KEY };
  const json = async (args: string[]) => JSON.parse((await runInproc([...args, '--json'], { env })).stdout);
  const cus = (await json(['customers', 'create', '--email', 'export@example.com'])).id as string;
  const sess = (await json(['sessions', 'create', '--customer', cus, '--permissions', 'transactions'])).id as string;
  await runInproc(['sandbox', 'complete', sess], { env });
  fca = (await json(['accounts', 'list', '--session', sess]))[0].id as string;
  const seeded = await fetch(`${sandbox.url}/_sandbox/financial_connections/accounts/${fca}/history`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'count=450',
  });
  expect(seeded.status).toBe(200);
  // A network that carries the first two transaction pages, then drops every connection.
  let pages = 0;
  proxy = http.createServer((req, res) => {
    if (req.url?.startsWith('/v1/financial_connections/transactions') && ++pages > 2) {
      req.socket.destroy();
      return;
    }
    const upstream = http.request(`${sandbox.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
  await sandbox.close();
  rmSync(home, { recursive: true, force: true });
});

it('an export cut short says how many rows it wrote and the command that continues it', async () => {
  const env = { FC_HOME: home, STRIPE_API_KEY: KEY };
  const cut = await runInproc(['accounts', 'transactions', fca, '--all', '--format', 'csv'], { env: { ...env, FC_API_BASE: proxyUrl } });
  expect(cut.code).toBe(4);
  const written = cut.stdout.trim().split('\n').slice(1);
  expect(written.length).toBeGreaterThan(0);
  expect(written.length).toBeLessThan(450);
  const last = written.at(-1)!.split(',')[0]!;
  expect(cut.stderr).toContain(`The export stopped after ${written.length} transactions (the last one written: ${last})`);
  expect(cut.stderr).toContain(`--starting-after ${last}`);

  // Continuing as told, on a network that works again, completes the export without a gap or a repeat.
  const rest = await runInproc(['accounts', 'transactions', fca, '--all', '--format', 'csv', '--starting-after', last], { env: { ...env, FC_API_BASE: sandbox.url } });
  expect(rest.code, rest.stderr).toBe(0);
  const full = await runInproc(['accounts', 'transactions', fca, '--all', '--format', 'csv'], { env: { ...env, FC_API_BASE: sandbox.url } });
  const joined = [...written, ...rest.stdout.trim().split('\n').slice(1)];
  expect(joined).toEqual(full.stdout.trim().split('\n').slice(1));
  expect(joined).toHaveLength(450);
});
