import Table from 'cli-table3';
import type { IO } from './io.js';

/** `--json`: the API object(s) exactly, nothing else on stdout. */
export function printJson(io: IO, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export function renderTable(io: IO, head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head: head.map((h) => io.color.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
  });
  for (const r of rows) table.push(r.map(String));
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
  for (const [k, v] of fields) table.push({ [io.color.bold(k)]: v === null || v === undefined || v === '' ? '—' : String(v) });
  io.out(`${io.color.bold(title)}\n${table.toString()}`);
}
