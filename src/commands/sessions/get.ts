import { getSession, sessionAccounts } from '../../api/sessions.js';
import { printLinkedAccounts, printSession } from './shared/render.js';
import { argument, defineCommand } from '../define.js';
import { idOrPick, SESSION_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'show a session and the accounts linked in it',
  args: [argument('[fcsess_…]', 'session id (asked for on a terminal when left out)')],
  examples: ['fc sessions get fcsess_123', 'fc sessions get fcsess_123 --json'],
  run: async (ctx, given) => getSession(await ctx.stripe(), await idOrPick(ctx, given, SESSION_ID, '<fcsess_…>: the session to show')),
  render: async (ctx, session) => {
    const id = session.id;
    const accounts = await sessionAccounts(await ctx.stripe(), session);
    printSession(ctx.io, session, { accountCount: accounts.length });
    if (accounts.length === 0) {
      const sandbox = ctx.target().kind !== 'stripe';
      ctx.io.err(ctx.io.color.dim(`No accounts linked yet. Finish the flow with: fc link ${id}${sandbox ? ` (or fc sandbox complete ${id})` : ''}`));
      return;
    }
    ctx.io.out('');
    printLinkedAccounts(ctx.io, accounts);
  },
});
