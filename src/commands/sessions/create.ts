import { createSession } from '../../api/sessions.js';
import type { Context } from '../../context.js';
import { ApiError, UsageError } from '../../errors.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { parseIdempotencyKey } from '../shared/validate.js';
import { journaledWrite } from '../../api/write-journal.js';
import { parseSessionFlags, type SessionFlags } from './options.js';
import { askSessionFlags } from '../shared/pick.js';
import { printSession } from './render.js';

export interface CreateOptions extends SessionFlags {
  clientSecretOnly?: boolean;
  idempotencyKey?: string;
}

export async function run(ctx: Context, opts: CreateOptions): Promise<void> {
  const format = outputFormat(ctx);
  if (opts.clientSecretOnly && format !== 'table') {
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
  if (format === 'json') {
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
}
