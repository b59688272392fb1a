import type { Ora } from 'ora';

/**
 * Progress for something a person waits on (a refresh, a payment settling). On a
 * TTY stderr it is an `ora` spinner; anywhere else (pipes, CI logs, tests) it is
 * plain lines, one per change of text, so logs stay readable and greppable.
 * Always stderr: stdout is for data.
 */
export interface Spinner {
  /** Replaces the text; in plain mode a line is printed only when the text changes. */
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  warn(text?: string): void;
  /** Removes the spinner without a final line. */
  stop(): void;
}

export interface SpinnerTarget {
  stderr: NodeJS.WritableStream;
  stderrIsTTY: boolean;
  env?: NodeJS.ProcessEnv;
}

export function createSpinner(target: SpinnerTarget, text: string): Spinner {
  // A pty that reports 0 columns (some CI runners, `script`) makes ora's line math divide by zero.
  const columns = (target.stderr as { columns?: number }).columns ?? 0;
  const tty = target.stderrIsTTY && columns > 0 && target.env?.TERM !== 'dumb' && !target.env?.CI;
  return tty ? oraSpinner(target.stderr, text) : plainSpinner(target.stderr, text);
}

function plainSpinner(stream: NodeJS.WritableStream, text: string): Spinner {
  let last = '';
  let done = false;
  const line = (s: string) => {
    if (done) return;
    stream.write(s.endsWith('\n') ? s : `${s}\n`);
  };
  const update = (t: string) => {
    if (t === last) return;
    last = t;
    line(t);
  };
  update(text);
  const finish = (t: string | undefined) => {
    if (t !== undefined && t !== last) line(t);
    done = true;
  };
  return {
    update,
    succeed: finish,
    fail: finish,
    warn: finish,
    stop: () => {
      done = true;
    },
  };
}

function oraSpinner(stream: NodeJS.WritableStream, text: string): Spinner {
  // ora is loaded only when something actually spins, so start-up never pays for it.
  let current = text;
  let instance: Ora | undefined;
  let finished: { kind: 'succeed' | 'fail' | 'warn' | 'stop'; text?: string } | undefined;
  const symbols = { succeed: '✔', fail: '✖', warn: '⚠' } as const;
  void import('ora')
    .then(({ default: ora }) => {
      if (finished) return;
      // discardStdin would put stdin in raw mode and swallow Ctrl-C handling.
      instance = ora({ text: current, stream, discardStdin: false, isEnabled: true }).start();
    })
    .catch(() => {
      // No spinner is better than a crash; the final line is still printed.
    });
  const end = (kind: 'succeed' | 'fail' | 'warn' | 'stop', t?: string) => {
    if (finished) return;
    finished = { kind, text: t };
    if (instance) {
      if (kind === 'stop') instance.stop();
      else instance[kind](t ?? current);
    } else if (kind !== 'stop') {
      stream.write(`${symbols[kind]} ${t ?? current}\n`);
    }
  };
  return {
    update(t) {
      current = t;
      if (instance && !finished) instance.text = t;
    },
    succeed: (t) => end('succeed', t),
    fail: (t) => end('fail', t),
    warn: (t) => end('warn', t),
    stop: () => end('stop'),
  };
}
