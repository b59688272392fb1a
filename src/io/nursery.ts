import v8 from 'node:v8';

/**
 * Keeps a long export's memory independent of its length.
 *
 * V8 doubles its young generation (the "nursery", two semi-spaces) each time
 * the bytes that survived scavenges since the last doubling exceed its size.
 * That count only ever grows while a process allocates, so a streaming export,
 * whose live data is bounded (a few windows of rows), still ends up with a
 * bigger nursery the longer it runs: on Node 24, 8 MiB semi-spaces around
 * 100,000 rows, 64 MiB by 1,000,000 — ~100 MiB more peak RSS for the same
 * working set (Node 24 allows 64 MiB where Node 20 and 22 stopped at 16).
 *
 * Once the nursery has reached `semiSpaceMiB`, growth is switched off
 * (`--semi-space-growth-factor=1`). A bigger nursery only means fewer
 * scavenges, and a stream waiting on the network gains nothing from that.
 * The cap is 4 MiB semi-spaces, the size a 10,000-row export reaches anyway:
 * from there on the nursery does not grow, so a longer export does not cost
 * more young generation than a short one (8 MiB cost the 100,000-row export
 * 8 MiB more than the 10,000-row one; the 1,000,000-row export's CPU was the
 * same within the noise, 4.8-5.8 s both ways). The old generation and the heap
 * limit are left alone: nothing stops the process from using memory it really
 * needs.
 *
 * The second thing that grew with an export's length was V8's optimising
 * compiler: functions called once a page (stripe-node's request path, the
 * HTTP client, the window logic) become hot together a few hundred pages in,
 * and Maglev compiles them in a burst. Each finished compile job is handed to
 * a background task to be freed; on a busy machine those tasks run late, and
 * the jobs' memory (their zones) piled up: 5-15 MiB of peak RSS at 100,000
 * rows, depending on the machine's load (heaptrack: 18 MiB of zone memory
 * live at the peak, against 1 MiB at 10,000 rows). `--no-maglev-destroy-on-
 * background` frees each job on the main thread as soon as its code is
 * installed; what is compiled, and when, is unchanged.
 *
 * Both flags are process-wide and stay set (fc exits after the command); V8
 * reads them each time it considers growing the nursery or finishes a job, so
 * setting them late is safe. A code cache made after a flag changed carries
 * the new flags, and V8 rejects it in every later run that has not set them:
 * so fc says it changed them (`V8_FLAGS_CHANGED`), and bin/bundles.js writes
 * no cache from such a run. A V8 without a `new_space` leaves the cap a no-op; the
 * Maglev flag is only set on V8 13 (Node 24) and later, which have it (an
 * unknown flag would print an error on stderr).
 */
/**
 * Set (on globalThis) once fc has changed a V8 flag in this process: bin/bundles.js then
 * writes no code cache at exit, since V8 would reject it in the next, ordinary run.
 */
const V8_FLAGS_CHANGED = Symbol.for('fc.v8-flags-changed');

function setV8Flag(flag: string): void {
  (globalThis as Record<symbol, unknown>)[V8_FLAGS_CHANGED] = true;
  v8.setFlagsFromString(flag);
}

export class NurseryCap {
  private done = false;
  private readonly bytes: number;

  private static compilerSet = false;

  constructor(semiSpaceMiB = 4) {
    // space_size counts both semi-spaces.
    this.bytes = semiSpaceMiB * 2 * 1024 * 1024;
    if (!NurseryCap.compilerSet && Number(process.versions.v8.split('.')[0]) >= 13) {
      NurseryCap.compilerSet = true;
      setV8Flag('--no-maglev-destroy-on-background');
    }
  }

  /** Cheap enough to call every few hundred rows; does its work once. */
  check(): void {
    if (this.done) return;
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    // No such space (another engine, a future V8): nothing to do.
    if (!young) {
      this.done = true;
      return;
    }
    if (young.space_size < this.bytes) return;
    this.done = true;
    setV8Flag('--semi-space-growth-factor=1');
  }
}
