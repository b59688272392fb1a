import v8 from 'node:v8';

/**
 * Keeps a long export's memory independent of its length.
 *
 * V8 doubles its young generation (the "nursery", two semi-spaces) each time
 * the bytes that survived scavenges since the last doubling exceed its size.
 * That count only ever grows while a process allocates, so a streaming export,
 * whose live data is bounded (one window of rows), still ends up with a bigger
 * nursery the longer it runs: on Node 24, 16 MiB semi-spaces at 100,000 rows,
 * 64 MiB at 1,000,000 — ~100 MiB more peak RSS for the same working set.
 *
 * Once the nursery has reached `semiSpaceMiB` (16 MiB: where a 100,000-row
 * export settles anyway, and Node 20's own ceiling), growth is switched off
 * (`--semi-space-growth-factor=1`). A bigger nursery only means fewer
 * scavenges, and a stream waiting on the network gains nothing from that
 * (measured: same CPU time for a 1,000,000-row export). The old generation
 * and the heap limit are left alone: nothing stops the process from using
 * memory it really needs.
 *
 * The flag is process-wide and stays set; fc exits after the command. V8
 * reads it whenever it considers growing, so setting it late is safe.
 */
export class NurseryCap {
  private done = false;
  private readonly bytes: number;

  constructor(semiSpaceMiB = 16) {
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
