// Loads dist/'s bundles (CommonJS) with V8's code cache, written after a command has run.
//
// Node's own module compile cache is made right after a file is compiled, so it holds only
// the few functions V8 compiles eagerly; every other function is compiled again, from
// source, the first time each run calls it: ~100 of them, ~7 ms, for `fc customers get`
// on the embedded sandbox (BENCHMARKS.md, start-up). A cache made once the command has run
// (vm.Script's createCachedData) holds every function it used, compiled.
//
// Each bundle's cache is written when it had none (or V8 rejected it: another Node, other
// flags), and again after the first successful run of each command, so the cache grows to
// cover the commands this user runs. A cache that cannot be read or written only costs time.
'use strict';

const fs = require('node:fs');
const { basename, dirname, join } = require('node:path');

/**
 * `fc customers get cus_1 --json` → "customers-get": what a run's compiled functions
 * depend on. A flag's value can pass for a word (`--format csv`): that only costs one
 * more write of the caches, once.
 */
function commandKey(argv) {
  const words = [];
  for (const a of argv) {
    // A flag, or a value that is no command word (an id, a URL, a path): not part of the name.
    if (a.startsWith('-') || !/^[a-z][a-z-]{0,30}$/.test(a)) continue;
    words.push(a);
    if (words.length === 2) break;
  }
  return words.join('-');
}

/**
 * A bundle's build, which names its cache: V8 checks a cache against the source's length,
 * not its contents, and would run an old build's bytecode for a new file of the same
 * length. The build stamps each bundle with a hash of its contents (`/*fc:<hash>*\/` at
 * the start of its first line); npm gives every file it installs the same modification
 * time, so that could not tell two versions apart. An unstamped file has no cache.
 */
function idOf(file, head) {
  const stamp = /^\/\*fc:([0-9a-f]{8,64})\*\//.exec(head);
  return stamp ? `${basename(file, '.js')}-${stamp[1]}` : undefined;
}

/** The first bytes of a bundle, where its stamp is, without reading the rest. */
function headOf(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(80);
    return buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A cache file's bytes, if this user wrote it: V8 runs what a cache holds, so one that
 * another user could have written or replaced (FC_HOME in a shared folder) is not read.
 */
function readCache(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    if (process.getuid && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined; // none yet
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a cache so that no reader ever sees part of it: V8 checks a cache's header but
 * not its contents (no checksum in release builds), and runs damaged bytecode. A
 * temporary file, flushed to the disk, then renamed over the old one: after a crash or a
 * power cut the cache is the old one or the new one, whole, even with another fc writing it.
 */
function writeWhole(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/**
 * A loader of the bundles in one folder: `load(file)` runs a bundle (once) and returns
 * its exports; `save(succeeded)` writes what this run should add to the caches in
 * `cacheDir`. Without a `cacheDir`, bundles are compiled from source and nothing is written.
 */
function bundleLoader({ cacheDir, argv }) {
  const vm = require('node:vm');
  const bundles = new Map();
  let ranId; // the first bundle's id: the build the command markers belong to
  const key = commandKey(argv);

  function load(file) {
    const known = bundles.get(file);
    if (known) return known.module.exports;
    // dist/ is ASCII (scripts/build.mjs): latin1 gives V8 a one-byte string at once.
    const source = fs.readFileSync(file, 'latin1');
    const name = basename(file, '.js');
    const id = idOf(file, source.slice(0, 80));
    ranId ??= id;
    const cacheFile = cacheDir && id && join(cacheDir, `${id}.v8`);
    const cachedData = cacheFile && readCache(cacheFile);
    // The file is the wrapper Node gives a CommonJS file, on a line of its own (scripts/build.mjs).
    const script = new vm.Script(source, { filename: file, cachedData, lineOffset: -1 });
    const module = { exports: {}, id: file, filename: file };
    bundles.set(file, { name, id, module, script, cacheFile, fresh: cachedData !== undefined && !script.cachedDataRejected });
    const dir = dirname(file);
    // Another bundle (`./vendor/qs.js`) is loaded the same way; the rest by Node, through
    // this file's own require(): bin/ and dist/ are siblings, so a package resolves from here
    // as from a bundle, without a createRequire() per bundle (~0.3 ms each).
    const bundleRequire = (id) => (id.startsWith('./') ? load(join(dir, id)) : require(id));
    bundleRequire.resolve = require.resolve;
    script.runInThisContext().call(module.exports, module.exports, bundleRequire, module, file, dir);
    return module.exports;
  }

  function save(succeeded) {
    // A run that changed V8's flags (src/io/nursery.ts) would write caches V8 rejects in any other run.
    if (!bundles.size || !cacheDir || globalThis[Symbol.for('fc.v8-flags-changed')]) return;
    const marker = key && ranId && join(cacheDir, `${ranId}.${key}.ran`);
    const ranBefore = marker ? fs.existsSync(marker) : true;
    const stale = [...bundles.values()].filter((b) => b.cacheFile && (!b.fresh || (succeeded && !ranBefore)));
    if (!stale.length) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      for (const b of stale) writeWhole(b.cacheFile, b.script.createCachedData());
      if (succeeded && marker) fs.writeFileSync(marker, '', { mode: 0o600 });
      prune();
    } catch {
      // a read-only or full disk: the next run compiles again
    }
  }

  /**
   * Removes caches and markers of bundles that are not in dist/ as they are now: an
   * earlier build, or a bundle that no longer exists. A bundle is dist/<name>.js or
   * dist/vendor/<name>.js (scripts/build.mjs), its name without a '-'.
   */
  function prune() {
    const root = dirname([...bundles.keys()][0]);
    const current = new Map([...bundles.values()].map((b) => [b.name, b.id]));
    const currentId = (name) => {
      if (!current.has(name)) {
        const file = [join(root, `${name}.js`), join(root, 'vendor', `${name}.js`)].find((f) => fs.existsSync(f));
        current.set(name, file && idOf(file, headOf(file)));
      }
      return current.get(name);
    };
    for (const f of fs.readdirSync(cacheDir)) {
      if (f.endsWith('.tmp')) {
        // Another fc's write in progress, or one that died writing (an hour is long enough).
        if (Date.now() - fs.statSync(join(cacheDir, f)).mtimeMs > 3_600_000) fs.rmSync(join(cacheDir, f), { force: true });
        continue;
      }
      const id = f.split('.')[0];
      if (currentId(id.split('-')[0]) !== id) fs.rmSync(join(cacheDir, f), { force: true });
    }
  }

  return { load, save };
}

module.exports = { bundleLoader, commandKey };
