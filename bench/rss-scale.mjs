// Peak RSS of `fc accounts transactions --all --format csv` against history length,
// to tell memory that grows with the export from V8's heap settling at its size.
// Not part of `npm run bench`; run after `npm run build`:
//
//   node bench/rss-scale.mjs [10000,25000,50000,100000,200000] [node flags…]
//   node bench/rss-scale.mjs 10000,100000 --max-semi-space-size=2
//
// Each count is exported twice (after one warm-up), in a clean environment, against
// `fc sandbox serve --port 0` on loopback; the mean of the two is printed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..');
const counts = (process.argv[2] ?? '10000,25000,50000,100000,200000').split(',').map(Number);
const nodeFlags = process.argv.slice(3);
const home = mkdtempSync(join(tmpdir(), 'fc-rss-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, FC_HOME: join(home, 'served'), NO_COLOR: '1' };
const server = spawn(process.execPath, [join(ROOT, 'bin/fc.js'), 'sandbox', 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
const cleanup = () => {
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
};
process.on('exit', cleanup);

const url = await new Promise((r) => createInterface({ input: server.stdout }).once('line', r));
function api(method, path, form = '') {
  return new Promise((res, rej) => {
    const req = http.request(new URL(path, url), {
      method,
      headers: { Authorization: 'Bearer sk_test_rss', 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form) },
    });
    req.on('response', (r) => {
      let body = '';
      r.on('data', (d) => (body += d)).on('end', () => (r.statusCode === 200 ? res(JSON.parse(body)) : rej(new Error(body))));
    });
    req.on('error', rej).end(form);
  });
}

const customer = await api('POST', '/v1/customers', 'email=rss@example.com');
const accounts = [];
while (accounts.length < counts.length) {
  const s = await api('POST', '/v1/financial_connections/sessions', `account_holder[type]=customer&account_holder[customer]=${customer.id}&permissions[0]=transactions`);
  const done = await api('POST', `/_sandbox/financial_connections/sessions/${s.id}/complete`, 'accounts[0]=checking&accounts[1]=savings');
  accounts.push(...done.accounts.data.map((a) => a.id));
}
for (let i = 0; i < counts.length; i++) await api('POST', `/_sandbox/financial_connections/accounts/${accounts[i]}/history`, `count=${counts[i]}`);

const rssFile = join(home, 'rss');
function exportOnce(i) {
  const r = spawnSync(
    process.execPath,
    [...nodeFlags, '--import', join(ROOT, 'bench/rss-probe.mjs'), join(ROOT, 'bin/fc.js'), 'accounts', 'transactions', accounts[i], '--all', '--format', 'csv'],
    { env: { ...env, FC_HOME: join(home, 'client'), FC_API_BASE: url, STRIPE_API_KEY: 'sk_test_rss', FC_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`export of ${counts[i]} exited ${r.status}: ${r.stderr}`);
  return Number(readFileSync(rssFile, 'utf8')) / 1024 / 1024;
}
exportOnce(0);
console.log(`node ${process.version}${nodeFlags.length ? ` ${nodeFlags.join(' ')}` : ''}: peak RSS of fc's CSV export`);
for (let i = 0; i < counts.length; i++) {
  const a = exportOnce(i);
  const b = exportOnce(i);
  console.log(`${String(counts[i]).padStart(7)} rows: ${((a + b) / 2).toFixed(1)} MiB (${a.toFixed(1)}, ${b.toFixed(1)})`);
}
cleanup();
