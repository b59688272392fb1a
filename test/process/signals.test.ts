import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, BIN } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fc-signal-'));
  dirs.push(d);
  return d;
}

/** Starts fc, waits until stderr shows `ready`, sends `signal`, and returns what fc did. */
async function interrupt(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, signal: NodeJS.Signals = 'SIGINT') {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (ready.test(stderr)) resolve();
    });
    child.on('close', () => reject(new Error(`fc exited before ${ready}: ${stderr}`)));
  });
  child.kill(signal);
  return { code: await exited, stderr, stdout };
}

describe('Ctrl-C', () => {
  it('during fc demo: exit 130 and nothing left in the temp folder', async () => {
    const tmp = dir();
    const env = { ...baseEnv(dir()), TMPDIR: tmp };
    const r = await interrupt(['demo'], /\[3\/7\]/, env);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Interrupted.');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('stops fc sandbox serve cleanly with exit 130 and "Sandbox stopped.", and SIGTERM is exit 143', async () => {
    const home = dir();
    const a = await interrupt(['sandbox', 'serve', '--port', '0'], /Press Ctrl-C/, baseEnv(home));
    expect(a.code).toBe(130);
    expect(a.stderr).toContain('Sandbox stopped.');
    expect(a.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    const b = await interrupt(['sandbox', 'serve', '--port', '0'], /Press Ctrl-C/, baseEnv(home), 'SIGTERM');
    expect(b.code).toBe(143);
    expect(b.stderr).toContain('Sandbox stopped.');
  });

  it('while fc pay waits for the bank: says the payment goes on and the command that follows it', async () => {
    const home = dir();
    const env = baseEnv(home);
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const c = spawn(process.execPath, [BIN, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))));
      });
    const cus = (JSON.parse(await run(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen'])) as { id: string }).id;
    const sess = (JSON.parse(await run(['sessions', 'create', '--customer', cus, '--permissions', 'payment_method'])) as { id: string }).id;
    await run(['sandbox', 'complete', sess, '--accounts', 'processing']);
    const fca = (JSON.parse(await run(['accounts', 'list', '--session', sess])) as { id: string }[])[0]!.id;
    const r = await interrupt(['pay', '--account', fca, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes'], /Waiting for the bank/, env);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Interrupted\. Payment (pi_\w+) is processing at the bank and goes on without fc\. Follow it with: fc payments wait \1/);
  });
});
