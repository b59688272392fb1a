import type Stripe from 'stripe';
import type { Context } from '../context.js';

/**
 * The API's clock, in unix seconds. The sandbox's can be moved forward (fc
 * sandbox advance), and refresh cooldowns, settle times and transaction dates
 * are in its time; anywhere else it is the local clock.
 */
export async function apiNow(ctx: Context, stripe: Stripe): Promise<number> {
  const local = Math.floor(ctx.clock.now().getTime() / 1000);
  if (ctx.target().kind === 'stripe') return local;
  try {
    const r = (await stripe.rawRequest('GET', '/_sandbox/clock')) as { now?: unknown };
    return typeof r.now === 'number' ? r.now : local;
  } catch {
    // Another Stripe-compatible server (stripe-mock) has no clock endpoint.
    return local;
  }
}
