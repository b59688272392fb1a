// `npm run bench`: builds fc, seeds a throwaway sandbox, then times each pair of
// issue #7's table side by side (A and B alternate, so drift in machine load hits
// both), and prints medians, ratios and targets. It is a measurement, not a test:
// it exits 0 whether targets are met or not (1 only if something fails to run).
//
// Knobs (env): BENCH_RUNS (start-up rows, default 21), BENCH_HEAVY_RUNS (export and
// refresh rows, default 5), BENCH_PAGE_RUNS (sandbox page row, default 100),
// BENCH_JSON=<file> to also write every sample as JSON, BENCH_ENV_PASS (below),
// BENCH_ONLY=<groups> to run only some rows (comma-separated: startup, export,
// refresh, page, shaped, bulk, get, post, db, huge; e.g. BENCH_ONLY=shaped
// BENCH_SHAPED_MS=300 BENCH_SLOW_RUNS=7 for the 300 ms export row alone, or
// BENCH_ONLY=export for the 100k/10k rows and their RSS).
// Every process runs in a clean environment. Loopback only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { cpuSeconds } from './proc.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/fc.js');
const PROBE = join(ROOT, 'bench/rss-probe.mjs');
const BASELINE_EXPORT = join(ROOT, 'bench/baseline-export.mjs');
const BARE_SERVER = join(ROOT, 'bench/bare-server.mjs');
const NODE = process.execPath;
const KEY = 'sk_test_bench';
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 21));
const HEAVY_RUNS = Math.max(5, Number(process.env.BENCH_HEAVY_RUNS ?? 5));
const PAGE_RUNS = Math.max(5, Number(process.env.BENCH_PAGE_RUNS ?? 100));
// Issue #17's rows: exports and bulk refresh against a sandbox shaped like Stripe
// (latency, 25 requests/s), the sandbox's own throughput, growth and latency.
const SLOW_RUNS = Math.max(1, Number(process.env.BENCH_SLOW_RUNS ?? 3));
const BULK_500 = 500;
const GETS = Math.max(10_000, Number(process.env.BENCH_GETS ?? 1_000_000));
// Per round; the rounds alternate sandbox, bare, sandbox… Many short rounds rather than a few long ones:
// on a shared machine the load drifts within seconds, and each round's ratio is taken against its neighbour.
const THROUGHPUT_REQUESTS = Math.max(2_000, Number(process.env.BENCH_THROUGHPUT_REQUESTS ?? 15_000));
const THROUGHPUT_ROUNDS = Math.max(3, Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 9));
const POSTS = Math.max(500, Number(process.env.BENCH_POSTS ?? 3_000));
const HUGE = Number(process.env.BENCH_HUGE ?? 1_000_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean));
const want = (group) => ONLY.size === 0 || ONLY.has(group);
const SHAPED_MS = (process.env.BENCH_SHAPED_MS ?? '100,300').split(',').map(Number).filter((n) => n > 0);
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
/** Each server's process by the address it printed, so a row can stop the ones it no longer needs. */
const serverAt = new Map();

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
  const url = await startProcess(fcArgs('sandbox', 'serve', '--port', '0', '--host', '127.0.0.1', ...extraArgs), env);
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`unexpected sandbox address: ${url}`);
  return url;
}

