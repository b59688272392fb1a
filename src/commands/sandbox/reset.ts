import { resetSandbox } from '../../api/sandbox-helpers.js';
import type { Context } from '../../context.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { sandboxClient } from './require.js';

export async function run(ctx: Context): Promise<void> {
  const format = outputFormat(ctx);
  const result = await resetSandbox(await sandboxClient(ctx, 'reset'));
  if (format === 'json') printJson(ctx.io, result);
  else ctx.io.out('The sandbox is empty again: its data was deleted and its clock reset.');
}
