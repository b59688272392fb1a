import { advanceSandboxClock } from '../../api/sandbox-helpers.js';
import type { Context } from '../../context.js';
import { formatTimestamp } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseDuration } from './duration.js';
import { sandboxClient } from './require.js';

export async function run(ctx: Context, duration: string): Promise<void> {
  const format = outputFormat(ctx);
  const ms = parseDuration(duration);
  const clock = await advanceSandboxClock(await sandboxClient(ctx, 'advance'), ms);
  if (format === 'json') printJson(ctx.io, clock);
  else ctx.io.out(`Sandbox clock moved ${duration} ahead; it is now ${formatTimestamp(clock.now)}.`);
}