/** A process that prints its address as the first line on stdout (fc sandbox serve, the bare node:http server). */
async function startProcess(args, env) {
  const child = spawn(NODE, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolveUrl, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolveUrl(line.trim()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
  serverAt.set(url, child);
  return url;
}

/** Stops a server this run started and waits for its process to end. */
async function stopServer(url) {
  const child = serverAt.get(url);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

/**
 * `total` requests of `method path` over `concurrency` keep-alive connections, as
 * fast as the server answers; returns requests/s and each request's latency (ms).
 */
async function load(base, method, path, { concurrency, total, form }) {
  const a = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(path, base);
  const headers = { Authorization: `Bearer ${KEY}` };
  if (form) Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded' });
  const lat = new Float64Array(total);
  let next = 0;
  let failed = 0;
  const one = (i) =>
    new Promise((done, reject) => {
      const body = form ? form(i) : undefined;
      const t0 = process.hrtime.bigint();
      const req = http.request(url, { method, agent: a, headers: body ? { ...headers, 'Content-Length': Buffer.byteLength(body) } : headers }, (res) => {
        res.resume();
        res.on('end', () => {
          lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
          if (res.statusCode !== 200) failed++;
          done();
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  a.destroy();
  if (failed) throw new Error(`${method} ${path}: ${failed} of ${total} requests were not answered 200`);
  return { rps: (total / ms) * 1000, latencies: lat };
}

const quantile = (xs, q) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const dbSize = (home) => ['sandbox.db', 'sandbox.db-wal'].reduce((n, f) => n + (existsSync(join(home, f)) ? statSync(join(home, f)).size : 0), 0);

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
  const needBig = want('export') || want('page') || want('huge');
  const seededBig = needBig ? await api(base, 'POST', `/_sandbox/financial_connections/accounts/${big}/history`, { count: BIG }) : { count: BIG };
  const seededSmall = await api(base, 'POST', `/_sandbox/financial_connections/accounts/${small}/history`, { count: SMALL });
  if (seededBig.count !== BIG || seededSmall.count !== SMALL) throw new Error('seeding transactions returned the wrong counts');

  const bulk = await api(base, 'POST', '/v1/customers', { email: 'bulk@example.com', name: 'Bench Bulk' });
  const bulkAccounts = [];
  if (want('refresh')) for (let i = 0; i < BULK_SESSIONS; i++) bulkAccounts.push(...(await linkAccounts(base, bulk.id, ['balances'])));
  log(`bench: seeded ${needBig ? BIG : 0} + ${SMALL} transactions and ${bulkAccounts.length} accounts in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return { big, small, bulkCustomer: bulk.id, bulkAccounts, one: bulkAccounts[0], exportCustomer: exporter.id };
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

/** A row that is not "A ÷ B ≤ target": its cells given as text. */
function rawRow(what, a, b, ratio, target, met) {
  rows.push({ what, a, b, ratio, target, met: met ? 'yes' : 'NO' });
}

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

  if (want('startup')) await startupRows(bare, embedded, customer);
  if (want('export')) await exportRows(s, served);
  if (want('refresh')) await refreshRows(s, served);
  if (want('page')) await pageRow(url, s, served);

  await issue17(url, s);

  print();
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ node: process.version, cores: availableParallelism(), rows, checks, raw }, null, 2));
}

async function startupRows(bare, embedded, customer) {
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
}

async function exportRows(s, served) {

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
}

async function refreshRows(s, served) {

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
}

async function pageRow(url, s, served) {

  log(`bench: sandbox page cost (${PAGE_RUNS} alternating requests each)…`);
  // The cursor for the page that holds rows 99,901-100,000: the id on row 99,900 of an export.
  // Only the id is kept: the 100,000-row CSV would otherwise stay in this process's heap for the rest of the run.
  const cursor = (await timed(fcArgs('accounts', 'transactions', s.big, '--all', '--format', 'csv'), { env: served, keep: true })).stdout.split('\n')[BIG - 100].split(',')[0];
  const page = (extra) => async () => {
    const body = await api(url, 'GET', '/v1/financial_connections/transactions', { account: s.big, limit: 100, ...extra });
    if (body.data.length !== 100) throw new Error(`page had ${body.data.length} rows`);
    return body.__ms;
  };
  const [deep, first] = await alternate(PAGE_RUNS, [page({ starting_after: cursor }), page({})]);
  raw.page = { deep, first };
  row(`sandbox: GET transactions page at row ${BIG - 100} ÷ page 1 (limit 100, keep-alive)`, median(deep), median(first), fmtMs, 1.2);
}

/** Issue #17's rows. `url` is the plain served sandbox; `s` what seed() made. */
async function issue17(url, s) {
  const served = cleanEnv({ FC_HOME: join(tmp, 'client'), STRIPE_API_KEY: KEY });

  // -- Exports against a sandbox that waits like Stripe: latency, and 25 requests/s per key.
  if (!want('shaped') && !want('bulk') && !want('get') && !want('post') && !want('db') && !want('huge')) return;
  const sequentialCsv = (await timed([BASELINE_EXPORT, s.small], { env: { ...served, FC_API_BASE: url }, keep: true })).stdout;
  const shaped = {};
  const shapedMs = want('shaped') ? SHAPED_MS : [];
  for (const ms of new Set([...shapedMs, ...(want('bulk') ? [100] : [])])) shaped[ms] = await startServer(['--latency', String(ms), '--rate-limit', '25']);
  let identical = true;
  let retried429 = 0;
  for (const ms of shapedMs) {
    log(`bench: ${SMALL}-row export at ${ms} ms/request and 25 requests/s (${SLOW_RUNS} rounds of fc, stripe-node)…`);
    const env = { ...served, FC_API_BASE: shaped[ms], FC_DEBUG: '1' };
    const [fcRuns, baseRuns] = await alternate(SLOW_RUNS, [
      () => timed(fcArgs('accounts', 'transactions', s.small, '--all', '--format', 'csv'), { env, keep: true, keepErr: true }),
      () => timed([BASELINE_EXPORT, s.small], { env, keep: true }),
    ]);
    for (const r of [...fcRuns, ...baseRuns]) if (r.stdout !== sequentialCsv) identical = false;
    retried429 += fcRuns.reduce((n, r) => n + (r.stderr.match(/429 rate limited/g) ?? []).length, 0);
    raw[`export${ms}`] = { fc: fcRuns.map((r) => r.ms), base: baseRuns.map((r) => r.ms) };
    log(`bench: ${ms} ms: fc ${raw[`export${ms}`].fc.map(Math.round).join(' ')} ms; stripe-node ${raw[`export${ms}`].base.map(Math.round).join(' ')} ms`);
    row(
      `${SMALL}-row CSV export, sandbox at ${ms} ms/request and 25 req/s: fc ÷ stripe-node autoPagingEach`,
      median(raw[`export${ms}`].fc),
      median(raw[`export${ms}`].base),
      fmtMs,
      ms === 100 ? 0.45 : 0.16,
    );
  }

  if (want('bulk')) {
    // -- Bulk refresh of 500 accounts at 100 ms and 25 requests/s, against its floor (500 requests ÷ 25/s).
    log(`bench: linking ${BULK_500} accounts for the bulk refresh row…`);
    const many = await api(url, 'POST', '/v1/customers', { email: 'many@example.com', name: 'Bench 500' });
    for (let i = 0; i < BULK_500 / 2; i++) await linkAccounts(url, many.id, ['balances']);
    log(`bench: bulk refresh of ${BULK_500} accounts at 100 ms/request and 25 requests/s (${SLOW_RUNS} runs)…`);
    const bulkRuns = [];
    for (let i = 0; i < SLOW_RUNS; i++) {
      const r = await timed(fcArgs('accounts', 'refresh', '--customer', many.id, '--all', '--features', 'balance', '--json'), {
        env: { ...served, FC_API_BASE: shaped[100], FC_DEBUG: '1' },
        keep: true,
        keepErr: true,
      });
      const ok = JSON.parse(r.stdout).filter((a) => a.balance_refresh?.status === 'succeeded').length;
      if (ok !== BULK_500) throw new Error(`bulk refresh: ${ok} of ${BULK_500} refreshed`);
      retried429 += (r.stderr.match(/429 rate limited/g) ?? []).length;
      bulkRuns.push(r.ms);
    }
    raw.bulk500 = bulkRuns;
    row(`bulk refresh of ${BULK_500} accounts at 100 ms and 25 req/s ÷ the floor (${BULK_500} ÷ 25/s)`, median(bulkRuns), (BULK_500 / 25) * 1000, fmtMs, 1.3);
  }

  if (Object.keys(shaped).length) {
    // The servers' own count of 429s they answered (their in-memory request logs).
    let answered429 = 0;
    for (const base of Object.values(shaped)) {
      const logged = await api(base, 'GET', '/_sandbox/requests', { limit: 10_000 });
      answered429 += logged.data.filter((r) => r.status === 429).length;
    }
    rawRow(
      '429s answered by the shaped sandboxes in those runs (fc --debug: retried); every CSV byte-identical to the sequential one',
      `${answered429} answered`,
      `${retried429} retried`,
      '–',
      '0, yes',
      answered429 === 0 && identical,
    );
    checks.push(`the shaped exports' CSVs (fc and stripe-node, ${SLOW_RUNS * 2 * shapedMs.length} runs) are ${identical ? 'all byte-identical to' : 'NOT all identical to'} the sequential export from the plain sandbox.`);
  }
  // The shaped servers and the 429 one are done: nothing but the plain sandbox runs beside the rows below.
  for (const other of [...serverAt.keys()]) if (other !== url) await stopServer(other);

  if (want('get') || want('post') || want('db')) await sandboxRows(url);
  if (want('huge')) await hugeRow(url, s, served);
}

async function sandboxRows(url) {
  // -- Start-up row is above; the sandbox's own cost from here on.
  const customer = await api(url, 'POST', '/v1/customers', { email: 'get@example.com', name: 'Bench Get' });
  const path = `/v1/customers/${customer.id}`;
  const body = JSON.stringify(await api(url, 'GET', path));
  if (want('get')) {
    const bodyFile = join(tmp, 'customer.json');
    writeFileSync(bodyFile, body);
    const bare = await startProcess([BARE_SERVER, bodyFile], cleanEnv());
    log(`bench: GET ${path} at concurrency 16, sandbox vs bare node:http (${THROUGHPUT_ROUNDS} alternating rounds of ${THROUGHPUT_REQUESTS} requests each)…`);
    // Warm-up: both servers' code optimised, both connection pools' first sockets made, before anything counts.
    await load(url, 'GET', path, { concurrency: 16, total: 2_000 });
    await load(bare, 'GET', path, { concurrency: 16, total: 2_000 });
    const cpu = { sandbox: 0, bare: 0 };
    const measured = (base, who) => async () => {
      const before = cpuSeconds(serverAt.get(base));
      const { rps } = await load(base, 'GET', path, { concurrency: 16, total: THROUGHPUT_REQUESTS });
      cpu[who] += cpuSeconds(serverAt.get(base)) - before;
      return rps;
    };
    const [sbRps, bareRps] = await alternate(THROUGHPUT_ROUNDS, [measured(url, 'sandbox'), measured(bare, 'bare')]);
    // Each sandbox round against the bare round right after it: load that drifts over the minute hits both of a pair alike.
    const pairRatios = sbRps.map((r, i) => r / bareRps[i]);
    raw.getRps = { sandbox: sbRps, bare: bareRps, pairRatios };
    const ratio = median(pairRatios);
    rawRow(
      'sandbox `GET /v1/customers/:id` req/s at concurrency 16 ÷ bare `node:http` answering the same JSON from memory',
      `${Math.round(median(sbRps))}/s`,
      `${Math.round(median(bareRps))}/s`,
      ratio.toFixed(2),
      '≥ 0.6',
      ratio >= 0.6,
    );
    const us = (who) => (cpu[who] / (THROUGHPUT_REQUESTS * THROUGHPUT_ROUNDS)) * 1e6;
    checks.push(
      `sandbox GET throughput: the ratio is the median of ${THROUGHPUT_ROUNDS} adjacent pairs (${pairRatios.map((r) => r.toFixed(2)).join(' ')}); ` +
        (Number.isFinite(us('sandbox'))
          ? `server CPU a request (load-independent): sandbox ${us('sandbox').toFixed(0)} µs, bare ${us('bare').toFixed(0)} µs (${(us('bare') / us('sandbox')).toFixed(2)}×).`
          : 'server CPU a request: not measured (no /proc).'),
    );
    await stopServer(bare);
  }

  if (want('post')) {
    log(`bench: POST /v1/customers at concurrency 1 (${POSTS} requests)…`);
    await load(url, 'POST', '/v1/customers', { concurrency: 1, total: 200, form: (i) => `email=warm${i}%40example.com` });
    const posts = await load(url, 'POST', '/v1/customers', { concurrency: 1, total: POSTS, form: (i) => `email=p99-${i}%40example.com&name=Bench` });
    const p99 = quantile(posts.latencies, 0.99);
    raw.postLatencies = { p50: quantile(posts.latencies, 0.5), p99 };
    rawRow('sandbox POST p99 at concurrency 1 (`POST /v1/customers`)', fmtMs(p99), `p50 ${fmtMs(quantile(posts.latencies, 0.5))}`, '–', '≤ 1.5 ms', p99 <= 1.5);
  }

  if (want('db')) {
    log(`bench: ${GETS} GETs against the sandbox, then its database size…`);
    // The POSTs above are still in the WAL: let the sandbox's once-a-second checkpoint copy them
    // into sandbox.db first, so what follows counts only what the GETs add.
    await new Promise((r) => setTimeout(r, 2_500));
    const sizeBefore = dbSize(serverHome);
    await load(url, 'GET', path, { concurrency: 16, total: GETS });
    // Let a checkpoint happen the way it does in service, then measure the files.
    await new Promise((r) => setTimeout(r, 2_500));
    const grown = dbSize(serverHome) - sizeBefore;
    rawRow(
      `sandbox database (sandbox.db + WAL) after ${GETS.toLocaleString('en-US')} GETs`,
      `${grown >= 0 ? '+' : ''}${(grown / MiB).toFixed(2)} MiB`,
      fmtMiB(sizeBefore),
      '–',
      '+ < 1 MB',
      grown < 1_000_000,
    );
  }
}

async function hugeRow(url, s, served) {
  // -- Peak RSS of a long export against a short one.
  log(`bench: peak RSS of a ${HUGE}-row export vs ${BIG} rows…`);
  const huge = await linkAccounts(url, s.exportCustomer, ['transactions']);
  let hugeCount = HUGE;
  try {
    await api(url, 'POST', `/_sandbox/financial_connections/accounts/${huge[0]}/history`, { count: HUGE });
  } catch (err) {
    // An older sandbox caps histories; measure at its cap and say so in the row.
    const cap = /between 0 and (\d+)/.exec(String(err.message))?.[1];
    if (!cap) throw err;
    hugeCount = Number(cap);
    await api(url, 'POST', `/_sandbox/financial_connections/accounts/${huge[0]}/history`, { count: hugeCount });
  }
  const exportEnv = { ...served, FC_API_BASE: url };
  const [hugeRuns, bigRuns] = await alternate(2, [
    () => timed(fcArgs('accounts', 'transactions', huge[0], '--all', '--format', 'csv'), { env: exportEnv, rss: true }),
    () => timed(fcArgs('accounts', 'transactions', s.big, '--all', '--format', 'csv'), { env: exportEnv, rss: true }),
  ]);
  for (const r of hugeRuns) if (r.lines !== hugeCount + 1) throw new Error(`the ${hugeCount}-row export wrote ${r.lines} lines`);
  raw.rssHuge = { huge: hugeRuns.map((r) => [r.ms, r.rss]), big: bigRuns.map((r) => [r.ms, r.rss]) };
  row(
    `peak RSS exporting ${hugeCount.toLocaleString('en-US')} rows ÷ ${BIG.toLocaleString('en-US')} rows`,
    median(hugeRuns.map((r) => r.rss)),
    median(bigRuns.map((r) => r.rss)),
    fmtMiB,
    1.1,
  );
  checks.push(`the ${hugeCount}-row export took ${fmtMs(median(hugeRuns.map((r) => r.ms)))} against the plain sandbox (${BIG} rows: ${fmtMs(median(bigRuns.map((r) => r.ms)))}).`);
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
