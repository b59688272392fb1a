import Table from 'cli-table3';
import type { IO } from './io.js';
import { guardTerminal } from './sanitize.js';

/** `--json`: the API object(s) exactly, nothing else on stdout (JSON escapes control characters itself). */
export function printJson(io: IO, value: unknown, indent = 2): void {
  io.stdout.write(`${JSON.stringify(value, null, indent)}\n`);
}

/** A table cell: one line, whatever the data holds (fc's own colours survive). */
function cell(v: string | number): string {
  return typeof v === 'number' ? String(v) : guardTerminal(v, false);
}

export function renderTable(io: IO, head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head: head.map((h) => io.color.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
  });
  for (const r of rows) table.push(r.map(cell));
  return table.toString();
}

export function printTable(io: IO, head: string[], rows: (string | number)[][], empty = 'Nothing to show.'): void {
  if (rows.length === 0) {
    io.err(empty);
    return;
  }
  io.out(renderTable(io, head, rows));
}

/** A two-column "field: value" view of one object. */
export function printDetails(io: IO, title: string, fields: [string, string | number | null | undefined][]): void {
  const table = new Table({ style: { head: [], border: [], compact: true } });
  for (const [k, v] of fields) table.push({ [io.color.bold(k)]: v === null || v === undefined || v === '' ? '—' : cell(v) });
  io.out(`${io.color.bold(guardTerminal(title, false))}\n${table.toString()}`);
}
