import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { SandboxDb } from '../../src/sandbox/index.js';
import { embeddedSandboxKey } from '../../src/api/sandbox-key.js';
import { BIN, baseEnv, runFc, tempHome } from '../helpers/cli.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

describe('concurrency and crashes', () => {
  it('50 concurrent `fc customers create` processes on the embedded sandbox make exactly 50 customers', async () => {
    const home = tempHome();
    homes.push(home);
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => runFc(home.path, ['customers', 'create', '--email', `c${i}@example.com`, '--json'], { timeoutMs: 90_000 })),
    );
    const failures = runs.filter((r) => r.code !== 0);
    expect(failures.map((f) => f.stderr)).toEqual([]);
    const ids = new Set(runs.map((r) => (JSON.parse(r.stdout) as Stripe.Customer).id));
    expect(ids.size).toBe(50);
    const db = new SandboxDb(join(home.path, 'sandbox.db'));
    try {
      // Every run used the embedded sandbox, whose one key is the data folder's own.
      expect(db.forKey(embeddedSandboxKey(home.path)).count('customer')).toBe(50);
    } finally {
      db.close();
    }
  }, 120_000);

  it('a sandbox killed with SIGKILL mid-burst leaves a store that opens with every acknowledged write', async () => {
    const home = tempHome();
    homes.push(home);
    const server = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0'], { env: baseEnv(home.path), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((r) => server.once('exit', r));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/[^\s]+/.exec(out);
        if (m) resolve(m[0]);
      });
      server.on('exit', () => reject(new Error('sandbox exited early')));
    });
    const u = new URL(url);
    const stripe = new Stripe('sk_test_burst', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
    const acknowledged: string[] = [];
    let killed = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !killed; i++) {
        try {
          const c = await stripe.customers.create({ email: `w${w}-${i}@example.com`, metadata: { writer: String(w) } });
          acknowledged.push(c.id);
          if (acknowledged.length === 150) {
            killed = true;
            server.kill('SIGKILL');
          }
        } catch {
          return; // the server is gone: this write was never acknowledged
        }
      }
    });
    await Promise.all(writers);
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    const db = new SandboxDb(join(home.path, 'sandbox.db'));
    try {
      const store = db.forKey('sk_test_burst');
      const missing = acknowledged.filter((id) => store.get('customer', id) === undefined);
      expect(missing).toEqual([]);
      expect(db.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 60_000);
});
