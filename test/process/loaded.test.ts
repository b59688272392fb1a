import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runFcProcess, tempHome } from '../helpers/cli.js';

// What a command loads: issue 17 asks that a command load nothing it does not use, and
// each of these took milliseconds of every run (BENCHMARKS.md, start-up).
const PRELOAD = resolve(import.meta.dirname, 'fixtures', 'module-list.cjs');

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

describe('what fc customers get loads on the embedded sandbox', () => {
  it('no node crypto, and no bundle but the CLI itself: no prompts, spinner, config writer, qs or tables', async () => {
    const h = tempHome();
    homes.push(h);
    const created = await runFcProcess(h.path, ['customers', 'create', '--email', 'jenny@example.com', '--json']);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    // From here on the code cache holds what `get` loads (create also parsed a form body with qs).
    rmSync(join(h.path, 'cache', 'code-cache'), { recursive: true });
    const list = join(h.path, 'modules.txt');
    const r = await runFcProcess(h.path, ['customers', 'get', id, '--json'], { env: { NODE_OPTIONS: `--require ${PRELOAD}`, FC_TEST_MODULE_LIST: list } });
    expect((JSON.parse(r.stdout) as { id: string }).id).toBe(id);
    const modules = readFileSync(list, 'utf8').split('\n');
    // The list is real: the HTTP client and server this command needs are in it.
    expect(modules).toContain('NativeModule http');
    expect(modules.filter((m) => /^NativeModule (crypto|internal\/crypto\/)/.test(m))).toEqual([]);
    const [codeCache] = readdirSync(join(h.path, 'cache', 'code-cache'));
    expect(readdirSync(join(h.path, 'cache', 'code-cache', codeCache!)).filter((f) => f.endsWith('.v8')).map((f) => f.split('-')[0])).toEqual(['cli']);
  });
});
