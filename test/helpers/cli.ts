import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Clock } from '../../src/context.js';
import { createIO } from '../../src/io/io.js';
import type { Prompter } from '../../src/io/prompter.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

export const BIN = resolve(import.meta.dirname, '../../bin/fc.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Run the built binary in a child process (signals, EPIPE, exit paths, the bin fast path). */
  process?: boolean;
  /** In-process only: stdin, stdout and stderr are terminals. */
  tty?: boolean;
  /** In-process only: a fixed clock for fc (the sandbox keeps its own). */
  clock?: Clock;
  prompter?: Prompter;
}

/** A clean environment: nothing from the developer's shell leaks a key or a profile into a test. */
export function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k];
  env.FC_HOME = home;
  env.NO_COLOR = '1';
  env.STRIPE_SUPPRESS_NOTICES = 'true';
  // Tests never touch the developer's real OS keyring.
  env.FC_NO_KEYRING = '1';
  return env;
}

/**
 * Runs fc as a user would, and collects what it printed: main() in this process
 * over string buffers (fast), or with `process: true` (or FC_TEST_PROCESS=1 for the
 * whole suite) the built binary in a child process.
 */
export function runFc(home: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  if (opts.process || process.env.FC_TEST_PROCESS === '1') return runFcProcess(home, args, opts);
  return runFcInProcess(home, args, opts);
}

function sink(tty: boolean): PassThrough & { text: string; isTTY: boolean } {
  const s = Object.assign(new PassThrough(), { text: '', isTTY: tty });
  s.on('data', (d: Buffer) => (s.text += d.toString()));
  return s;
}

/** fc's main() in this process, with the same clean environment the binary gets. */
export async function runFcInProcess(home: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env = { ...baseEnv(home), ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const tty = Boolean(opts.tty);
  const stdout = sink(tty);
  const stderr = sink(tty);
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  stdin.end(opts.input ?? '');
  const io = createIO({ stdout, stderr, stdin, env });
  const overrides = { ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.prompter ? { prompter: opts.prompter } : {}) };
  const code = await main(args, { io, env, overrides });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the built fc binary in a child process, and collects what it printed. */
export function runFcProcess(home: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env = { ...baseEnv(home), ...opts.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    // A process that exits before reading its stdin must not fail the test with EPIPE.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function tempHome(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), 'fc-test-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A sandbox server on port 0 with its own database, plus an fc runner pointed at
 * it through --api-base (FC_API_BASE), the way a user points fc at `fc sandbox serve`.
 */
export async function useSandbox(
  settings: Parameters<typeof startSandbox>[0]['settings'] = {},
  extra: Pick<Parameters<typeof startSandbox>[0], 'faults'> = {},
): Promise<{
  sandbox: RunningSandbox;
  home: string;
  fc(args: string[], opts?: RunOptions): Promise<RunResult>;
  fcJson<T = unknown>(args: string[], opts?: RunOptions): Promise<T>;
  requestCount(): number;
  stop(): Promise<void>;
}> {
  const home = tempHome();
  const sandbox = await startSandbox({ dbPath: join(home.path, 'server.db'), settings, ...extra });
  const fc = (args: string[], opts: RunOptions = {}) =>
    runFc(home.path, args, { ...opts, env: { FC_API_BASE: sandbox.url, ...opts.env } });
  return {
    sandbox,
    home: home.path,
    fc,
    async fcJson<T>(args: string[], opts: RunOptions = {}) {
      const r = await fc([...args, '--json'], opts);
      if (r.code !== 0) throw new Error(`fc ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    requestCount: () => sandbox.store.requestLog().length,
    async stop() {
      await sandbox.close();
      home.cleanup();
    },
  };
}
