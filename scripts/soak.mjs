// Runs fc many times as separate processes and counts what users would see
// go wrong: a process killed by a signal (the SIGABRT at exit that
// better-sqlite3 12 had on Node 24), a non-zero exit, or --json output that
// does not parse. Usage: node scripts/soak.mjs [list-runs=100] [demo-runs=10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/fc.js', import.meta.url));
const [listRuns = 100, demoRuns = 10] = process.argv.slice(2).map(Number);
const home = mkdtempSync(join(tmpdir(), 'fc-soak-'));
const env = { PATH: process.env.PATH, HOME: home, FC_HOME: home, NO_COLOR: '1', FC_NO_KEYRING: '1' };

function run(args) {
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

const problems = [];
try {
  const made = run(['customers', 'create', '--email', 'soak@example.com', '--json']);
  if (made.status !== 0) throw new Error(`could not create a customer: ${made.stderr}`);
  for (let i = 0; i < listRuns; i++) {
    const r = run(['customers', 'list', '--json']);
    if (r.signal || r.status !== 0) problems.push(`customers list #${i + 1}: exit ${r.status} signal ${r.signal} ${r.stderr.trim().slice(0, 200)}`);
    else {
      try {
        if (JSON.parse(r.stdout).length !== 1) problems.push(`customers list #${i + 1}: expected 1 customer`);
      } catch {
        problems.push(`customers list #${i + 1}: --json output does not parse (${r.stdout.length} bytes)`);
      }
    }
  }
  for (let i = 0; i < demoRuns; i++) {
    const r = run(['demo']);
    if (r.signal || r.status !== 0) problems.push(`demo #${i + 1}: exit ${r.status} signal ${r.signal} ${r.stderr.trim().slice(-200)}`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
console.log(`soak: node ${process.versions.node}: ${listRuns} × customers list --json, ${demoRuns} × demo: ${problems.length} problem(s)`);
for (const p of problems) console.log(`  ${p}`);
process.exitCode = problems.length ? 1 : 0;
