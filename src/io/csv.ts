import { stringify } from 'csv-stringify/sync';
import type { IO } from './io.js';

/** A short list as CSV with a header (long exports stream instead: see accounts/export.ts). */
export function printCsv(io: IO, header: readonly string[], rows: readonly (string | number | null | undefined)[][]): void {
  io.stdout.write(stringify([[...header], ...rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v)))]));
}
