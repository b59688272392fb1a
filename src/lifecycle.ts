// What one run of fc opened, and how it is closed: every temporary folder,
// server or file a command makes is handed to `defer` as it is made, and `close`
// undoes them newest first, on every way out (return, error, Ctrl-C, SIGTERM).

export type Closer = () => unknown;

export class Lifecycle {
  private readonly closers: Closer[] = [];
  private readonly controller = new AbortController();
  private claimed = false;
  /**
   * What is still going on without fc if it is interrupted now, and the command that
   * follows it ("Payment pi_… goes on: fc payments wait pi_…"); said on Ctrl-C.
   */
  inFlight: string | undefined;
  /** The signal that interrupted this run, if one did. */
  interruptedBy: NodeJS.Signals | undefined;

  /** Aborted when the user presses Ctrl-C (or fc gets SIGTERM). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `close` when fc finishes, however it finishes. Returns a function that runs it now instead. */
  defer(close: Closer): () => Promise<void> {
    this.closers.push(close);
    return async () => {
      const i = this.closers.lastIndexOf(close);
      if (i < 0) return;
      this.closers.splice(i, 1);
      await close();
    };
  }

  /** Closes everything deferred, newest first; one failure does not keep the others open. */
  async close(): Promise<void> {
    let first: unknown;
    while (this.closers.length) {
      const close = this.closers.pop()!;
      try {
        await close();
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== undefined) throw first;
  }

  /**
   * A command that runs until interrupted (a server, a follower) takes Ctrl-C as
   * its normal end: it winds down when the signal aborts and returns, and fc exits 0.
   */
  claimInterrupt(): AbortSignal {
    this.claimed = true;
    return this.controller.signal;
  }

  /** Called on SIGINT/SIGTERM. True when the running command handles it itself. */
  interrupt(signal: NodeJS.Signals): boolean {
    this.interruptedBy ??= signal;
    this.controller.abort();
    return this.claimed;
  }
}
