import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFc, tempHome, useSandbox, type RunResult } from '../helpers/cli.js';

/**
 * fc handles keys that move money: a recognisable key must never show up in
 * anything fc prints (even with --debug and on errors) nor in any file it writes
 * other than the 0600 config file.
 */
const KEY = 'sk_test_CANARYsecretKEY0123456789zz';
const NEEDLES = [KEY, 'CANARYsecretKEY', KEY.slice(-12)];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

describe('secrets never leak', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  const outputs: { args: string[]; r: RunResult }[] = [];
  const run = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const r = await env.fc(['--debug', ...args], { env: extraEnv });
    outputs.push({ args, r });
    return r;
  };

  beforeAll(async () => {
    env = await useSandbox({ refreshDelayMs: 50, settleDelayMs: 100, refreshCooldownMs: 0 });
    // The key reaches fc every way a user can give it: a flag, the environment and a saved profile.
    expect((await run(['config', 'login', '--api-key', KEY])).code).toBe(0);
    const cus = JSON.parse((await run(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen', '--json'])).stdout).id as string;
    await run(['customers', 'get', cus], { STRIPE_API_KEY: KEY });
    await run(['--api-key', KEY, 'customers', 'list']);
    const sess = JSON.parse((await run(['sessions', 'create', '--customer', cus, '--permissions', 'balances,ownership,payment_method,transactions', '--json'])).stdout).id as string;
    await run(['sandbox', 'complete', sess, '--accounts', 'checking']);
    await run(['sessions', 'get', sess]);
    const fca = JSON.parse((await run(['accounts', 'list', '--session', sess, '--json'])).stdout)[0].id as string;
    await run(['accounts', 'refresh', fca, '--features', 'balance,ownership,transactions']);
    await run(['accounts', 'balance', fca]);
    await run(['accounts', 'ownership', fca]);
    await run(['accounts', 'transactions', fca, '--limit', '3']);
    await run(['pay', '--account', fca, '--customer', cus, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes']);
    await run(['payments', 'list']);
    await run(['config', 'show']);
    await run(['config', 'profiles']);
    // Errors and traces: API errors, usage errors, and auth errors with --debug.
    await run(['customers', 'get', 'cus_doesnotexist']);
    await run(['accounts', 'get', 'fca_doesnotexist']);
    await run(['sessions', 'create', '--customer', 'cus_doesnotexist', '--permissions', 'balances']);
    await run(['customers', 'create', '--email', 'broken']);
    await run(['--api-key', 'sk_live_CANARYsecretKEY0123456789zz', '--sandbox', 'customers', 'list']);
  }, 120_000);
  afterAll(async () => env.stop());

  it('ran the commands, so the absence of the key means something', () => {
    expect(outputs.length).toBeGreaterThan(15);
    expect(outputs.filter((o) => o.r.code === 0).length).toBeGreaterThan(12);
    // --debug really logged requests, and errors really printed.
    expect(outputs.some((o) => /\[debug\] → POST \/v1\/customers/.test(o.r.stderr))).toBe(true);
    expect(outputs.some((o) => /resource_missing/.test(o.r.stderr))).toBe(true);
  });

  it('keeps the key out of stdout and stderr', () => {
    for (const { args, r } of outputs) {
      for (const needle of NEEDLES) {
        expect(r.stdout.includes(needle), `stdout of fc ${args.join(' ')}`).toBe(false);
        expect(r.stderr.includes(needle), `stderr of fc ${args.join(' ')}`).toBe(false);
      }
    }
  });

  it('keeps the key out of every file under FC_HOME but the config file, which is 0600 in a 0700 folder', () => {
    const files = filesUnder(env.home);
    expect(files.some((f) => f.endsWith('config.json'))).toBe(true);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      if (file.endsWith('config.json')) continue;
      const content = readFileSync(file).toString('latin1');
      for (const needle of NEEDLES) expect(content.includes(needle), file).toBe(false);
    }
    const config = join(env.home, 'config.json');
    expect(readFileSync(config, 'utf8')).toContain(KEY);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(env.home).mode & 0o777).toBe(0o700);
  });
});

describe('live keys', () => {
  it('are never saved to a file', async () => {
    const home = tempHome();
    try {
      const r = await runFc(home.path, ['config', 'login', '--api-key', 'sk_live_abcdefghijklmnop1234']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/STRIPE_API_KEY/);
      expect(r.stderr).not.toContain('abcdefghijklmnop1234');
      expect(filesUnder(home.path).filter((f) => f.endsWith('config.json'))).toEqual([]);
    } finally {
      home.cleanup();
    }
  });
});
