#!/usr/bin/env node
// Runs every test of the suite alone, in its own `vitest run`, to prove that no test leans on what an
// earlier one left behind. A -t filter that selects no test, or several, proves nothing, so each run
// must report exactly one passed test and nothing failed.
//
//   node scripts/each-test-alone.mjs [--jobs 2] [--only <path part>]... [--issue-form <n|all>] [--names]
//
//   --jobs N        vitest runs at a time (default 2: each run is a process plus a worker; the machine is shared)
//   --only TEXT     only test files whose path contains TEXT (repeatable)
//   --names         only check, without running anything, that each test's own title given as
//                   `vitest run -t '<title>'` (no file) selects exactly that test
//   --issue-form N  also run N tests (spread over the suite, or `all`) exactly as a reviewer would type
//                   it, `vitest run -t '<title>'` with no file, and require exactly one passed
//   --skip-alone    only the title check and --issue-form, not the runs with <file> and the full name
//
// Needs a current build (`npm run build`): tests that spawn bin/fc.js refuse a stale dist/.
// Exit 0 when every run passed alone; the failures are listed at the end, their output kept in
// $TMPDIR/each-test-alone-*/.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

const args = process.argv.slice(2);
const opt = { jobs: 2, only: [], names: false, issueForm: 0, skipAlone: false };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--jobs') opt.jobs = Number(args[++i]);
  else if (a === '--only') opt.only.push(args[++i]);
  else if (a === '--names') opt.names = true;
  else if (a === '--skip-alone') opt.skipAlone = true;
  else if (a === '--issue-form') {
    const n = args[++i];
    opt.issueForm = n === 'all' ? Infinity : Number(n);
  }
  else {
    console.error(`unknown argument ${a}; see the comment at the top of ${relative(process.cwd(), import.meta.filename)}`);
    process.exit(2);
  }
}
if (!Number.isInteger(opt.jobs) || opt.jobs < 1) {
  console.error('--jobs wants a whole number of at least 1');
  process.exit(2);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// vitest -t is `new RegExp(pattern)` tested against the test's titles joined with a space
// (`vitest list` joins them with " > "). A title may itself hold " > ", so either separator is allowed.
const anchored = (name) => `^${name.split(' > ').map(escape).join('(?: | > )')}$`;
const spaced = (name) => name.split(' > ').join(' ');
const titleOf = (name) => name.split(' > ').at(-1);

function list() {
  let out;
  try {
    out = execFileSync(process.execPath, [VITEST, 'list', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
  } catch (err) {
    // Most often a stale build: the files that spawn bin/fc.js refuse to load before dist/ is rebuilt.
    const said = `${err.stderr ?? ''}`.match(/Error: .*/)?.[0] ?? `${err.message}`.split('\n')[0];
    console.error(`vitest list failed: ${said}`);
    process.exit(2);
  }
  const tests = JSON.parse(out.slice(out.search(/^\[/m))); // the JSON array, after any warning printed before it
  return tests.map((t) => ({ name: t.name, file: relative(ROOT, t.file) }));
}

// What `vitest run -t '<title>'` selects, by vitest's own rule, for each test's own title.
function checkNames(tests) {
  const problems = [];
  for (const t of tests) {
    const title = titleOf(t.name);
    let re;
    try {
      re = new RegExp(title);
    } catch {
      problems.push({ test: t, why: 'is not a valid regular expression, so -t with it fails' });
      continue;
    }
    if (title.startsWith('-')) {
      problems.push({ test: t, why: "starts with -: vitest's command line takes it for an option after -t" });
      continue;
    }
    // A title with ' needs double quotes in a shell, where " $ ` \ and ! mean something.
    if (title.includes("'") && /["$`\\!]/.test(title)) {
      problems.push({ test: t, why: 'cannot be quoted as it is for a shell: it has a single quote and one of " $ ` \\ !' });
      continue;
    }
    const hits = tests.filter((u) => re.test(spaced(u.name)));
    if (!hits.includes(t)) problems.push({ test: t, why: 'selects no test: regex characters in the title change its meaning' });
    else if (hits.length > 1)
      problems.push({ test: t, why: `selects ${hits.length} tests, e.g. ${hits.filter((u) => u !== t)[0].file} > ${hits.filter((u) => u !== t)[0].name}` });
  }
  return problems;
}

function runVitest(vitestArgs, logDir, key) {
  const report = join(logDir, `${key}.json`);
  const log = join(logDir, `${key}.log`);
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [VITEST, 'run', ...vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      writeFileSync(log, `$ vitest run ${vitestArgs.map((a) => `'${a}'`).join(' ')}\n${output}`);
      let passed = 0;
      let failed = 0;
      let broken = 0; // suites that failed outside any test (a hook, an import)
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'));
        passed = r.numPassedTests;
        failed = r.numFailedTests;
        broken = r.numFailedTestSuites;
      } catch {
        broken = 1; // no report at all: the run itself broke
      }
      const ok = code === 0 && passed === 1 && failed === 0 && broken === 0;
      const why = ok
        ? ''
        : failed > 0
          ? `exit ${code}, ${failed} failed`
          : broken > 0
            ? `exit ${code}, a hook or the file itself failed`
            : passed === 0
              ? 'the filter selected no test'
              : passed > 1
                ? `the filter selected ${passed} tests`
                : `exit ${code}`;
      done({ ok, why, seconds: (Date.now() - started) / 1000, log });
    });
  });
}

async function pool(items, jobs, work) {
  let next = 0;
  const results = new Array(items.length);
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

const all = list();
const tests = opt.only.length ? all.filter((t) => opt.only.some((o) => t.file.includes(o))) : all;
console.log(`${all.length} tests in ${new Set(all.map((t) => t.file)).size} files; ${tests.length} selected`);

const nameProblems = checkNames(all).filter((p) => tests.includes(p.test));
for (const p of nameProblems) console.log(`title  ${p.test.file} > ${p.test.name}\n       ${p.why}`);
console.log(`${tests.length - nameProblems.length} of ${tests.length} titles, given alone to -t, select exactly their test`);
if (opt.names) process.exit(nameProblems.length ? 1 : 0);

const logDir = mkdtempSync(join(tmpdir(), 'each-test-alone-'));
const started = Date.now();
let done = 0;
const results = await pool(opt.skipAlone ? [] : tests, opt.jobs, async (t, i) => {
  const r = await runVitest([t.file, '-t', anchored(t.name)], logDir, `alone-${i}`);
  done++;
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${done}/${tests.length} ${r.seconds.toFixed(1)}s ${t.file} > ${t.name}${r.ok ? '' : `\n     ${r.why}; output: ${r.log}`}`);
  return { ...t, ...r };
});

let issueResults = [];
if (opt.issueForm > 0) {
  const eligible = tests.filter((t) => !nameProblems.some((p) => p.test === t));
  const step = Math.max(1, eligible.length / Math.min(opt.issueForm, eligible.length));
  const sample = [];
  for (let x = 0; x < eligible.length && sample.length < opt.issueForm; x += step) sample.push(eligible[Math.floor(x)]);
  console.log(`\nas a reviewer types it: vitest run -t '<title>' (no file), ${sample.length} tests`);
  issueResults = await pool(sample, opt.jobs, async (t, i) => {
    const r = await runVitest(['-t', titleOf(t.name)], logDir, `issue-${i}`);
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.seconds.toFixed(1)}s -t '${titleOf(t.name)}'${r.ok ? '' : `\n     ${r.why}; output: ${r.log}`}`);
    return { ...t, ...r };
  });
}

const failed = results.filter((r) => !r.ok);
const issueFailed = issueResults.filter((r) => !r.ok);
if (!opt.skipAlone) console.log(`\n${results.length - failed.length} of ${results.length} tests passed alone (${Math.round((Date.now() - started) / 1000)} s, ${opt.jobs} at a time)`);
for (const r of failed) console.log(`  failed alone: ${r.file} > ${r.name} (${r.why})`);
if (issueResults.length) console.log(`${issueResults.length - issueFailed.length} of ${issueResults.length} passed as vitest run -t '<title>'`);
for (const r of issueFailed) console.log(`  failed as -t '<title>': ${r.file} > ${r.name} (${r.why})`);
process.exit(failed.length || issueFailed.length ? 1 : 0);
