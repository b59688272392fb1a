import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** `--json` wins; `--format` must be one the command supports; people get a table. */
export function outputFormat(ctx: Context, allowed: readonly OutputFormat[] = ['table', 'json']): OutputFormat {
  if (ctx.globals.json) return 'json';
  const f = ctx.globals.format;
  if (f === undefined) return 'table';
  if (!(allowed as readonly string[]).includes(f)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')} for this command, got "${String(f).slice(0, 40)}".`);
  }
  return f as OutputFormat;
}
