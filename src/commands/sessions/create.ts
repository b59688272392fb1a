import { createSession } from '../../api/sessions.js';
import { ApiError, UsageError } from '../../errors.js';
import { printJson } from '../../io/render.js';
import { parseIdempotencyKey } from '../shared/validate.js';
import { journaledWrite } from '../../api/write-journal.js';
import { parseSessionFlags } from './shared/options.js';
import { askSessionFlags } from '../shared/pick.js';
import { printSession } from './shared/render.js';
import { defineCommand, option } from '../define.js';

export default defineCommand({
  description: 'create a session and print it (or only its client_secret)',
  options: [
    option('--customer <cus_…>', 'the customer who will link accounts'),
    option('--customer-account <acct_…>', 'or: a v2 Account configured as a customer'),
    option('--permissions <list>', 'data to request: balances,ownership,payment_method,transactions'),
    option('--prefetch <list>', 'data to fetch as soon as accounts link: balances,ownership,transactions'),
    option('--country <code>', 'only institutions in this country (e.g. US)'),
    option('--account-subcategories <list>', 'only these account types: checking,savings,mortgage,line_of_credit,credit_card'),
    option('--return-url <url>', 'where to send the user after an OAuth redirect'),
    option('--client-secret-only', 'print only the client_secret, for piping'),
    option('--idempotency-key <key>', 'your own Idempotency-Key (fc otherwise makes one that survives a re-run after a lost answer)'),
  ],
  examples: [
    'fc sessions create --customer cus_123 --permissions balances,ownership,payment_method,transactions --prefetch balances',
    'fc sessions create --customer cus_123 --permissions payment_method --client-secret-only',
  ],
  run: async (ctx, opts) => {
    if (opts.clientSecretOnly && opts.format !== 'table') {
      throw new UsageError('--client-secret-only prints only the secret; drop --json/--format to use it.');
    }
    // On a terminal, a missing --customer or --permissions is asked for; elsewhere parseSessionFlags fails as before.
    const idempotencyKey = opts.idempotencyKey !== undefined ? parseIdempotencyKey(opts.idempotencyKey) : undefined;
    const input = parseSessionFlags(await askSessionFlags(ctx, opts));
    const stripe = await ctx.stripe();
    const session = await journaledWrite(
      ctx,
      { command: 'sessions create', inputs: input, idempotencyKey },
      (key) => createSession(stripe, input, key),
    );
    if (opts.clientSecretOnly) {
      if (!session.client_secret) throw new ApiError(`Session ${session.id} came back without a client_secret.`);
      ctx.io.out(session.client_secret);
      return;
    }
    if (opts.format === 'json') {
      printJson(ctx.io, session);
      return;
    }
    printSession(ctx.io, session, { showSecret: true });
    const sandbox = ctx.target().kind !== 'stripe';
    ctx.io.err(
      ctx.io.color.dim(
        `Next: fc link ${session.id}${sandbox ? ` (or, without a browser: fc sandbox complete ${session.id})` : ''}`,
      ),
    );
  },
});
