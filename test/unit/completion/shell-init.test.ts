import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerFor } from '../../../src/commands/shared/shell-init-script.js';

const root = mkdtempSync(join(tmpdir(), 'fc-runner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function binDir(...parts: string[]): string {
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fincon'), '#!/bin/sh\n');
  chmodSync(join(dir, 'fincon'), 0o755);
  return dir;
}

describe('shell-init: how the fc function reaches this program', () => {
  it('by name when fincon is on the PATH after npm link or a global install', () => {
    expect(runnerFor([join(root, 'empty'), binDir('prefix', 'bin')].join(delimiter), '/clone/bin/fc.js')).toBe('command fincon');
  });

  it("by path under npx fincon shell-init in a clone: npx's node_modules/.bin folders are not the user's shell PATH", () => {
    const npxPath = [binDir('.npm', '_npx', 'abc', 'node_modules', '.bin'), binDir('clone', 'node_modules', '.bin'), '/usr/bin'].join(delimiter);
    expect(runnerFor(npxPath, '/clone/bin/fc.js')).toBe("'/clone/bin/fc.js'");
  });
});
