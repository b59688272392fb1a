// Bundles src/ and its dependencies into dist/ with esbuild, as a few files, each
// loaded only by the commands that need it (BENCHMARKS.md, "Start-up"):
//   - dist/cli.js: the CLI, commander, every command, stripe-node and the embedded
//     sandbox: one file for the embedded path, the one most commands take (a module's code
//     is evaluated only when it runs: esbuild wraps what is reached by import() in a lazy
//     initialiser, so a command that talks to Stripe itself never starts the sandbox);
//   - dist/vendor/*.js: dependencies only some commands call (the prompts, the spinner,
//     the config-file library, qs, cli-table3), one file each.
// Each file costs a read, a code-cache lookup and a link; one file of ~1.2 MB is also read
// into memory V8 does not manage, where three smaller ones were each a young-generation
// string to be collected.
//
// The bundles are CommonJS module bodies, each already in the function Node wraps such a
// file in, and only bin/bundles.js loads them: it compiles each one with a V8 code cache
// written after a command ran (Node's own compile cache holds only what was compiled
// before anything ran). A bundle reaches another with require('./vendor/x.js'), which
// bin/bundles.js loads the same way.
//
// Dependencies are bundled too: stripe-node alone is ~220 ESM files. What is not:
//   - better-sqlite3's addon: the prebuilt one for the platform, from its own package
//     (13+: no compiler, no install script); its JavaScript is bundled;
//   - @napi-rs/keyring: a platform-specific native addon from its own optional package.
// Both remain ordinary dependencies, and so does `open`, whose code is bundled but whose
// `xdg-open` script is spawned from its installed folder, so `npm ci` → runnable fc is unchanged.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Build beside dist/ and swap at the end, so a failed build never leaves fc without a dist/.
const staging = join(root, `dist.build-${process.pid}`);

const EXTERNAL = ['@napi-rs/keyring'];

/** Packages bundled into a file of their own under dist/vendor/, imported (dynamically) by that path. */
const VENDOR = { '@inquirer/prompts': 'inquirer', ora: 'ora', conf: 'conf' };

/**
 * A vendor package is imported from its own file. Only import() may reach it, or the
 * importing bundle would load it at once: anything else fails the build.
 */
const bundleLinks = {
  name: 'bundle-links',
  setup(b) {
    const names = Object.keys(VENDOR).map((n) => n.replace(/[/]/g, '\\/'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      const target = `vendor/${VENDOR[args.path]}.js`;
      if (args.kind !== 'dynamic-import') {
        return { errors: [{ text: `${args.path} must be imported with import() (it is a bundle of its own: ${target})` }] };
      }
      return { path: `./${target}`, namespace: 'fc-link' };
    });
    // The importing code gets the other bundle's exports as an ES module's (its default
    // is the bundle's default export): esbuild would otherwise treat the file, which is
    // CommonJS, as Node treats one, and hand its whole exports object over as default.
    b.onLoad({ filter: /.*/, namespace: 'fc-link' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)}; export { default } from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
    b.onResolve({ filter: /.*/, namespace: 'fc-link' }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * better-sqlite3's JavaScript (15 CommonJS files, each resolved, read and compiled on
 * its own: ~2 ms of every embedded-sandbox command) goes into dist/cli.js;
 * its addon stays in the installed package, where lib/binding.js looks for it from
 * its own folder, which it is told.
 */
const sqliteBundled = {
  name: 'better-sqlite3-bundled',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]better-sqlite3[\\/]lib[\\/]binding\.js$/ }, (args) => ({
      // Node's own order (node_modules folders up from the bundle's), one existsSync each:
      // require.resolve() took ~1 ms of every embedded-sandbox command. It still decides
      // when the walk finds nothing (NODE_PATH, global folders).
      contents:
        `var __dirname = (() => {
  const { dirname, join } = require('node:path');
  for (let dir = dirname(__filename); ; dir = dirname(dir)) {
    const lib = join(dir, 'node_modules', 'better-sqlite3', 'lib');
    if (require('node:fs').existsSync(join(lib, 'binding.js'))) return lib;
    if (dirname(dir) === dir) return join(dirname(require.resolve('better-sqlite3/package.json')), 'lib');
  }
})();\n` + readFileSync(args.path, 'utf8'),
      loader: 'js',
    }));
  },
};

/**
 * `open` is an ES module only, which a CommonJS bundle could not require() on every Node 22;
 * bundled, it looks for its `xdg-open` script in its installed folder, which it is told.
 */
const openBundled = {
  name: 'open-bundled',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]open[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const line = 'const __dirname = path.dirname(fileURLToPath(import.meta.url));';
      if (!text.includes(line)) throw new Error(`build: ${args.path} no longer finds its folder with "${line}"; update openBundled in scripts/build.mjs`);
      // Under its own name: a `__dirname` at the bundle's top level would hide the bundle's own.
      return { contents: text.replace(line, "const __dirname = path.dirname(require.resolve('open'));").replaceAll('__dirname', 'openDirname'), loader: 'js' };
    });
  },
};

