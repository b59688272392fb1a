import type Stripe from 'stripe';
import type { Context } from '../../../context.js';
import { UsageError } from '../../../errors.js';

/** Sandbox helpers make sense on fc's sandbox (embedded or served), never on api.stripe.com. */
export async function sandboxClient(ctx: Context, command: string): Promise<Stripe> {
  const target = ctx.target();
  if (target.kind === 'stripe') {
    throw new UsageError(`fc sandbox ${command} works on the sandbox only; add --sandbox (or --api-base of a running fc sandbox serve).`);
  }
  return ctx.stripe();
}
