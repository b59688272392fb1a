// `node bench/startup.mjs [rounds] [fc-root…]`: the start-up rows of `npm run bench`
// alone (after `npm run build`), in seconds instead of the full bench's minutes:
// `fc --version`, `fc --help` and `fc customers get <id> --json` on the embedded
// sandbox (its own FC_HOME with one customer), each alternating with `node -e 0`,
// the same way bench/run.mjs takes them (clean environment, stdin closed, stdout a
// pipe, one warm-up). Several fc-roots (another checkout, built) are measured in
// the same rounds, so their figures share the machine's load of the moment.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const rounds = Math.max(3, Number(process.argv[2] ?? 21));
const roots = process.argv.length > 3 ? process.argv.slice(3).map((r) => resolve(r)) : [resolve(import.meta.dirname, '..')];
const tmp = mkdtempSync(join(tmpdir(), 'fc-startup-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cleanEnv(extra) {
  const env = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k];
  return { ...env, NO_COLOR: '1', STRIPE_SUPPRESS_NOTICES: 'true', ...extra };
}

/** Wall time of one process, spawn to exit, stdout on a pipe. */
function timed(args, env) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`));
      else done({ ms: Number(process.hrtime.bigint() - start) / 1e6, out });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const bare = cleanEnv({ FC_HOME: join(tmp, 'bare') });
const rows = [];
for (const [i, root] of roots.entries()) {
  const bin = join(root, 'bin', 'fc.js');
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const embedded = cleanEnv({ FC_HOME: join(tmp, `embedded-${i}`) });
  const created = spawnSync(process.execPath, [bin, 'customers', 'create', '--email', 'jenny@example.com', '--json'], { env: embedded, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`fc customers create failed in ${root}: ${created.stderr}`);
  const customer = JSON.parse(created.stdout).id;
  const tag = roots.length > 1 ? ` [${root}]` : '';
  rows.push(
    { what: `\`fc --version\`${tag}`, args: [bin, '--version'], env: bare, check: (o) => o === `${version}\n`, target: 1.3 },
    { what: `\`fc --help\`${tag}`, args: [bin, '--help'], env: bare, check: (o) => o.startsWith('Usage: fc '), target: 1.5 },
    {
      what: `\`fc customers get <id> --json\` (embedded sandbox)${tag}`,
      args: [bin, 'customers', 'get', customer, '--json'],
      env: embedded,
      check: (o) => JSON.parse(o).id === customer,
      target: 2.5,
    },
  );
}

const nodeE0 = () => timed(['-e', '0'], bare);
// Warm-up (compile caches, disk cache) and a check that each prints what it should.
await nodeE0();
for (const r of rows) {
  const { out } = await timed(r.args, r.env);
  if (!r.check(out)) throw new Error(`${r.what} printed ${JSON.stringify(out.slice(0, 200))}`);
}
const load = [loadavg()[0]];
for (const r of rows) Object.assign(r, { fc: [], base: [] });
for (let i = 0; i < rounds; i++) {
  for (const r of rows) {
    r.fc.push((await timed(r.args, r.env)).ms);
    r.base.push((await nodeE0()).ms);
  }
}
load.push(loadavg()[0]);

console.log(`fc start-up — node ${process.version}, ${availableParallelism()} cores, medians of ${rounds} alternating runs, load ${load.map((l) => l.toFixed(1)).join(' → ')}`);
for (const r of rows) {
  const a = median(r.fc);
  const b = median(r.base);
  const ratio = a / b;
  // The fastest run of each is what a quiet machine would show most often; under load the medians drift apart.
  const fastest = `fastest ${Math.min(...r.fc).toFixed(1)} ÷ ${Math.min(...r.base).toFixed(1)} = ${(Math.min(...r.fc) / Math.min(...r.base)).toFixed(2)}`;
  console.log(`${r.what} ÷ \`node -e 0\`: ${a.toFixed(1)} ms ÷ ${b.toFixed(1)} ms = ${ratio.toFixed(2)} (target ≤ ${r.target}: ${ratio <= r.target ? 'met' : 'NOT met'}; ${fastest})`);
}
