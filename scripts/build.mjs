// Bundles src/ into dist/ with esbuild. Each command's verb file stays a separate
// chunk (code splitting) so `fc --version` loads almost nothing.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Build beside dist/ and swap at the end, so a failed build never leaves fc without a dist/.
const staging = `${root}dist.build-${process.pid}`;

try {
  await build({
    entryPoints: ['src/cli.ts', 'src/sandbox/index.ts'],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    absWorkingDir: root,
    define: { __FC_VERSION__: JSON.stringify(pkg.version) },
  });
  rmSync(`${root}dist`, { recursive: true, force: true });
  renameSync(staging, `${root}dist`);
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  throw err;
}
