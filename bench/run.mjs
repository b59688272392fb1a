// `npm run bench`: builds fc, seeds a throwaway sandbox, then times each pair of
// issue #7's table side by side (A and B alternate, so drift in machine load hits
// both), and prints medians, ratios and targets. It is a measurement, not a test:
// it exits 0 whether targets are met or not (1 only if something fails to run).
//
// Knobs (env): BENCH_RUNS (start-up rows, default 21), BENCH_HEAVY_RUNS (export and
// refresh rows, default 5), BENCH_PAGE_RUNS (sandbox page row, default 100),
// BENCH_JSON=<file> to also write every sample as JSON, BENCH_ENV_PASS (below).
// Every process runs in a clean environment. Loopback only.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/fc.js');
const PROBE = join(ROOT, 'bench/rss-probe.mjs');
const BASELINE_EXPORT = join(ROOT, 'bench/baseline-export.mjs');
const NODE = process.execPath;
const KEY = 'sk_test_bench';
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 21));
const HEAVY_RUNS = Math.max(5, Number(process.env.BENCH_HEAVY_RUNS ?? 5));
const PAGE_RUNS = Math.max(5, Number(process.env.BENCH_PAGE_RUNS ?? 100));
const BIG = 100_000;
const SMALL = 10_000;
const BULK_SESSIONS = 25; // × 2 accounts (checking, savings) = 50 accounts
const REFRESH_DELAY_MS = 200;
const PROC_TIMEOUT_MS = 120_000;
const MiB = 1024 * 1024;

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------
// Build

