import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalBase } from '../../../src/api/target.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { runInproc } from '../../helpers/run-inproc.js';

describe('canonicalBase', () => {
  // Labelled: the brackets of [::1] in a test's name would not select it with vitest -t (a regex).
  it.each([
    ['IPv4 loopback', 'http://loopback:12111', 'http://127.0.0.1:12111'],
    ['localhost with a trailing slash', 'http://loopback:12111', 'http://localhost:12111/'],
    ['IPv6 loopback with a path', 'http://loopback:12111', 'http://[::1]:12111/v1'],
    ['another 127 address', 'http://loopback:12111', 'http://127.0.0.2:12111'],
    ['https on its default port', 'https://api.example.com', 'https://api.example.com:443'],
    ['a mixed-case host with a trailing dot', 'http://sandbox.example.com:8080', 'http://Sandbox.Example.com.:8080'],
  ])('%s becomes %s', (_label, expected, url) => {
    expect(canonicalBase(new URL(url))).toBe(expected);
  });
  it('keeps different ports apart', () => {
    expect(canonicalBase(new URL('http://localhost:1'))).not.toBe(canonicalBase(new URL('http://localhost:2')));
  });
});

describe('customers create under lost answers', () => {
  let sandbox: RunningSandbox;
  let home: string;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'fc-journal-'));
    // Half of all requests fail: before processing (reset, 500) or after committing (reset-after).
    sandbox = await startSandbox({ dbPath: ':memory:', faults: { rate: 0.5, seed: 7, kinds: ['reset-after', 'reset-before', '500'], slowMs: 0 } });
  });
  afterEach(async () => {
    await sandbox.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('re-running each exit 4 as fc advises makes exactly one customer per command', async () => {
    const env = { FC_HOME: home, FC_API_BASE: sandbox.url, STRIPE_API_KEY: 'sk_test_journal' };
    let exit4 = 0;
    for (let i = 0; i < 5; i++) {
      for (;;) {
        const r = await runInproc(['customers', 'create', '--email', `u${i}@example.com`], { env });
        if (r.code === 0) break;
        expect(r.code, r.stderr).toBe(4);
        expect(r.stderr).toContain('Run the same command again: it reuses idempotency key');
        exit4++;
      }
    }
    const created = sandbox.store.requestLog().filter((l) => l.method === 'POST' && l.path === '/v1/customers');
    expect(exit4).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(5);
    const list = await runInproc(['customers', 'list', '--all', '--json'], { env });
    expect(JSON.parse(list.stdout)).toHaveLength(5);
    // Every answered write removed its pending key.
    expect(readdirSync(join(home, 'pending'))).toEqual([]);
  }, 120_000);

  it('a command that succeeded leaves nothing behind, so the same command later is a new customer', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ dbPath: ':memory:' });
    const env = { FC_HOME: home, FC_API_BASE: sandbox.url, STRIPE_API_KEY: 'sk_test_journal' };
    const a = await runInproc(['customers', 'create', '--email', 'twice@example.com', '--json'], { env });
    const b = await runInproc(['customers', 'create', '--email', 'twice@example.com', '--json'], { env });
    expect(JSON.parse(a.stdout).id).not.toBe(JSON.parse(b.stdout).id);
  });

  it('customers create --idempotency-key replays the first customer', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ dbPath: ':memory:' });
    const env = { FC_HOME: home, FC_API_BASE: sandbox.url, STRIPE_API_KEY: 'sk_test_journal' };
    const args = ['customers', 'create', '--email', 'own@example.com', '--idempotency-key', 'order-42', '--json'];
    const a = await runInproc(args, { env });
    const b = await runInproc(args, { env });
    expect(JSON.parse(b.stdout).id).toBe(JSON.parse(a.stdout).id);
    const bad = await runInproc(['customers', 'create', '--email', 'own@example.com', '--idempotency-key', 'has space'], { env });
    expect(bad.code).toBe(2);
  });
});
