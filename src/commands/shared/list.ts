import type { Context } from '../../context.js';
import { printCsv, type CsvValue } from '../../io/csv.js';
import { printJson } from '../../io/render.js';
import { option } from '../define.js';
import type { OutputFormat } from './output.js';

/** `--limit` and `--all` of every list verb. */
export function pagingOptions(every: string) {
  return [option('--limit <n>', 'how many to show (1-100)', { default: '10' }), option('--all', `page through every ${every}`)] as const;
}

/** A list as the format asks: JSON for scripts, CSV where the verb has columns for it, else the verb's table. */
export function printList<T>(
  ctx: Context,
  format: OutputFormat,
  items: T[],
  out: { table(items: T[]): void; csv?: { header: readonly string[]; rows(items: T[]): CsvValue[][] } },
): void {
  if (format === 'json') printJson(ctx.io, items);
  else if (format === 'csv' && out.csv) printCsv(ctx.io, out.csv.header, out.csv.rows(items));
  else out.table(items);
}
