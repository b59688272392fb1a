import { advanceSandboxClock } from '../../api/sandbox-helpers.js';
import { formatTimestamp } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { parseDuration } from './shared/duration.js';
import { sandboxClient } from './shared/require.js';
import { argument, defineCommand } from '../define.js';
import { requireOrAsk, validatorOf } from '../shared/ask.js';

export default defineCommand({
  description: 'move the sandbox clock forward, so refreshes finish and payments settle',
  args: [argument('[duration]', 'how far: 30s, 10m, 2h, 4d or a combination like 1d12h (asked for on a terminal when left out)')],
  examples: ['fc sandbox advance 4d', 'fc sandbox advance 90s'],
  run: async (ctx, given, opts) => {
    requireOrAsk(ctx, given === undefined ? ['<duration>'] : []);
    const duration =
      given ?? (await ctx.prompter.input('How far to move the sandbox clock (30s, 10m, 2h, 4d, 1d12h)', { missing: '<duration>', validate: validatorOf(parseDuration) }));
    const ms = parseDuration(duration);
    const clock = await advanceSandboxClock(await sandboxClient(ctx, 'advance'), ms);
    if (opts.format === 'json') printJson(ctx.io, clock);
    else ctx.io.out(`Sandbox clock moved ${duration} ahead; it is now ${formatTimestamp(clock.now)}.`);
  },
});
