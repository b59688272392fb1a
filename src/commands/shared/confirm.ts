import type { Context } from '../../context.js';
import { CancelError, UsageError } from '../../errors.js';

/**
 * Confirmation for an action that changes something real. `--yes` answers it;
 * without a TTY and without `--yes` nothing is done (exit 2).
 */
export async function confirmAction(ctx: Context, question: string, flagHint = '--yes'): Promise<void> {
  if (ctx.globals.yes) return;
  if (!ctx.prompter.canPrompt()) {
    throw new UsageError(`This needs confirmation: pass ${flagHint} to proceed without a terminal. Nothing was done.`);
  }
  const ok = await ctx.prompter.confirm(question, { missing: flagHint, default: false });
  if (!ok) throw new CancelError('Cancelled: nothing was done.');
}
