// Small helpers the bench scripts share.
import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) a child process has used so far, from /proc (Linux; NaN elsewhere). */
export function cpuSeconds(child) {
  try {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
