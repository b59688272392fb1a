import type { Context } from '../../context.js';
import { FcError, UsageError } from '../../errors.js';
import { whyNoPrompt } from '../../io/prompter.js';

/**
 * Required inputs a command was not given. On a terminal each is asked for in
 * turn; without one (or with CI set) the command stops with exit 2 naming every
 * missing flag at once (as usage writes them: `--amount <minor units>`, `<fca_…>`),
 * so a script is fixed in one go.
 */
export function missingError(ctx: Context, missing: readonly string[]): UsageError {
  const list = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]!}`;
  return new UsageError(`Missing ${list}: give ${missing.length === 1 ? 'it' : 'them'} on the command line (${whyNoPrompt(ctx.io, ctx.env)}). Nothing was sent.`);
}

/** Throws the exit-2 error naming every missing flag when fc may not ask. */
export function requireOrAsk(ctx: Context, missing: readonly string[]): void {
  if (missing.length && !ctx.prompter.canPrompt()) throw missingError(ctx, missing);
}

/** A prompt validator built from a flag parser: its UsageError message is the answer's complaint. */
export function validatorOf(parse: (value: string) => unknown): (value: string) => string | true {
  return (value) => {
    try {
      parse(value);
      return true;
    } catch (err) {
      if (err instanceof FcError) return err.message;
      throw err;
    }
  };
}
