/**
 * Runs `work` until it finishes or the user presses Ctrl-C (or the process gets
 * SIGTERM): the signal aborts, `work` winds down and returns, and the command ends
 * normally instead of dying mid-delivery.
 */
export async function untilInterrupted(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
