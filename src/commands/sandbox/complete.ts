import { completeSession } from '../../api/sandbox-helpers.js';
import { sessionAccounts } from '../../api/sessions.js';
import { UsageError } from '../../errors.js';
import { printJson } from '../../io/render.js';
import { printLinkedAccounts } from '../sessions/shared/render.js';
import { parseText, shown } from '../shared/validate.js';
import { sandboxClient } from './shared/require.js';
import { argument, defineCommand, option } from '../define.js';
import { idOrPick, SESSION_ID } from '../shared/pick.js';

const ACCOUNT_KEY = /^[a-z0-9_]{1,64}$/;

/** Account keys are the sandbox's to know (see `fc sandbox institutions`); only their shape is checked here. */
export function parseAccountKeys(value: string): string[] {
  const keys = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (keys.length === 0) throw new UsageError('--accounts needs at least one account key, e.g. checking,savings (see fc sandbox institutions).');
  const bad = keys.filter((k) => !ACCOUNT_KEY.test(k));
  if (bad.length) {
    throw new UsageError(`--accounts takes account keys such as checking,savings; got ${bad.map(shown).join(', ')}.`, 'See the keys with: fc sandbox institutions');
  }
  return [...new Set(keys)];
}

export default defineCommand({
  description: "finish a session's authentication flow without a browser, linking sandbox test accounts",
  args: [argument('[fcsess_…]', 'session id (asked for on a terminal when left out)')],
  options: [
    option('--accounts <list>', 'test accounts to link (see fc sandbox institutions), default checking,savings'),
    option('--institution <name>', 'test institution, default "Test Institution"'),
  ],
  examples: [
    'fc sandbox complete fcsess_123',
    'fc sandbox complete fcsess_123 --accounts checking,joint,insufficient_funds',
  ],
  run: async (ctx, given, opts) => {
    const id = await idOrPick(ctx, given, SESSION_ID, '<fcsess_…>: the session to complete');
    const accounts = opts.accounts !== undefined ? parseAccountKeys(opts.accounts) : undefined;
    const institution = opts.institution !== undefined ? parseText(opts.institution, '--institution', 100) : undefined;
    const stripe = await sandboxClient(ctx, 'complete');
    const session = await completeSession(stripe, id, { institution, accounts });
    if (opts.format === 'json') {
      printJson(ctx.io, session);
      return;
    }
    const linked = await sessionAccounts(stripe, session);
    ctx.io.err(`Linked ${linked.length} account${linked.length === 1 ? '' : 's'} to ${session.id}.`);
    printLinkedAccounts(ctx.io, linked);
  },
});
