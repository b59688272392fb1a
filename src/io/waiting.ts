import type { IO } from './io.js';
import type { Spinner } from './spinner.js';

/**
 * A word while the API is slow to answer: on a terminal, once a request has been
 * out for `afterMs` with no answer, a spinner says whom fc is waiting for and for
 * how long, until every request in flight has its answer. Quick requests show
 * nothing. Off a terminal it never prints (logs and pipes stay clean).
 */
export interface WaitingIndicator {
  /** The number of requests in flight changed. */
  inFlight(count: number): void;
  stop(): void;
}

export function waitingIndicator(io: IO, label: string, afterMs = 3000): WaitingIndicator {
  let delay: NodeJS.Timeout | undefined;
  let tick: NodeJS.Timeout | undefined;
  let spinner: Spinner | undefined;
  const stop = () => {
    clearTimeout(delay);
    clearInterval(tick);
    delay = tick = undefined;
    spinner?.stop();
    spinner = undefined;
  };
  return {
    inFlight(count) {
      if (count === 0) return stop();
      if (delay || spinner || !io.stderrIsTTY) return;
      const since = Date.now();
      delay = setTimeout(() => {
        const text = () => `Waiting for ${label} to answer (${Math.round((Date.now() - since) / 1000)}s)…`;
        spinner = io.spinner(text());
        tick = setInterval(() => spinner?.update(text()), 1000);
        tick.unref();
      }, afterMs);
      delay.unref();
    },
    stop,
  };
}
