import type { Context } from '../../context.js';
import { printCsv, type CsvValue } from '../../io/csv.js';
import { printJson } from '../../io/render.js';
import { hasMore } from '../../api/page.js';
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
  out: { table(items: T[]): void; csv?: { header: readonly string[]; rows(items: T[]): CsvValue[][] }; noun?: string },
): void {
  if (format === 'json') printJson(ctx.io, items);
  else if (format === 'csv' && out.csv) printCsv(ctx.io, out.csv.header, out.csv.rows(items));
  else out.table(items);
  sayTruncated(ctx, items, out.noun ?? 'results');
}

/** One line on stderr, in every format, when the API has more than was printed. */
export function sayTruncated(ctx: Context, items: readonly unknown[], noun: string): void {
  if (!hasMore(items)) return;
  ctx.io.err(ctx.io.color.dim(`More ${noun} exist than the ${items.length} shown: add --all for every one${items.length < 100 ? ', or --limit <n> (up to 100)' : ''}.`));
}
