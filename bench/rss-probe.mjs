// Preload (`node --import ./bench/rss-probe.mjs …`): on exit, writes the process's
// peak resident set size in bytes (process.resourceUsage().maxRSS is in KiB) to the
// file named by FC_BENCH_RSS_FILE. Nothing else; without the variable it does nothing.
import { writeFileSync } from 'node:fs';

const file = process.env.FC_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // A probe must never change the exit status of what it measures.
    }
  });
}