/**
 * stripe-node's HTTP client makes an https.Agent when it loads, and node:https brings tls
 * with it (~1 ms); fc on the embedded sandbox or an http:// --api-base never uses either.
 * stripe-node gets a node:https whose Agent records its options and whose request() makes
 * the real agent, with those options, for the first request that uses it.
 */
const lazyHttps = {
  name: 'lazy-https',
  setup(b) {
    b.onResolve({ filter: /^(node:)?https$/ }, (args) =>
      args.kind !== 'dynamic-import' && /[\\/]stripe[\\/]esm[\\/]net[\\/]NodeHttpClient\.js$/.test(args.importer)
        ? { path: 'https', namespace: 'fc-lazy-https' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'fc-lazy-https' }, () => ({
      contents: `
let https;
const load = () => (https ??= require('node:https'));
const agents = new WeakMap();
class Agent {
  constructor(options) {
    agents.set(this, { options, real: undefined });
  }
}
const real = (agent) => {
  const lazy = agents.get(agent);
  if (!lazy) return agent;
  return (lazy.real ??= new (load().Agent)(lazy.options));
};
module.exports = {
  Agent,
  get globalAgent() { return load().globalAgent; },
  request(options, ...rest) {
    return load().request(options && options.agent ? { ...options, agent: real(options.agent) } : options, ...rest);
  },
  get(options, ...rest) {
    return load().get(options && options.agent ? { ...options, agent: real(options.agent) } : options, ...rest);
  },
};`,
      loader: 'js',
    }));
  },
};

/**
 * CommonJS packages that code imports at its top but calls only sometimes get a stand-in
 * that loads them on first use, from a bundle of their own (dist/vendor/<file>.js), so a
 * command that never calls them does not even read their code:
 * - qs, with what it brings (side-channel, get-intrinsic, object-inspect: ~50 modules,
 *   ~110 kB in the CLI and again in the sandbox), took half of the sandbox's load time;
 *   only a request with a query string or a form body (and `fc api`) needs it;
 * - cli-table3 (with @colors/colors, string-width): io/render.ts imports it for tables, and
 *   every command loads render.ts, `--json` ones too. Its stand-in is the constructor:
 *   `new Table(options)` makes a real table.
 */
