import { isatty } from 'node:tty';
import { Chalk, type ChalkInstance } from 'chalk';
import { guardTerminal } from './sanitize.js';
import { createSpinner, type Spinner } from './spinner.js';

/**
 * Everything fc prints goes through one IO object: data to stdout, everything a
 * person reads while waiting (notices, spinners, prompts) to stderr. Tests build
 * one over string buffers.
 */
export interface IO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  stdoutIsTTY: boolean;
  /** The width tables and prose must fit: the terminal's columns, or COLUMNS; undefined for a pipe. */
  columns(): number | undefined;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  color: ChalkInstance;
  /** Writes a line (or lines) for people to stdout; control sequences other than fc's colours are shown escaped. */
  out(text: string): void;
  /** Writes a line to stderr. */
  err(text: string): void;
  setColor(enabled: boolean): void;
  /** Progress on stderr: an ora spinner on a TTY, plain lines otherwise (see spinner.ts). */
  spinner(text: string): Spinner;
}

export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  // NO_COLOR (any non-empty value) wins over everything, as no-color.org asks.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  // FORCE_COLOR=0 (or false) turns colour off even on a terminal; any other value turns it on.
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return isTTY && env.TERM !== 'dumb';
}

type Stdin = NodeJS.ReadableStream & { isTTY?: boolean };

export function createIO(opts: {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The stream, or a function that makes it when first read (then `stdinIsTTY` too). */
  stdin: Stdin | (() => Stdin);
  stdinIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
}): IO {
  const stdin = typeof opts.stdin === 'function' ? opts.stdin : () => opts.stdin as Stdin;
  const io: IO = {
    stdout: opts.stdout,
    stderr: opts.stderr,
    get stdin() {
      return stdin();
    },
    stdoutIsTTY: Boolean(opts.stdout.isTTY),
    columns() {
      // Read each time: the window may have been resized since fc started.
      const tty = (opts.stdout as { columns?: number }).columns;
      if (opts.stdout.isTTY && tty && tty > 0) return tty;
      const env = Number(opts.env.COLUMNS);
      return Number.isInteger(env) && env > 0 ? env : undefined;
    },
    stderrIsTTY: Boolean(opts.stderr.isTTY),
    stdinIsTTY: opts.stdinIsTTY ?? Boolean(stdin().isTTY),
    color: new Chalk({ level: colorWanted(opts.env, Boolean(opts.stdout.isTTY)) ? 1 : 0 }),
    // Text for people: whatever data slipped into it, only fc's own colours and lines reach the terminal.
    out(text) {
      const safe = guardTerminal(text);
      opts.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    err(text) {
      const safe = guardTerminal(text);
      opts.stderr.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    setColor(enabled) {
      io.color = new Chalk({ level: enabled ? 1 : 0 });
    },
    spinner(text) {
      return createSpinner({ stderr: opts.stderr, stderrIsTTY: io.stderrIsTTY, env: opts.env }, text);
    },
  };
  return io;
}

export function processIO(env: NodeJS.ProcessEnv = process.env): IO {
  // process.stdin is made when first read, and most commands never read it: made from /dev/null or
  // a file it is an fs.ReadStream, whose module loads fs/promises and readline (~1.5 ms of every run).
  return createIO({ stdout: process.stdout, stderr: process.stderr, stdin: () => process.stdin, stdinIsTTY: isatty(0), env });
}
