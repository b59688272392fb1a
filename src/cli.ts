import { writeSync } from 'node:fs';
import { CommanderError } from 'commander';
import { createContext, type Context, type ContextOverrides } from './context.js';
import { ApiError, CancelError, ExitCode, toFcError, UsageError } from './errors.js';
import { processIO, type IO } from './io/io.js';
import { safeText } from './io/sanitize.js';
import { buildProgram } from './program.js';

// The client exactly as fc makes it, for what checks the built bundle (dist/cli.js bundles
// stripe-node with only the resources fc calls: test/process/stripe-resources.test.ts).
export { createStripeClient } from './api/client.js';

export interface MainOptions {
  io?: IO;
  env?: NodeJS.ProcessEnv;
  overrides?: ContextOverrides;
}

/** A write to stdout or stderr has failed (other than a reader leaving): said once. */
let writeFailed = false;

/** Error messages often carry a server's words (or a stranger's data): one line, control characters shown escaped. */
function oneLine(text: string): string {
  return safeText(text.replace(/\s*\n\s*/g, ' ').trim());
}

function report(ctx: Context, err: unknown): number {
  if (err instanceof CommanderError) {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return ExitCode.ok;
    // The same words as fc's own "Missing …" errors, so every missing input reads alike.
    const missing = err.code === 'commander.missingArgument' ? /argument '([^']+)'/.exec(err.message)?.[1] : undefined;
    ctx.io.err(missing ? `Missing <${missing}>: give it on the command line (see --help).` : `${oneLine(err.message)} (see fc --help)`);
    return ExitCode.usage;
  }
  const e = toFcError(err);
  const c = ctx.io.color;
  // Saying no is a choice, not a failure: one plain sentence.
  if (e instanceof CancelError) {
    ctx.io.err(oneLine(e.message));
    return e.exitCode;
  }
  let line = `${c.red('Error:')} ${oneLine(e.message)}`;
  if (e instanceof ApiError) {
    const details = [e.code && `code: ${e.code}`, e.requestId && `request: ${e.requestId}`].filter(Boolean).join(', ');
    if (details) line += c.dim(` (${details})`);
  }
  ctx.io.err(line);
  // A usage error stays one line for scripts; people at a terminal also get the hint.
  if (e.hint && (!(e instanceof UsageError) || ctx.io.stderrIsTTY)) ctx.io.err(c.dim(safeText(e.hint)));
  // --debug adds the stack where it can tell something: not for an API's answer or bad input
  // (the line above is the whole story), but for a network failure or a bug, the original error's.
  const debug = ctx.globals.debug || ctx.env.FC_DEBUG === '1';
  const stack = e instanceof ApiError || e instanceof UsageError ? undefined : (err instanceof Error ? err : e).stack;
  if (debug && stack) ctx.io.err(c.gray(stack));
  return e.exitCode;
}

/** 130 after Ctrl-C, 143 after SIGTERM: what a shell reports for a process the signal ended. */
function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : ExitCode.interrupted;
}

/** Runs fc with argv (without node and script) and returns the exit code. */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const io = opts.io ?? processIO(env);
  const ctx = createContext(io, env, opts.overrides);
  // `fc help accounts balance` is `fc accounts balance --help` (commander's own help command stops at the group).
  const topic = argv[0] === 'help' ? argv.slice(1).filter((a) => !a.startsWith('-')) : [];
  if (topic.length) argv = [...topic, '--help'];
  const program = await buildProgram(ctx, argv);
  if (topic.length) {
    let cmd = program;
    for (const name of topic) {
      const next = cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!next) {
        io.err(`fc help: there is no command "fc ${[...topic.slice(0, topic.indexOf(name)), name].join(' ').slice(0, 80)}" (see fc --help).`);
        return ExitCode.usage;
      }
      cmd = next;
    }
  }
  const interactive = !opts.io;
  // Ctrl-C (or SIGTERM) closes what this run opened, then exits 130 (143); a command that runs
  // until interrupted (a server, a listener) winds down itself. A second Ctrl-C leaves at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (ctx.lifecycle.interruptedBy) process.exit(exitCodeFor(signal));
    if (ctx.lifecycle.interrupt(signal)) return;
    io.err(ctx.lifecycle.inFlight ? `Interrupted. ${ctx.lifecycle.inFlight}` : 'Interrupted.');
    void ctx
      .close()
      .catch(() => {})
      .finally(() => process.exit(exitCodeFor(signal)));
  };
  if (interactive) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // A reader that leaves early (`fc … | head`) must not crash fc with a stack trace, nor cut short
    // work in flight such as a payment: later writes are simply dropped. Output that cannot be written
    // (a full disk, a terminal gone) fails the command with one line instead of a stack trace.
    for (const [stream, name] of [[process.stdout, 'stdout'], [process.stderr, 'stderr']] as const) {
      if (stream.listenerCount('error') === 0) {
        stream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'EPIPE') return;
          if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = ExitCode.api;
          if (writeFailed) return;
          writeFailed = true;
          try {
            writeSync(2, `fc: could not write to ${name}: ${err.code ?? err.message}${err.code === 'ENOSPC' ? ' (no space left on the device)' : ''}; the output is incomplete.\n`);
          } catch {
            // stderr is gone too: the exit code is all that is left to say it.
          }
        });
      }
    }
  }
  let timedOut = false;
  try {
    await Promise.race([program.parseAsync(argv, { from: 'user' }), ctx.expired.catch((err: unknown) => ((timedOut = true), Promise.reject(err)))]);
    const signal = ctx.lifecycle.interruptedBy;
    return signal ? exitCodeFor(signal) : ExitCode.ok;
  } catch (err) {
    return report(ctx, err);
  } finally {
    if (interactive) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    await ctx.close();
    // The abandoned request's socket would keep the process alive until its own timeout.
    if (timedOut && interactive) setImmediate(() => process.exit(ExitCode.network));
  }
}
