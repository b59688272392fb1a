import type { Context } from '../../context.js';
import { CancelError, UsageError } from '../../errors.js';

/**
 * The live-mode guard for actions that move real money or cut real access (pay,
 * payments cancel, accounts disconnect). With a live key the action needs the
 * object's id typed on a TTY, or `--yes --live` in a script: a copied test command
 * run with the wrong key must never go through by accident.
 *
 * `liveGuardPrecheck` runs before anything is sent, so a script missing the flags
 * stops with exit 2 and nothing done; `liveGuard` shows the banner and asks.
 */
export interface LiveFlags {
  live?: boolean;
}

export function isLive(ctx: Context): boolean {
  return ctx.target().live;
}

export function liveGuardPrecheck(ctx: Context, flags: LiveFlags, action: string): void {
  if (!isLive(ctx)) return;
  if (ctx.globals.yes && flags.live) return;
  if (!ctx.prompter.canPrompt()) {
    throw new UsageError(
      `This would ${action} in LIVE mode: pass --yes --live to do that without a terminal. Nothing was done.`,
    );
  }
}

export async function liveGuard(ctx: Context, flags: LiveFlags, action: string, id: string): Promise<void> {
  if (!isLive(ctx)) return;
  const c = ctx.io.color;
  ctx.io.err(c.bgRed.white.bold(` LIVE MODE `) + c.red.bold(` This will ${action} with a live key: real money, real customers.`));
  if (ctx.globals.yes && flags.live) return;
  liveGuardPrecheck(ctx, flags, action);
  const typed = await ctx.prompter.input(`Type ${id} to confirm`, { missing: '--yes --live' });
  if (typed.trim() !== id) throw new CancelError(`Cancelled: you typed "${typed.trim().slice(0, 40)}", not ${id}. Nothing was done.`);
}
