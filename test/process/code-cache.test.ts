import { chmodSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runFcProcess, tempHome } from '../helpers/cli.js';

// bin/bundles.js: dist/'s bundles are compiled with V8 code caches that fc writes after
// a command ran (under FC_HOME/cache/code-cache/<node>-<arch>/).
const { bundleLoader, commandKey } = createRequire(import.meta.url)('../../bin/bundles.js') as {
  commandKey: (argv: string[]) => string;
  bundleLoader: (o: { cacheDir: string; argv: string[] }) => { load: (file: string) => Record<string, () => unknown> };
};

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));
function home(): string {
  const h = tempHome();
  homes.push(h);
  return h.path;
}

const cacheDir = (fcHome: string) => join(fcHome, 'cache', 'code-cache', `${process.version}-${process.arch}`);

/** Each cache file → a hash of its bytes, so a test can tell which ones a run rewrote (and a failure prints a short diff). */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

describe('the code cache of dist/ bundles', () => {
  it('names a command by its words, not by ids, URLs or flags', () => {
    expect(commandKey(['customers', 'get', 'cus_123', '--json'])).toBe('customers-get');
    expect(commandKey(['--api-base', 'http://127.0.0.1:1', 'accounts', 'list'])).toBe('accounts-list');
    expect(commandKey(['demo'])).toBe('demo');
    // It becomes part of a file name: nothing else may.
    expect(commandKey(['../../x', 'customers', 'get'])).toBe('customers-get');
    expect(commandKey(['--json'])).toBe('');
  });

  it('a stack trace names the line of the bundle as esbuild wrote it, below the wrapper line', () => {
    const dir = home();
    const file = join(dir, 'bundle.js');
    writeFileSync(file, ['(function (exports, require, module, __filename, __dirname) {', '"use strict";', 'exports.fail = () => {', '  throw new Error("here");', '};', '})'].join('\n'));
    const bundle = bundleLoader({ cacheDir: join(dir, 'cache'), argv: [] }).load(file);
    expect(() => bundle.fail!()).toThrow(expect.objectContaining({ stack: expect.stringContaining(`${file}:3:`) }));
  });

  it('a cache is only used with the build it was made from, even by a file of the same length', () => {
    const dir = home();
    const file = join(dir, 'bundle.js');
    const bundle = (stamp: string, value: number) =>
      `/*fc:${stamp}*/(function (exports, require, module, __filename, __dirname) {\nexports.value = () => ${value};\n})`;
    const run = () => {
      const loader = bundleLoader({ cacheDir: join(dir, 'cache'), argv: ['x'] });
      const value = loader.load(file).value!();
      (loader as unknown as { save: (ok: boolean) => void }).save(true);
      return value;
    };
    writeFileSync(file, bundle('aaaaaaaaaaaaaaaa', 1));
    expect([run(), run()]).toEqual([1, 1]);
    // V8 checks only the source's length: given the first build's cache, it would run that build's code.
    writeFileSync(file, bundle('bbbbbbbbbbbbbbbb', 2));
    expect(run()).toBe(2);
    expect(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.v8'))).toEqual(['bundle-bbbbbbbbbbbbbbbb.v8']);
  });

  it('a command writes the caches of the bundles it loaded, 0600; its second run only reads them; a new command adds to them', async () => {
    const fcHome = home();
    expect((await runFcProcess(fcHome, ['customers', 'list', '--json'])).code).toBe(0);
    const dir = cacheDir(fcHome);
    const first = snapshot(dir);
    const caches = [...first.keys()].filter((f) => f.endsWith('.v8'));
    // The CLI, with the embedded sandbox and stripe-node, and what else the command loaded (qs).
    expect(caches.map((f) => f.split('-')[0]).sort()).toEqual(['cli', 'qs']);
    for (const f of first.keys()) expect(`${f} ${(statSync(join(dir, f)).mode & 0o777).toString(8)}`).toBe(`${f} 600`);

    expect((await runFcProcess(fcHome, ['customers', 'list', '--json'])).code).toBe(0);
    expect(snapshot(dir)).toEqual(first);

    expect((await runFcProcess(fcHome, ['customers', 'create', '--email', 'jenny@example.com', '--json'])).code).toBe(0);
    const third = snapshot(dir);
    const cli = caches.find((f) => f.startsWith('cli-'))!;
    expect(third.get(cli)).not.toBe(first.get(cli));
    expect([...third.keys()].filter((f) => f.endsWith('.ran')).sort()).toEqual([
      `${cli.slice(0, -3)}.customers-create.ran`,
      `${cli.slice(0, -3)}.customers-list.ran`,
    ]);
  });

  it('an export, which changes V8 flags as it runs, leaves the caches as they were, and the next command still reads them', async () => {
    const fcHome = home();
    const fc = async (args: string[]) => {
      const r = await runFcProcess(fcHome, args);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const customer = (JSON.parse(await fc(['customers', 'create', '--email', 'jenny@example.com', '--json'])) as { id: string }).id;
    const session = (JSON.parse(await fc(['sessions', 'create', '--customer', customer, '--permissions', 'transactions', '--json'])) as { id: string }).id;
    const account = /fca_\w+/.exec(await fc(['sandbox', 'complete', session, '--json']))![0];
    await fc(['sandbox', 'history', account, '--count', '500']);
    await fc(['customers', 'list', '--json']);
    const before = snapshot(cacheDir(fcHome));
    // A cache written after the export set its flags would be rejected, and rewritten, by the list below.
    expect((await fc(['accounts', 'transactions', account, '--all', '--format', 'csv'])).split('\n').length).toBeGreaterThan(2);
    await fc(['customers', 'list', '--json']);
    expect(snapshot(cacheDir(fcHome))).toEqual(before);
  });

  it('a damaged cache only costs time: the command works and the cache is written again', async () => {
    const fcHome = home();
    expect((await runFcProcess(fcHome, ['customers', 'list', '--json'])).code).toBe(0);
    const dir = cacheDir(fcHome);
    const cli = readdirSync(dir).find((f) => f.startsWith('cli-') && f.endsWith('.v8'))!;
    writeFileSync(join(dir, cli), 'not a code cache');
    const r = await runFcProcess(fcHome, ['customers', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(readFileSync(join(dir, cli), 'utf8')).not.toBe('not a code cache');
  });

  it('does not read a cache that other users could have written, and writes its own over it', async () => {
    const fcHome = home();
    expect((await runFcProcess(fcHome, ['customers', 'list', '--json'])).code).toBe(0);
    const dir = cacheDir(fcHome);
    const cli = join(dir, readdirSync(dir).find((f) => f.startsWith('cli-') && f.endsWith('.v8'))!);
    // A good cache, but writable by anyone: read, V8 would accept it and fc would leave it as it is.
    chmodSync(cli, 0o666);
    expect((await runFcProcess(fcHome, ['customers', 'list', '--json'])).code).toBe(0);
    expect((statSync(cli).mode & 0o777).toString(8)).toBe('600');
  });

  it('FC_CODE_CACHE=0 neither reads nor writes a cache', async () => {
    const fcHome = home();
    const r = await runFcProcess(fcHome, ['customers', 'list', '--json'], { env: { FC_CODE_CACHE: '0' } });
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(existsSync(join(fcHome, 'cache', 'code-cache'))).toBe(false);
  });

  it('removes the caches an earlier build of fc left, and keeps the current ones of bundles it did not load', async () => {
    const fcHome = home();
    const created = await runFcProcess(fcHome, ['customers', 'create', '--email', 'jenny@example.com', '--json']);
    // A table: cli-table3's bundle too.
    expect((await runFcProcess(fcHome, ['customers', 'list'])).stdout).toContain('jenny@example.com');
    const dir = cacheDir(fcHome);
    writeFileSync(join(dir, 'cli-1-1.v8'), 'old');
    writeFileSync(join(dir, 'cli-1-1.customers-list.ran'), '');
    writeFileSync(join(dir, 'qs-1-1.v8'), 'old');
    // A bundle an earlier fc had and this one does not (its sandbox had a file of its own).
    writeFileSync(join(dir, 'sandbox-1-1.v8'), 'old');
    // Left by an fc that died writing, two hours ago; one being written now stays.
    writeFileSync(join(dir, 'cli-1-1.v8.123.tmp'), 'part');
    utimesSync(join(dir, 'cli-1-1.v8.123.tmp'), new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));
    writeFileSync(join(dir, 'cli-2-2.v8.456.tmp'), 'part');
    expect((await runFcProcess(fcHome, ['customers', 'get', (JSON.parse(created.stdout) as { id: string }).id, '--json'])).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('-1-1'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual(['cli-2-2.v8.456.tmp']);
    expect(readdirSync(dir).filter((f) => f.startsWith('table-') && f.endsWith('.v8'))).toHaveLength(1);
  });
});