const LAZY_CJS = {
  qs: { file: 'qs', exports: ['parse', 'stringify'] },
  'cli-table3': { file: 'table', exports: 'constructor' },
};
const lazyCjs = {
  name: 'lazy-cjs',
  setup(b) {
    const names = Object.keys(LAZY_CJS).map((n) => n.replace(/[/]/g, '\\/'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'fc-lazy-cjs' }));
    // The stand-in's require() of the package's own bundle, loaded when first called.
    b.onResolve({ filter: /^\.\/vendor\//, namespace: 'fc-lazy-cjs' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'fc-lazy-cjs' }, (args) => {
      const { file, exports } = LAZY_CJS[args.path];
      return {
        contents: [
          `let real;`,
          `const load = () => (real ??= require(${JSON.stringify(`./vendor/${file}.js`)}));`,
          exports === 'constructor'
            ? `module.exports = function (...a) { return new (load())(...a); };`
            : `module.exports = { ${exports.map((f) => `${f}: (...a) => load().${f}(...a)`).join(', ')} };`,
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * stripe-node's client builds every resource of Stripe's API (~240 classes) when it
 * loads and again for each client: ~8 ms of `fc customers get`. fc calls these,
 * and the bundle keeps them, each module whole, as stripe-node ships it; every other
 * resource module becomes an empty class, so its property on the client exists but
 * has no methods. `fc api` needs none of them (rawRequest is the client's own).
 * test/process/stripe-resources.test.ts checks, against dist/, that every
 * `<client>.<resource>.<method>(` in src/ reaches a resource kept here, whole.
 */
const STRIPE_RESOURCES = [
  'Accounts',
  'Charges',
  'Customers',
  'Events',
  'FinancialConnections/index',
  'FinancialConnections/Accounts',
  'FinancialConnections/Sessions',
  'FinancialConnections/Transactions',
  'Mandates',
  'PaymentIntents',
  'PaymentMethods',
  'SetupIntents',
  'V2/index',
  'V2/Core/index',
  'V2/Core/Accounts',
  'WebhookEndpoints',
];
const stripeResources = {
  name: 'stripe-resources',
  setup(b) {
    const kept = new Set();
    b.onLoad({ filter: /[\\/]node_modules[\\/]stripe[\\/]esm[\\/]resources[\\/].*\.js$/ }, (args) => {
      const name = args.path.replace(/^.*[\\/]esm[\\/]resources[\\/]/, '').replace(/\.js$/, '').replace(/\\/g, '/');
      if (STRIPE_RESOURCES.includes(name)) {
        kept.add(name);
        return undefined;
      }
      const exported = [...readFileSync(args.path, 'utf8').matchAll(/^export (?:class|const|function) (\w+)/gm)].map((m) => m[1]);
      return { contents: exported.map((n) => `export class ${n} {}`).join('\n'), loader: 'js' };
    });
    // A stripe-node that moved or renamed one of them must not quietly lose it.
    b.onEnd((result) => {
      const missing = STRIPE_RESOURCES.filter((n) => !kept.has(n));
      if (missing.length && !result.errors.length) {
        result.errors.push({ text: `stripe-node has no resources/${missing.join('.js, resources/')}.js any more: update STRIPE_RESOURCES in scripts/build.mjs` });
      }
    });
  },
};

/**
 * Node built-ins stay require() calls, each run when the module that imports it is first
 * run (esbuild puts a lazily run module's require() calls in its initialiser), so `fc
 * --help` does not load node:http because `fc pay` uses it. A built-in imported by name is
 * used as it is; only a default or namespace import gets a copy of its exports.
 *
 * Built-ins that most commands import but do not call get a stand-in whose every export is
 * a getter that loads the module on first use:
 * - node:crypto is ~40 internal modules, ~2.4 ms of `fc customers get`, which makes no id,
 *   key or signature;
 * - commander requires node:child_process when it loads, for executable subcommands that
 *   fc does not have; it pulls in net and dgram.
 */
const LAZY_BUILTINS = ['crypto', 'child_process'];
const require = createRequire(import.meta.url);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`) }, (args) =>
      // The stand-in's own require() is the real module; so is an import(), which loads it at once anyway.
      args.namespace === 'fc-builtin' || args.kind === 'dynamic-import'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'fc-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'fc-builtin' }, (args) => ({
      contents: [
        `let real;`,
        `const load = () => (real ??= require('node:${args.path}'));`,
        `for (const k of ${JSON.stringify(Object.keys(require(`node:${args.path}`)))}) Object.defineProperty(module.exports, k, { enumerable: true, get: () => load()[k] });`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * src/commands/index.ts loads a command's file by name, `import(`./${path}.ts`)`.
 * Left to itself esbuild turns that into a glob over every file below commands/,
 * helpers too, each a lazily run entry of its own. Command files are exactly
 * commands/<x>/<y>.ts, so the build names them to esbuild as literal imports instead
 * (each runs when its command does); tests load the sources as they are.
 */
const COMMAND_IMPORT = "import(/* @vite-ignore */ `./${path}.ts`)";
const commandFiles = {
  name: 'command-files',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]commands[\\/]index\.ts$/ }, (args) => {
      const dir = dirname(args.path);
      const paths = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'shared')
        .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.ts')).map((f) => `${d.name}/${f.slice(0, -3)}`));
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(COMMAND_IMPORT)) throw new Error(`build: ${args.path} no longer loads commands with ${COMMAND_IMPORT}; update commandFiles in scripts/build.mjs`);
      const table = paths.map((p) => `${JSON.stringify(p)}: () => import(${JSON.stringify(`./${p}.ts`)})`).join(',\n    ');
      const load = `({\n    ${table},\n  })[path]?.() ?? Promise.reject(new Error(\`no command file src/commands/\${path}.ts\`))`;
      return { contents: source.replace(COMMAND_IMPORT, load), loader: 'ts' };
    });
  },
};

/**
 * `fc --help` written to anything but a terminal is always the same text (80
 * columns, no color: commander's choice when stdout is not a TTY), so it is
 * rendered once here, by the CLI just built, into dist/help.txt, and bin/fc.js
 * prints that file instead of loading the CLI. On a terminal commander renders
 * it for the terminal's width as before. Without the file, nothing changes.
 */
function renderHelp(dir) {
  const home = mkdtempSync(join(tmpdir(), 'fc-build-'));
  try {
    const load = `require(${JSON.stringify(join(root, 'bin', 'bundles.js'))}).bundleLoader({ cacheDir: ${JSON.stringify(home)}, argv: [] }).load(${JSON.stringify(join(dir, 'cli.js'))})`;
    const r = spawnSync(
      process.execPath,
      ['-e', `${load}.main(['--help']).then((code) => (process.exitCode = code));`],
      { env: { PATH: process.env.PATH, HOME: home, FC_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    if (r.status === 0 && r.stdout.startsWith('Usage: fc ')) writeFileSync(join(dir, 'help.txt'), r.stdout);
    else console.warn(`build: could not render fc --help (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The package folder (node_modules/<name> or node_modules/@scope/<name>) a bundled input came from. */
function packageDir(input) {
  const parts = input.split(/[\\/]/);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0) return undefined;
  const n = parts[i + 1]?.startsWith('@') ? 2 : 1;
  return join(root, ...parts.slice(0, i + 1 + n));
}

/**
 * Every third-party package whose code esbuild put into dist/, with its licence
 * text: the bundle is a redistribution, so the notices travel with it.
 */
function thirdPartyNotices(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDir(input);
    if (dir) dirs.add(dir);
  }
  const sections = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
      return { name: pkg.name, version: pkg.version, license: pkg.license, text };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const head = `# Third-party notices\n\nfc's dist/ bundles code from these packages (found by the build, from esbuild's list of inputs). Each one's licence follows.\n`;
  return [head, ...sections.map((s) => `## ${s.name} ${s.version} (${s.license ?? 'unknown'})\n\n\`\`\`\n${s.text}\n\`\`\`\n`)].join('\n');
}

/** What every bundle shares: CommonJS for Node 22 (see the top), no source maps unless asked. */
const common = {
  bundle: true,
  format: 'cjs',
  // import() becomes require() (in a promise): a script compiled by vm.Script has no import().
  supported: { 'dynamic-import': false },
  // Each file is the function Node would wrap a CommonJS file in, so bin/bundles.js
  // compiles it as it is read: wrapping it there made a second copy of ~1.5 MB of source
  // (young garbage: another scavenge in every command).
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  platform: 'node',
  target: 'node22',
  // Source maps only on request (FC_SOURCEMAP=1): they were more than half of the published package.
  sourcemap: process.env.FC_SOURCEMAP ? 'linked' : false,
  // The licences of bundled code go, whole, into dist/THIRD_PARTY_NOTICES.md (thirdPartyNotices below).
  legalComments: 'none',
  logLevel: 'warning',
  // require.resolve() of a package fc does not bundle (better-sqlite3, open: their files are found at run time) is meant.
  logOverride: { 'require-resolve-not-external': 'silent' },
  absWorkingDir: root,
  metafile: true,
  define: { __FC_VERSION__: JSON.stringify(pkg.version) },
};

/**
 * Node decodes a module's source from UTF-8 before compiling it; one non-ASCII character
 * anywhere (a regex's ✔, a comment's —: esbuild escapes strings, not those) makes the whole
 * file a two-byte string, decoded on a slow path: ~3 ms of `fc customers get` for the
 * three files it loads. Each such character becomes its \u escape, which means the same
 * in a string, a regex or a template, and nothing in a comment.
 */
function asciiOnly(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
}

/**
 * Each bundle's first line starts with a hash of the bundle, `/*fc:<hash>*\/`: bin/bundles.js
 * names a bundle's code cache by it, so a cache is only ever used with the build it was
 * made from (V8 itself compares only the source's length).
 */
function stampBuilds(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'latin1');
    writeFileSync(file, `/*fc:${createHash('sha256').update(text).digest('hex').slice(0, 16)}*/${text}`, 'latin1');
  }
}

/** esbuild's metafiles of several builds as one (FC_BUILD_META, the notices). */
function mergeMeta(metas) {
  return { inputs: Object.assign({}, ...metas.map((m) => m.inputs)), outputs: Object.assign({}, ...metas.map((m) => m.outputs)) };
}

try {
  const results = await Promise.all([
    build({
      ...common,
      entryPoints: { cli: 'src/cli.ts' },
      outdir: staging,
      external: EXTERNAL,
      plugins: [bundleLinks, lazyBuiltins, commandFiles, lazyCjs, openBundled, sqliteBundled, lazyHttps, stripeResources],
    }),
    build({
      ...common,
      entryPoints: Object.fromEntries([...Object.entries(VENDOR), ...Object.entries(LAZY_CJS).map(([name, { file }]) => [name, file])].map(([name, file]) => [file, name])),
      outdir: join(staging, 'vendor'),
      external: EXTERNAL,
      plugins: [lazyBuiltins],
    }),
  ]);
  const metafile = mergeMeta(results.map((r) => r.metafile));
  // FC_BUILD_META=meta.json: what went into which file (esbuild's analyzer reads it).
  if (process.env.FC_BUILD_META) writeFileSync(process.env.FC_BUILD_META, JSON.stringify(metafile));
  writeFileSync(join(staging, 'THIRD_PARTY_NOTICES.md'), thirdPartyNotices(metafile));
  asciiOnly(staging);
  stampBuilds(staging);
  writeFileSync(join(staging, 'package.json'), '{ "type": "commonjs" }\n');
  renderHelp(staging);
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  renameSync(staging, join(root, 'dist'));
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  throw err;
}
