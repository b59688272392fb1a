// The sandbox GET throughput row of `npm run bench` on its own (after `npm run build`):
// `GET /v1/customers/:id` at concurrency 16 against `fc sandbox serve` and against
// bench/bare-server.mjs answering the same JSON, alternating rounds; prints req/s and the ratio.
//
//   node bench/get-throughput.mjs [requests per round, default 40000] [rounds, default 3]
// FC_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes flags to the sandbox's node.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './proc.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOTAL = Number(process.argv[2] ?? 40_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const KEY = 'sk_test_bench';
const tmp = mkdtempSync(join(tmpdir(), 'fc-get-'));
const children = [];
const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? '/tmp', LANG: 'C', TZ: 'UTC', FC_HOME: tmp };

function start(args) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
  });
}

function request(base, method, path, form) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${KEY}` };
    if (form) Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form) });
    const req = http.request(new URL(path, base), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(form);
  });
}

async function load(base, path) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  let failed = 0;
  const one = () =>
    new Promise((done, reject) => {
      const req = http.request(new URL(path, base), { agent, headers: { Authorization: `Bearer ${KEY}` } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failed++;
          done();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 16 }, async () => { while (next++ < TOTAL) await one(); }));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  agent.destroy();
  if (failed) throw new Error(`${failed} requests not answered 200`);
  return (TOTAL / ms) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const nodeArgs = (process.env.FC_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const sandbox = await start([...nodeArgs, process.env.FC_BENCH_BIN ?? join(ROOT, 'bin/fc.js'), 'sandbox', 'serve', '--port', '0', '--host', '127.0.0.1']);
  const customer = JSON.parse(await request(sandbox, 'POST', '/v1/customers', 'email=get%40example.com&name=Bench+Get'));
  const path = `/v1/customers/${customer.id}`;
  writeFileSync(join(tmp, 'customer.json'), await request(sandbox, 'GET', path));
  const bare = await start([...(process.env.FC_BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean), join(ROOT, 'bench/bare-server.mjs'), join(tmp, 'customer.json')]);
  const sb = [];
  const bb = [];
  const cpu = [0, 0];
  const measure = async (i, base, out) => {
    const before = cpuSeconds(children[i]);
    out.push(await load(base, path));
    cpu[i] += cpuSeconds(children[i]) - before;
  };
  for (let i = 0; i < ROUNDS; i++) {
    await measure(0, sandbox, sb);
    await measure(1, bare, bb);
  }
  const us = (i) => ((cpu[i] / (TOTAL * ROUNDS)) * 1e6).toFixed(0);
  console.log(`sandbox ${sb.map(Math.round).join(' ')} req/s (${us(0)} µs CPU a request); bare ${bb.map(Math.round).join(' ')} req/s (${us(1)} µs); ratio of medians ${(median(sb) / median(bb)).toFixed(2)}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(tmp, { recursive: true, force: true });
}
