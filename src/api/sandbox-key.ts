import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY = /^sk_test_[A-Za-z0-9]{32,}$/;

/** Makes fc's folder private (0700) when fc owns it; a folder fc cannot change is left as it is. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const mode = statSync(dir).mode;
    // A sticky folder (FC_HOME=/tmp) is shared by design and is never tightened.
    if ((mode & 0o077) !== 0 && (mode & 0o1000) === 0) chmodSync(dir, 0o700);
  } catch {
    // Not ours (a shared FC_HOME someone else created): the files in it are still 0600.
  }
}

/**
 * The one key fc's embedded sandbox accepts, random per data folder and kept in
 * `sandbox.key` (0600): while `fc link` waits, the sandbox's loopback port is
 * reachable by every local user, but only the owner of FC_HOME can read the key.
 */
export function embeddedSandboxKey(dataDir: string): string {
  privateDir(dataDir);
  const path = join(dataDir, 'sandbox.key');
  const existing = readKey(path);
  if (existing) return existing;
  const key = `sk_test_fc${randomBytes(24).toString('hex')}`;
  try {
    // 'wx': when two fc processes start at once, the first key written wins and both use it.
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = readKey(path);
    if (winner) return winner;
    throw new Error(`${path} does not hold a sandbox key; delete it and run fc again`);
  }
}

function readKey(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch {
    // Best effort: a file we cannot chmod is not ours to fix.
  }
  return KEY.test(text) ? text : undefined;
}
