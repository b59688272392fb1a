import Table from 'cli-table3';
import type { IO } from './io.js';
import { fitWidths, longestWord, stripAnsi, visibleWidth, wrapText } from './fit.js';
import { guardTerminal } from './sanitize.js';

/** `--json`: the API object(s) exactly, nothing else on stdout (JSON escapes control characters itself). */
export function printJson(io: IO, value: unknown, indent = 2): void {
  io.stdout.write(`${JSON.stringify(value, null, indent)}\n`);
}

/** A table cell: one line, whatever the data holds (fc's own colours survive). */
function cell(v: string | number): string {
  return typeof v === 'number' ? String(v) : guardTerminal(v, false);
}

const NUMERIC = /^(≈ )?[-+]?[^\d\s]{0,3}-?\d[\d,.]*( [A-Za-z]{3})?$/;

/** A column of amounts or counts (a dash for none) reads best right-aligned. */
function isNumeric(rows: string[][], col: number): boolean {
  let any = false;
  for (const r of rows) {
    const v = stripAnsi(r[col] ?? '').trim();
    if (v === '—' || v === '') continue;
    if (!NUMERIC.test(v)) return false;
    any = true;
  }
  return any;
}

/** Wraps each cell to its column's width, so cli-table3 never draws a line wider than the screen. */
function fitted(io: IO, head: string[], rows: string[][], paddingPerCol: number): { rows: string[][]; widths?: number[] } {
  const columns = io.columns();
  if (!columns) return { rows };
  const n = head.length;
  const natural = head.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map(visibleWidth)))));
  const overhead = n * paddingPerCol + n + 1;
  // A heading may be shortened ("Descript…"); the data's words set how narrow a column can go.
  const mins = head.map((_, i) => Math.min(14, Math.max(4, ...rows.map((r) => longestWord(r[i] ?? '')))));
  // Amounts stay whole: "-$785.8" over "1" reads as another amount. Ids stay whole: people copy them.
  const whole = head.map((h, i) => isNumeric(rows, i) || /^(ID|id)$/.test(stripAnsi(h)));
  const widths = fitWidths(natural, columns, overhead, mins, whole);
  if (widths.every((w, i) => w === natural[i])) return { rows };
  return { rows: rows.map((r) => r.map((v, i) => (visibleWidth(v) > widths[i]! ? wrapText(v, widths[i]!).join('\n') : v))), widths };
}

/** Whether the columns' minimum widths (their longest words, up to 14) fit the screen. */
function fits(io: IO, head: string[], rows: string[][]): boolean {
  const columns = io.columns();
  if (!columns) return true;
  const mins = head.map((_, i) => Math.min(14, Math.max(4, ...rows.map((r) => Math.min(longestWord(r[i] ?? ''), visibleWidth(r[i] ?? ''))))));
  const id = head.findIndex((h) => /^(ID|id)$/.test(h));
  const idWidth = id >= 0 ? Math.max(...rows.map((r) => visibleWidth(r[id] ?? ''))) - (mins[id] ?? 0) : 0;
  return mins.reduce((a, b) => a + b, 0) + idWidth + head.length * 3 + 1 <= columns;
}

export interface TableOptions {
  /** Columns (by heading) left out, in this order, while the table cannot fit the screen. */
  drop?: readonly string[];
}

export function renderTable(io: IO, head: string[], rows: (string | number)[][], opts: TableOptions = {}): string {
  let cells = rows.map((r) => r.map(cell));
  for (const name of opts.drop ?? []) {
    if (fits(io, head, cells)) break;
    const i = head.indexOf(name);
    if (i < 0) continue;
    head = head.filter((_, j) => j !== i);
    cells = cells.map((r) => r.filter((_, j) => j !== i));
  }
  // A table that would have to cut words (beyond the odd one longer than 14) is shown as blocks instead.
  if (!fits(io, head, cells)) return renderRecords(io, head, cells);
  const fit = fitted(io, head, cells, 2);
  const right = head.map((_, i) => isNumeric(cells, i));
  const table = new Table({
    head: head.map((h) => io.color.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
    colAligns: right.map((r) => (r ? ('right' as const) : ('left' as const))),
    ...(fit.widths ? { colWidths: fit.widths.map((w) => w + 2) } : {}),
  });
  for (const r of fit.rows) table.push(r);
  return table.toString();
}

export function printTable(io: IO, head: string[], rows: (string | number)[][], empty = 'Nothing to show.', opts: TableOptions = {}): void {
  if (rows.length === 0) {
    io.err(empty);
    return;
  }
  io.out(renderTable(io, head, rows, opts));
}

/**
 * A screen too narrow for the table's columns without cutting words gets each
 * row as a block of "Heading  value" lines instead (psql's expanded display),
 * values wrapped on words beside their headings.
 */
function renderRecords(io: IO, head: string[], rows: string[][]): string {
  const keyWidth = Math.max(...head.map(visibleWidth));
  const valueWidth = Math.max(8, (io.columns() ?? 80) - keyWidth - 2);
  const block = (row: string[]) =>
    head
      .flatMap((h, i) => {
        const lines = wrapText(row[i] === '' ? '—' : (row[i] ?? '—'), valueWidth);
        return lines.map((line, j) => `${j === 0 ? io.color.bold(h) + ' '.repeat(keyWidth - visibleWidth(h)) : ' '.repeat(keyWidth)}  ${line}`);
      })
      .join('\n');
  return rows.map(block).join('\n\n');
}

/** A two-column "field: value" view of one object. */
export function printDetails(io: IO, title: string, fields: [string, string | number | null | undefined][]): void {
  const keys = fields.map(([k]) => io.color.bold(k));
  const values = fields.map(([, v]) => (v === null || v === undefined || v === '' ? '—' : cell(v)));
  const fit = fitted(io, ['', ''], keys.map((k, i) => [k, values[i]!]), 2);
  const table = new Table({ style: { head: [], border: [], compact: true }, ...(fit.widths ? { colWidths: fit.widths.map((w) => w + 2), wordWrap: false } : {}) });
  for (const [k, v] of fit.rows) table.push({ [k!]: v! });
  io.out(`${io.color.bold(guardTerminal(title, false))}\n${table.toString()}`);
}
