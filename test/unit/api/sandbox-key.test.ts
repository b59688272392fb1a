import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedSandboxKey } from '../../../src/api/sandbox-key.js';
import { startEmbeddedSandbox } from '../../../src/api/embedded.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('the embedded sandbox key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fc-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is random per folder, kept 0600, and the same on the next run', () => {
    chmodSync(dir, 0o755);
    const key = embeddedSandboxKey(dir);
    expect(key).toMatch(/^sk_test_fc[0-9a-f]{48}$/);
    expect(mode(join(dir, 'sandbox.key'))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(embeddedSandboxKey(dir)).toBe(key);
    const other = mkdtempSync(join(tmpdir(), 'fc-key-'));
    expect(embeddedSandboxKey(other)).not.toBe(key);
    rmSync(other, { recursive: true, force: true });
  });

  it('tightens a key file someone left readable', () => {
    writeFileSync(join(dir, 'sandbox.key'), `sk_test_fc${'a'.repeat(48)}\n`, { mode: 0o644 });
    chmodSync(join(dir, 'sandbox.key'), 0o644);
    expect(embeddedSandboxKey(dir)).toBe(`sk_test_fc${'a'.repeat(48)}`);
    expect(mode(join(dir, 'sandbox.key'))).toBe(0o600);
  });

  it('the sandbox accepts that key and no other; its database is 0600 even in an existing folder', async () => {
    chmodSync(dir, 0o755);
    const sandbox = await startEmbeddedSandbox(dir, {});
    try {
      const get = (key: string) => fetch(`${sandbox.url}/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
      expect((await get(sandbox.key)).status).toBe(200);
      const other = await get('sk_test_someoneelse');
      expect(other.status).toBe(401);
      expect(((await other.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
      expect(mode(join(dir, 'sandbox.db'))).toBe(0o600);
    } finally {
      await sandbox.close();
    }
  });
});
