import Stripe from 'stripe';
import type { RunningSandbox } from '../../src/sandbox/index.js';

/** stripe-node pointed at a test sandbox the way any integration reaches it: host, port, protocol. No retries, so a test sees each answer. */
export function stripeFor(sandbox: Pick<RunningSandbox, 'host' | 'port'>, key: string): Stripe {
  return new Stripe(key, { host: sandbox.host, port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 });
}

/** The mandate acceptance that ACH tests confirm with. */
export const ONLINE_ACCEPTANCE = { type: 'online', online: { ip_address: '71.183.194.54', user_agent: 'fc/test' } } as const;
