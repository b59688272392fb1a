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

// A field csv-stringify (default options) would quote: it holds the delimiter, a quote or a line break.
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One CSV record and its newline, byte for byte what csv-stringify writes with its default options
 * (test/unit/io/csv.test.ts holds the two side by side). Long exports use it: the library's
 * per-field work allocated ~6 KB a row, most of a million-row export's garbage.
 */
export function csvLine(cells: readonly (string | number)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]!;
    const text = typeof v === 'number' ? String(v) : NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    line += i === 0 ? text : `,${text}`;
  }
  return `${line}\n`;
}

/** A short list as CSV with a header (long exports stream instead: see accounts/export.ts). */
export function printCsv(io: IO, header: readonly string[], rows: readonly CsvValue[][]): void {
  io.stdout.write(stringify([[...header], ...rows.map((r) => csvRow(r, io.stdoutIsTTY))]));
}
