import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

// Tests that run the built binary (bin/fc.js → dist/) would pass against a stale
// build and prove nothing about src/. Such a file fails at once when any file in
// src/ is newer than dist/cli.js; in-process tests run src/ itself and need no build.
const ROOT = resolve(import.meta.dirname, '../..');

function newest(dir: string): { path: string; mtimeMs: number } {
  let best = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newest(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  return best;
}

const testPath = expect.getState().testPath;
const source = testPath ? readFileSync(testPath, 'utf8') : '';
if (/\bBIN\b|runFcProcess|process: true/.test(source)) {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
  } catch {
    // no dist/ at all
  }
  const src = newest(join(ROOT, 'src'));
  if (src.mtimeMs > built) {
    throw new Error(
      `dist/ is older than src/ (${src.path.slice(ROOT.length + 1)} changed after the last build): run \`npm run build\` (npm test builds first).`,
    );
  }
}
