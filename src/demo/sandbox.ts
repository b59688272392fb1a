// Where fc demo runs: a throwaway embedded sandbox in a temporary folder (removed
// on every exit path, Ctrl-C included, through ctx.lifecycle), fc's own sandbox
// with --keep, or the server behind --api-base. Never Stripe.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { createStripeClient } from '../api/client.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

/** Short sandbox delays so the throwaway run takes seconds, while still showing pending → succeeded. */
const THROWAWAY_SETTINGS = { FC_SANDBOX_REFRESH_DELAY_MS: '400', FC_SANDBOX_SETTLE_DELAY_MS: '1500' };

export interface DemoSandbox {
  stripe: Stripe;
  where: string;
  close(): Promise<void>;
}

/** A fresh sandbox in a temporary folder, or fc's own with --keep; never Stripe. */
export async function openDemoSandbox(ctx: Context, keep: boolean): Promise<DemoSandbox> {
  const target = ctx.target();
  if (target.kind === 'stripe') {
    // The demo never touches Stripe: a configured key is simply not used.
    if (keep) throw new UsageError('fc demo --keep keeps its objects in fc\'s own sandbox; add --sandbox (your API key is not used by the demo).');
    ctx.notice('fc demo runs on a throwaway sandbox; your API key is not used.');
  } else if (target.kind === 'base') {
    return { stripe: await ctx.stripe(), where: `the sandbox at ${target.apiBase?.origin ?? '--api-base'} (its objects stay there)`, close: async () => {} };
  }
  if (keep && target.kind === 'sandbox') return { stripe: await ctx.stripe(), where: "fc's own sandbox (--keep: the objects stay)", close: async () => {} };
  // Deferred as soon as they exist, so Ctrl-C at any step removes them too.
  const dir = mkdtempSync(join(tmpdir(), 'fc-demo-'));
  const removeDir = ctx.lifecycle.defer(() => rmSync(dir, { recursive: true, force: true }));
  const { startEmbeddedSandbox } = await import('../api/embedded.js');
  const sandbox = await startEmbeddedSandbox(dir, { ...THROWAWAY_SETTINGS, ...ctx.env });
  const stopSandbox = ctx.lifecycle.defer(() => sandbox.close());
  const stripe = await createStripeClient({
    key: sandbox.key,
    apiBase: new URL(sandbox.url),
    debug: ctx.globals.debug || ctx.env.FC_DEBUG === '1' ? (line) => ctx.debug(line) : undefined,
  });
  return {
    stripe,
    where: 'a throwaway sandbox (deleted at the end; fc demo --keep keeps it)',
    close: async () => {
      await stopSandbox();
      await removeDir();
    },
  };
}