log('bench: building (npm run build)…');
{
  let r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.error) r = spawnSync(NODE, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    log('bench: the build failed.');
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------
// Processes

const tmp = mkdtempSync(join(tmpdir(), 'fc-bench-'));
const serverHome = join(tmp, 'served'); // behind `fc sandbox serve`
const embeddedHome = join(tmp, 'embedded'); // fc's own embedded sandbox
const servers = [];

function cleanup() {
  for (const server of servers) if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

/**
 * Nothing from the caller's shell (keys, profiles, FC_* settings, NODE_OPTIONS,
 * NODE_EXTRA_CA_CERTS) leaks into a run; BENCH_ENV_PASS=A,B passes those through.
 */
function cleanEnv(extra = {}) {
  const env = {};
  const pass = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT', ...(process.env.BENCH_ENV_PASS ?? '').split(',').filter(Boolean)];
  for (const k of pass) if (process.env[k]) env[k] = process.env[k];
  return { ...env, NO_COLOR: '1', STRIPE_SUPPRESS_NOTICES: 'true', ...extra };
}

let rssSeq = 0;

/**
 * Runs one process to completion with stdout on a pipe (as a script that captures
 * fc's output would), and returns wall time (spawn to exit), exit code, stdout
 * size and line count, and, with `rss`, the peak RSS written by bench/rss-probe.mjs.
 */
function timed(args, { env, keep = false, keepErr = false, rss = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const rssFile = rss ? join(tmp, `rss-${++rssSeq}`) : undefined;
    const argv = rss ? ['--import', PROBE, ...args] : args;
    const start = process.hrtime.bigint();
    const child = spawn(NODE, argv, {
      cwd: ROOT,
      env: rssFile ? { ...env, FC_BENCH_RSS_FILE: rssFile } : env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let lines = 0;
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', (d) => {
      bytes += d.length;
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
      if (keep) chunks.push(d);
    });
    child.stderr.on('data', (d) => {
      if (keepErr || stderr.length < 4000) stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROC_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearTimeout(timer);
      let peak;
      if (rssFile) {
        try {
          peak = Number(readFileSync(rssFile, 'utf8'));
        } catch {
          peak = NaN;
        }
      }
      const r = { ms, code, bytes, lines, stderr, rss: peak, stdout: keep ? Buffer.concat(chunks).toString('utf8') : undefined };
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}:\n${stderr}`));
      else resolvePromise(r);
    });
  });
}

const fcArgs = (...a) => [BIN, ...a];

// ---------------------------------------------------------------------------
// Seed: a served sandbox with the accounts the export and refresh rows need

/** `fc sandbox serve --port 0` over serverHome's database; resolves with its address. */
async function startServer(extraArgs = []) {
  const env = cleanEnv({ FC_HOME: serverHome, FC_SANDBOX_REFRESH_COOLDOWN_MS: '0', FC_SANDBOX_REFRESH_DELAY_MS: String(REFRESH_DELAY_MS) });
  const server = spawn(NODE, fcArgs('sandbox', 'serve', '--port', '0', '--host', '127.0.0.1', ...extraArgs), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(server);
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolveUrl, reject) => {
    const rl = createInterface({ input: server.stdout });
    rl.once('line', (line) => resolveUrl(line.trim()));
    server.once('exit', (code) => reject(new Error(`fc sandbox serve exited ${code}: ${stderr}`)));
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`unexpected sandbox address: ${url}`);
  return url;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** One form-encoded request to the served sandbox; the seeding and the page row use it. */
function api(base, method, path, params = {}) {
  const flat = [];
  const add = (k, v) => {
    if (Array.isArray(v)) v.forEach((x, i) => add(`${k}[${i}]`, x));
    else if (v && typeof v === 'object') for (const [kk, vv] of Object.entries(v)) add(`${k}[${kk}]`, vv);
    else flat.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  const form = flat.join('&');
  const url = new URL(method === 'GET' && form ? `${path}?${form}` : path, base);
  return new Promise((resolveBody, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${KEY}`,
          ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (res.statusCode !== 200) reject(new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(body.error ?? body)}`));
          else resolveBody(Object.defineProperty(body, '__ms', { value: ms }));
        });
      },
    );
    req.on('error', reject);
    if (method === 'POST') req.end(form);
    else req.end();
  });
}

async function linkAccounts(base, customer, permissions) {
  const session = await api(base, 'POST', '/v1/financial_connections/sessions', {
    account_holder: { type: 'customer', customer },
    permissions,
  });
  const done = await api(base, 'POST', `/_sandbox/financial_connections/sessions/${session.id}/complete`, { accounts: ['checking', 'savings'] });
  const ids = done.accounts?.data?.map((a) => a.id) ?? [];
  if (ids.length !== 2) throw new Error(`session ${session.id} linked ${ids.length} accounts, expected 2`);
  return ids;
}

async function seed(base) {
  const t0 = Date.now();
  const exporter = await api(base, 'POST', '/v1/customers', { email: 'export@example.com', name: 'Bench Export' });
  const [big, small] = await linkAccounts(base, exporter.id, ['transactions', 'balances']);
  const seededBig = await api(base, 'POST', `/_sandbox/financial_connections/accounts/${big}/history`, { count: BIG });
  const seededSmall = await api(base, 'POST', `/_sandbox/financial_connections/accounts/${small}/history`, { count: SMALL });
  if (seededBig.count !== BIG || seededSmall.count !== SMALL) throw new Error('seeding transactions returned the wrong counts');

  const bulk = await api(base, 'POST', '/v1/customers', { email: 'bulk@example.com', name: 'Bench Bulk' });
  const bulkAccounts = [];
  for (let i = 0; i < BULK_SESSIONS; i++) bulkAccounts.push(...(await linkAccounts(base, bulk.id, ['balances'])));
  log(`bench: seeded ${BIG} + ${SMALL} transactions and ${bulkAccounts.length} accounts in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return { big, small, bulkCustomer: bulk.id, bulkAccounts, one: bulkAccounts[0] };
}

// ---------------------------------------------------------------------------
// Measurement

/** Runs `runs` rounds of the given runners in turn (A B A B …) and returns each one's samples. */
async function alternate(runs, runners) {
  const samples = runners.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < runners.length; j++) samples[j].push(await runners[j]());
  }
  return samples;
}

const rows = [];
const checks = [];
const raw = {};
const fmtMs = (ms) => `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
const fmtMiB = (b) => `${(b / MiB).toFixed(1)} MiB`;

function row(what, a, b, fmt, target, extra = () => true, note = '') {
  const ratio = a / b;
  const met = ratio <= target && extra();
  rows.push({ what, a: fmt(a), b: fmt(b), ratio: ratio.toFixed(2), target: `≤ ${target}${note}`, met: met ? 'yes' : 'NO' });
}

async function main() {
  log(`bench: node ${process.version}, ${availableParallelism()} cores; temp home ${tmp}`);
  const url = await startServer();
  log(`bench: sandbox at ${url}`);
  const s = await seed(url);

  const served = cleanEnv({ FC_HOME: join(tmp, 'client'), FC_API_BASE: url, STRIPE_API_KEY: KEY });
  const embedded = cleanEnv({ FC_HOME: embeddedHome });
  const bare = cleanEnv({ FC_HOME: join(tmp, 'bare') });

  // A customer in the embedded sandbox's own database (the first run creates it).
  const created = await timed(fcArgs('customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen', '--json'), { env: embedded, keep: true });
  const customer = JSON.parse(created.stdout).id;
  // Warm-up, one of each, so no row pays for a cold disk cache; and a check that
  // each prints what it should.
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  await timed(['-e', '0'], { env: bare });
  const v = await timed(fcArgs('--version'), { env: bare, keep: true });
  if (v.stdout !== `${version}\n`) throw new Error(`fc --version printed ${JSON.stringify(v.stdout)}`);
  const h = await timed(fcArgs('--help'), { env: bare, keep: true });
  if (!h.stdout.startsWith('Usage: fc ') || !h.stdout.includes('customers')) throw new Error(`fc --help printed ${JSON.stringify(h.stdout.slice(0, 200))}`);
  const g = await timed(fcArgs('customers', 'get', customer, '--json'), { env: embedded, keep: true });
  if (JSON.parse(g.stdout).id !== customer) throw new Error('fc customers get printed another customer');

  const nodeE0 = () => timed(['-e', '0'], { env: bare });

  log(`bench: start-up rows (${RUNS} runs each, alternating with node -e 0)…`);
  const startup = [
    ['`fc --version` ÷ `node -e 0`', fcArgs('--version'), bare, 1.3],
    ['`fc --help` ÷ `node -e 0`', fcArgs('--help'), bare, 1.5],
    ['`fc customers get <id> --json` (embedded sandbox) ÷ `node -e 0`', fcArgs('customers', 'get', customer, '--json'), embedded, 2.5],
  ];
  // One round runs every pair back to back (fc, node -e 0, fc, node -e 0, …), so the
  // three rows share the same stretch of machine time.
  const samples = await alternate(
    RUNS,
    startup.flatMap(([, args, env]) => [() => timed(args, { env }), nodeE0]),
  );
  startup.forEach(([what, , , target], i) => {
    raw[what] = { fc: samples[2 * i].map((r) => r.ms), base: samples[2 * i + 1].map((r) => r.ms) };
    row(what, median(raw[what].fc), median(raw[what].base), fmtMs, target);
  });

  log(`bench: export rows (${HEAVY_RUNS} rounds of: fc ${BIG}, stripe-node ${BIG}, fc ${SMALL}, stripe-node ${SMALL})…`);
  const exportFc = (id) => timed(fcArgs('accounts', 'transactions', id, '--all', '--format', 'csv'), { env: served, rss: true });
  const exportBaseline = (id) => timed([BASELINE_EXPORT, id], { env: served, rss: true });
  // Warm-up, and the two must write the very same CSV.
  const fcCsv = await timed(fcArgs('accounts', 'transactions', s.small, '--all', '--format', 'csv'), { env: served, keep: true });
  const baseCsv = await timed([BASELINE_EXPORT, s.small], { env: served, keep: true });
  const sameCsv = fcCsv.stdout === baseCsv.stdout;
  const [fcBig, baseBig, fcSmall, baseSmall] = await alternate(HEAVY_RUNS, [
    () => exportFc(s.big),
    () => exportBaseline(s.big),
    () => exportFc(s.small),
    () => exportBaseline(s.small),
  ]);
  for (const [name, rs, n] of [['fc', fcBig, BIG], ['stripe-node', baseBig, BIG], ['fc', fcSmall, SMALL], ['stripe-node', baseSmall, SMALL]]) {
    for (const r of rs) if (r.lines !== n + 1) throw new Error(`${name} export wrote ${r.lines} lines, expected ${n + 1}`);
  }
  const pairs = (rs) => rs.map((r) => [r.ms, r.rss]);
  raw.export = { fcBig: pairs(fcBig), baseBig: pairs(baseBig), fcSmall: pairs(fcSmall), baseSmall: pairs(baseSmall) };
  row(
    `\`fc accounts transactions --all --format csv\`, ${BIG} rows ÷ stripe-node autoPagingEach + csv-stringify`,
    median(fcBig.map((r) => r.ms)),
    median(baseBig.map((r) => r.ms)),
    fmtMs,
    1.2,
  );
  const rssBig = median(fcBig.map((r) => r.rss));
  row(
    `peak RSS of that export: ${BIG} rows ÷ ${SMALL} rows`,
    rssBig,
    median(fcSmall.map((r) => r.rss)),
    fmtMiB,
    1.2,
    () => rssBig < 150 * MiB,
    ', < 150 MiB',
  );
  const baseRssBig = median(baseBig.map((r) => r.rss));
  const baseRssSmall = median(baseSmall.map((r) => r.rss));
  checks.push(
    `the stripe-node baseline's peak RSS for the same exports: ${fmtMiB(baseRssBig)} at ${BIG} rows, ${fmtMiB(baseRssSmall)} at ${SMALL} ` +
      `(${(baseRssBig / baseRssSmall).toFixed(2)}×); the two CSVs at ${SMALL} rows are ${sameCsv ? 'byte-identical' : 'NOT identical (update bench/baseline-export.mjs)'}.`,
  );

  log(`bench: refresh rows (${HEAVY_RUNS} runs each; refresh delay ${REFRESH_DELAY_MS} ms, cooldown 0)…`);
  const refreshOne = () => timed(fcArgs('accounts', 'refresh', s.one, '--features', 'balance'), { env: served });
  const refreshAll = () => timed(fcArgs('accounts', 'refresh', '--customer', s.bulkCustomer, '--all', '--features', 'balance'), { env: served, keep: true });
  const [all, one] = await alternate(HEAVY_RUNS, [refreshAll, refreshOne]);
  // Exit 0 already means no refresh failed or timed out; each account has its row, and each row says succeeded.
  for (const r of all) {
    const lines = r.stdout.split('\n').filter((l) => l.includes('fca_'));
    const ok = lines.filter((l) => /succeeded/.test(l) && !/too early/.test(l)).length;
    if (lines.length !== s.bulkAccounts.length || ok !== lines.length) throw new Error(`bulk refresh: ${ok} of ${lines.length} rows succeeded:\n${r.stdout}`);
  }
  raw.refresh = { all: all.map((r) => r.ms), one: one.map((r) => r.ms) };
  row(
    `\`fc accounts refresh --customer <cus> --all --features balance\`, ${s.bulkAccounts.length} accounts ÷ one account`,
    median(raw.refresh.all),
    median(raw.refresh.one),
    fmtMs,
    2,
  );

  // Not a ratio: the same bulk refresh against a second server over the same data
  // that answers 20% of API requests with 429 + Retry-After: 1 (seeded, so
  // repeatable). Every account must still end refreshed.
  log('bench: bulk refresh against a sandbox answering 20% of requests with 429…');
  const limited = await startServer(['--faults', '0.2', '--fault-kinds', '429', '--fault-seed', '7']);
  const r429 = await timed(fcArgs('accounts', 'refresh', '--customer', s.bulkCustomer, '--all', '--features', 'balance', '--json'), {
    env: { ...served, FC_API_BASE: limited, FC_DEBUG: '1' },
    keep: true,
    keepErr: true,
  });
  const refreshed = JSON.parse(r429.stdout).filter((a) => a.balance_refresh?.status === 'succeeded').length;
  const retries = (r429.stderr.match(/429 rate limited/g) ?? []).length;
  checks.push(
    `bulk refresh of ${s.bulkAccounts.length} accounts against 20% injected 429s (Retry-After: 1): ${refreshed}/${s.bulkAccounts.length} refreshed, ` +
      `${retries} retries after a 429 (from --debug), ${fmtMs(r429.ms)}; concurrency 8 (the default).`,
  );
  if (refreshed !== s.bulkAccounts.length) throw new Error(`bulk refresh under 429s: ${refreshed} of ${s.bulkAccounts.length} refreshed`);

  log(`bench: sandbox page cost (${PAGE_RUNS} alternating requests each)…`);
  // The cursor for the page that holds rows 99,901-100,000: the id on row 99,900 of an export.
  const csv = await timed(fcArgs('accounts', 'transactions', s.big, '--all', '--format', 'csv'), { env: served, keep: true });
  const ids = csv.stdout.split('\n');
  const cursor = ids[BIG - 100].split(',')[0];
  const page = (extra) => async () => {
    const body = await api(url, 'GET', '/v1/financial_connections/transactions', { account: s.big, limit: 100, ...extra });
    if (body.data.length !== 100) throw new Error(`page had ${body.data.length} rows`);
    return body.__ms;
  };
  const [deep, first] = await alternate(PAGE_RUNS, [page({ starting_after: cursor }), page({})]);
  raw.page = { deep, first };
  row(`sandbox: GET transactions page at row ${BIG - 100} ÷ page 1 (limit 100, keep-alive)`, median(deep), median(first), fmtMs, 1.2);

  print();
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ node: process.version, cores: availableParallelism(), rows, checks, raw }, null, 2));
}

function print() {
  const head = { what: 'what', a: 'median A', b: 'median B', ratio: 'A ÷ B', target: 'target', met: 'met?' };
  const all = [head, ...rows];
  const w = Object.fromEntries(Object.keys(head).map((k) => [k, Math.max(...all.map((r) => r[k].length))]));
  const line = (r) => `| ${Object.keys(head).map((k) => r[k].padEnd(w[k])).join(' | ')} |`;
  const out = [
    `fc bench — node ${process.version}, ${availableParallelism()} cores (nproc), medians of ${RUNS} (start-up), ${HEAVY_RUNS} (export, refresh), ${PAGE_RUNS} (page) runs`,
    line(head),
    `|${Object.keys(head).map((k) => '-'.repeat(w[k] + 2)).join('|')}|`,
    ...rows.map(line),
    ...checks.map((c) => `check: ${c}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

try {
  await main();
} catch (err) {
  log(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  agent.destroy();
  cleanup();
}
