import { UsageError } from '../../../errors.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `4d`, `90s`, `1d12h` → milliseconds. */
export function parseDuration(value: string, flag = '<duration>'): number {
  const text = value.trim();
  const part = /(\d+)([smhdw])/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = part.exec(text)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = part.lastIndex;
  }
  if (text === '' || consumed !== text.length || total <= 0 || total > 366 * UNIT_MS.d!) {
    throw new UsageError(`${flag} must be a duration like 30s, 10m, 2h, 4d or 1d12h (at most a year), got "${value.slice(0, 40)}".`);
  }
  return total;
}
