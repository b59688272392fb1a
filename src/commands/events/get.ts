import { getEvent } from '../../api/events.js';
import { formatTimestamp } from '../../io/format.js';
import { printDetails } from '../../io/render.js';
import { forDisplay } from '../../io/sanitize.js';
import { objectIdOf } from './shared/render.js';
import { argument, defineCommand } from '../define.js';
import { idOrPick, EVENT_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'show one event with its object',
  args: [argument('[evt_…]', 'event id (asked for on a terminal when left out)')],
  examples: ['fc events get evt_123 --json'],
  run: async (ctx, given) => getEvent(await ctx.stripe(), await idOrPick(ctx, given, EVENT_ID, '<evt_…>: the event to show')),
  render: (ctx, original) => {
    // JSON.stringify already spells C0 controls as \u001b; the IO guard escapes C1/bidi controls and masks keys.
    // (Sanitised first, ESC would show as a misleading "\\e".)
    const object = JSON.stringify(original.data.object, null, 2);
    const event = forDisplay(original);
    printDetails(ctx.io, `Event ${event.id}`, [
      ['Type', event.type],
      ['Object', objectIdOf(event)],
      ['Created', formatTimestamp(event.created)],
      ['Request', event.request?.id ?? null],
      ['API version', event.api_version],
    ]);
    ctx.io.out(object);
  },
});
