import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, BIN, runFcInProcess, runFcProcess, tempHome } from '../helpers/cli.js';

const homes: { cleanup(): void }[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const h of homes.splice(0)) h.cleanup();
});
function home(): string {
  const h = tempHome();
  homes.push(h);
  return h.path;
}

describe('bin/fc.js fast path', () => {
  it('fc --version prints package.json version without loading the CLI', async () => {
    const r = await runFcProcess(home(), ['--version']);
    expect(r.code).toBe(0);
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('fc --help off a terminal is the help the CLI itself renders, so dist/help.txt is not stale', async () => {
    const h = home();
    const fast = await runFcProcess(h, ['--help']);
    expect(fast.code).toBe(0);
    const full = await runFcInProcess(h, ['--help']);
    expect(fast.stdout).toBe(full.stdout);
    expect(fast.stdout).toMatch(/^Usage: fc /);
  });
});

describe('bin/fc.js and FC_HOME', () => {
  it('a command that only reads, completion, leaves a new FC_HOME and its compile cache 0700, not 0755', async () => {
    const fcHome = join(home(), 'new-home');
    const r = await runFcProcess(fcHome, ['completion', 'bash']);
    expect(r.code).toBe(0);
    // Node makes its own versioned folder inside (0755, but unreachable through a 0700 parent).
    const modes = ['', '/cache', '/cache/node-compile-cache'].map((d) => `${d || '/'} ${(statSync(fcHome + d).mode & 0o777).toString(8)}`);
    expect(readdirSync(join(fcHome, 'cache', 'node-compile-cache')).length).toBeGreaterThan(0); // the compile cache is under FC_HOME
    expect(modes.filter((m) => !m.endsWith(' 700'))).toEqual([]);
  });
});

/** Starts `fc sandbox serve` with `args` and resolves with its URL once it listens. */
function serve(args: string[]): Promise<{ url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', ...args], { env: baseEnv(home()), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve({ url: d.toString().trim(), stderr: () => stderr }));
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

describe('fc sandbox serve flags', () => {
  it('serve --faults 1 --fault-kinds 500: every API request fails as a 500, and it says so at start', async () => {
    const s = await serve(['--faults', '1', '--fault-kinds', '500', '--fault-seed', '3']);
    expect(s.stderr()).toMatch(/Injecting faults into 100% of requests \(500; seed 3\)/);
    const res = await fetch(`${s.url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_x' } });
    expect(res.status).toBe(500);
  });

  it('serve --settle-delay keeps a payment processing; --refresh-delay 0 finishes refreshes at once', async () => {
    const s = await serve(['--settle-delay', '3600000', '--refresh-delay', '0']);
    const env = { FC_API_BASE: s.url };
    const h = home();
    const fc = async <T>(args: string[]) => JSON.parse((await runFcInProcess(h, [...args, '--json'], { env })).stdout) as T;
    const cus = await fc<{ id: string }>(['customers', 'create', '--email', 'serve@example.com', '--name', 'Jenny Rosen']);
    const sess = await fc<{ id: string }>(['sessions', 'create', '--customer', cus.id, '--permissions', 'balances,payment_method']);
    const done = await fc<{ accounts: { data: { id: string }[] } }>(['sandbox', 'complete', sess.id, '--accounts', 'checking']);
    const fca = done.accounts.data[0]!.id;
    const refreshed = await fc<{ status: string }[]>(['accounts', 'refresh', fca, '--features', 'balance']);
    expect(JSON.stringify(refreshed)).toContain('succeeded');
    const pi = await fc<{ id: string; status: string }>(['pay', '--account', fca, '--customer', cus.id, '--amount', '100', '--mandate-ip', '192.0.2.10', '--yes', '--no-wait']);
    expect(pi.status).toBe('processing');
    expect((await fc<{ status: string }>(['payments', 'get', pi.id])).status).toBe('processing');
  });

  it('refuses a bad --port with exit 2 before listening', async () => {
    const r = await runFcProcess(home(), ['sandbox', 'serve', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
  });
});

describe('output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('stdout on a full disk: one line on stderr, exit 1, no stack trace', async () => {
    const h = home();
    expect((await runFcProcess(h, ['customers', 'create', '--email', 'jenny@example.com'])).code).toBe(0);
    for (const args of [['customers', 'list'], ['customers', 'list', '--json']]) {
      const full = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(h), stdio: ['ignore', full, 'pipe'] });
      closeSync(full);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code, stderr).toBe(1);
      expect(stderr).toContain('fc: could not write to stdout: ENOSPC (no space left on the device); the output is incomplete.');
      expect(stderr).not.toMatch(/^\s+at /m);
    }
  });
});
