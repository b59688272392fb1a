import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import type { ContextOverrides } from '../../src/context.js';
import { MemoryConfigStore, type ConfigStore } from '../../src/config/store.js';
import { createIO } from '../../src/io/io.js';
import type { Prompter } from '../../src/io/prompter.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

export interface InprocResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InprocOptions {
  env?: Record<string, string | undefined>;
  /** stdin/stdout/stderr are terminals (prompts allowed, tables for people). */
  tty?: boolean;
  columns?: number;
  prompter?: Prompter;
  config?: ConfigStore;
  /** Replaces the stripe-node client factory (e.g. no network retries, or a client that throws). */
  stripe?: ContextOverrides['stripe'];
}

function sink(tty: boolean, columns?: number): PassThrough & { text: string; isTTY: boolean; columns?: number } {
  const s = Object.assign(new PassThrough(), { text: '', isTTY: tty, columns });
  s.on('data', (d: Buffer) => (s.text += d.toString()));
  return s;
}

/** fc's main() in this process, over string buffers, the way a user runs it. */
export async function runInproc(args: string[], opts: InprocOptions = {}): Promise<InprocResult> {
  const stdout = sink(Boolean(opts.tty), opts.columns);
  const stderr = sink(Boolean(opts.tty), opts.columns);
  const stdin = Object.assign(new PassThrough(), { isTTY: Boolean(opts.tty) });
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', FC_NO_KEYRING: '1', FC_HOME: '/nonexistent-fc-home', ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const io = createIO({ stdout, stderr, stdin, env });
  const code = await main(args, { io, env, overrides: { config: opts.config ?? new MemoryConfigStore(), ...(opts.prompter ? { prompter: opts.prompter } : {}), ...(opts.stripe ? { stripe: opts.stripe } : {}) } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A port-0 in-memory sandbox and an in-process fc pointed at it. */
export async function inprocSandbox(settings: { refreshDelayMs?: number; settleDelayMs?: number } = {}): Promise<{
  sandbox: RunningSandbox;
  fc(args: string[], opts?: InprocOptions): Promise<InprocResult>;
  json<T = unknown>(args: string[], opts?: InprocOptions): Promise<T>;
  stop(): Promise<void>;
}> {
  const sandbox = await startSandbox({ dbPath: ':memory:', settings: { refreshDelayMs: 0, settleDelayMs: 0, refreshCooldownMs: 0, ...settings } });
  const fc = (args: string[], opts: InprocOptions = {}) => runInproc(args, { ...opts, env: { FC_API_BASE: sandbox.url, ...opts.env } });
  return {
    sandbox,
    fc,
    async json<T>(args: string[], opts: InprocOptions = {}) {
      const r = await fc([...args, '--json'], opts);
      if (r.code !== 0) throw new Error(`fc ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    stop: () => sandbox.close(),
  };
}
