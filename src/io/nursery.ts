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
 * scavenges, and a stream waiting on the network gains nothing from that:
 * measured on a 1,000,000-row CSV export, 8 MiB semi-spaces cost the same CPU
 * as 16 (6.9 s both times vs 6.4-7.6 s) for ~15 MiB less peak RSS. The old
 * generation and the heap limit are left alone: nothing stops the process
 * from using memory it really needs.
 *
 * The flag is process-wide and stays set (fc exits after the command); V8
 * reads it each time it considers growing the nursery, so setting it late is
 * safe. Unlike V8 flags given at start-up, it does not cost the next command
 * its compile cache (checked with NODE_DEBUG_NATIVE=COMPILE_CACHE: accepted).
 * A V8 without a `new_space` leaves this a no-op.
 */
export class NurseryCap {
  private done = false;
  private readonly bytes: number;

  constructor(semiSpaceMiB = 8) {
    // space_size counts both semi-spaces.
    this.bytes = semiSpaceMiB * 2 * 1024 * 1024;
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
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  }
}
