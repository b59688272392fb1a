import { stringify } from 'csv-stringify/sync';
import type { IO } from './io.js';
import { safeText } from './sanitize.js';

export type CsvValue = string | number | null | undefined;

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, or a tab/CR that some apps strip first.
const FORMULA_START = /^[=+\-@\t\r]/;
// Real numbers stay numbers: -785.81, +12, -1,234.50, and money as fc formats it (-$785.81, -€3.00).
const NUMBER = /^[+-]?[$€£¥]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * One CSV cell, safe to open in a spreadsheet: a text cell that starts like a
 * formula gets a leading `'` (shown by spreadsheets as plain text), numbers stay
 * numbers. `toTerminal` also escapes control characters, for CSV printed straight
 * to a terminal rather than into a file.
 */
export function csvCell(value: CsvValue, toTerminal = false): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  const text = toTerminal ? safeText(value) : value;
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

export function csvRow(row: readonly CsvValue[], toTerminal = false): (string | number)[] {
  return row.map((v) => csvCell(v, toTerminal));
}

/** A short list as CSV with a header (long exports stream instead: see accounts/export.ts). */
export function printCsv(io: IO, header: readonly string[], rows: readonly CsvValue[][]): void {
  io.stdout.write(stringify([[...header], ...rows.map((r) => csvRow(r, io.stdoutIsTTY))]));
}
