#!/usr/bin/env node
// Thin shim. `fc --version`, and `fc --help` when stdout is not a terminal, are
// answered here without loading the CLI; everything else runs the bundled CLI
// (dist/cli.js), which bin/bundles.js compiles with a V8 code cache from fc's cache
// folder. This file is CommonJS (bin/package.json): an ES module entry costs ~3.5 ms
// of loader start-up before its first line runs, more than the rest of `fc --version`
// (BENCHMARKS.md).
'use strict';

// Before anything else loads: on an older Node the bundle would fail with a
// syntax or native-module error that says nothing useful.
{
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    process.stderr.write(`fc needs Node.js 22 or newer (22, 24 or 26); this is Node.js ${process.versions.node}.\n`);
    process.exit(2);
  }
}

const { fstatSync, readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);

/**
 * Writes straight to fd 1: creating process.stdout would load net or tty, which
 * also costs more than `fc --version` itself. Returns false if nothing could be
 * written, so the caller falls back to the full CLI.
 */
function print(text) {
  const buf = Buffer.from(text);
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(1, buf, off);
  } catch (err) {
    if (err.code === 'EPIPE') return true; // the reader left (`| head`): nothing more to say
    if (off === 0) return false;
    process.stdout.write(buf.subarray(off)); // EAGAIN on a non-blocking pipe: the stream finishes it
  }
  return true;
}

function fastPath() {
  if (argv.length !== 1) return false;
  if (argv[0] === '--version' || argv[0] === '-v') {
    // package.json's version, the same one the build writes into dist/ as VERSION.
    return print(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
  }
  if (argv[0] === '--help' || argv[0] === '-h') {
    try {
      // A terminal gets help wrapped to its width by commander; anything else gets
      // commander's 80 columns, rendered into dist/help.txt at build time.
      if (fstatSync(1).isCharacterDevice()) return false;
      return print(readFileSync(join(__dirname, '..', 'dist', 'help.txt'), 'utf8'));
    } catch {
      return false;
    }
  }
  return false;
}

/** The platform's cache folder for fc (XDG on Linux), or FC_HOME/cache. */
function cacheDir() {
  const env = process.env;
  if (env.FC_HOME) return join(env.FC_HOME, 'cache');
  const home = require('node:os').homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'fc');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'fc', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'fc');
}

if (!fastPath()) {
  // `fincon shell-init` points the shell's fc function at this file when fincon is not on PATH.
  globalThis[Symbol.for('fc.bin')] = __filename;
  const cache = cacheDir();
  const module = require('node:module');
  if (typeof module.enableCompileCache === 'function') {
    try {
      // For this file, bin/bundles.js and what dist/ leaves to Node (the keyring).
      // In fc's own cache folder, not Node's default under the temp folder: a run of fc
      // leaves nothing in the temp folder. NODE_COMPILE_CACHE, when set, still wins.
      // Node would create the folders 0755 (FC_HOME itself, when it does not exist yet): fc's
      // promise is that everything under FC_HOME is 0700/0600, so they are made first.
      const dir = process.env.NODE_COMPILE_CACHE ? undefined : join(cache, 'node-compile-cache');
      if (dir) require('node:fs').mkdirSync(dir, { recursive: true, mode: 0o700 });
      module.enableCompileCache(dir);
    } catch {
      // A read-only cache dir must never stop the CLI.
    }
  }
  const bundles = require('./bundles.js').bundleLoader({
    // FC_CODE_CACHE=0: compile dist/ from source every time (to rule the cache out).
    cacheDir: process.env.FC_CODE_CACHE === '0' ? undefined : join(cache, 'code-cache', `${process.version}-${process.arch}`),
    argv,
  });
  new Promise((resolve) => resolve(bundles.load(join(__dirname, '..', 'dist', 'cli.js')))).then(
    async ({ main }) => {
      const code = await main(argv);
      // main() has closed what the command opened. Leaving now, once stdout and stderr have
      // handed over what they hold, skips tearing down the heap and waiting out idle sockets:
      // ~10 ms of every command's wall time after its last output (BENCHMARKS.md, start-up).
      const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
      await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
      bundles.save(code === 0);
      // Output that could not be written (cli.ts) fails a command that otherwise succeeded.
      process.exit(code === 0 && process.exitCode ? process.exitCode : code);
    },
    (err) => {
      process.stderr.write(`fc: could not load dist/cli.js (run \`npm run build\`): ${err.message}\n`);
      process.exitCode = 70; // a broken installation (README: exit codes)
    },
  );
}
