import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileConfigStore, loadConfWriter, MemoryConfigStore } from '../../../src/config/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('config store', () => {
  it('writes config.json with mode 0600 inside a 0700 folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fc-conf-')), 'home');
    dirs.push(dir);
    await loadConfWriter();
    const store = new FileConfigStore(dir);
    store.setProfile('default', { apiKey: 'sk_test_abc' });
    store.setCurrentProfile('default');
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ profiles: { default: { apiKey: 'sk_test_abc' } }, currentProfile: 'default' });
    expect(new FileConfigStore(dir).profile('default')).toEqual({ apiKey: 'sk_test_abc' });
  });

  it('keeps profiles apart in memory', () => {
    const store = new MemoryConfigStore();
    store.setProfile('a', { apiKey: 'sk_test_a' });
    store.setProfile('b', { apiKey: 'sk_test_b' });
    store.setCurrentProfile('b');
    expect(store.currentProfile()).toBe('b');
    expect(Object.keys(store.profiles())).toEqual(['a', 'b']);
  });
});
