import { CancelError, UsageError } from '../errors.js';
import type { IO } from './io.js';
import { safeText } from './sanitize.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  checked?: boolean;
}

/**
 * Questions to a person. Every method throws a UsageError naming what was
 * missing when stdin is not a TTY, so scripts fail fast instead of hanging.
 */
export interface Prompter {
  canPrompt(): boolean;
  confirm(message: string, opts: { missing: string; default?: boolean }): Promise<boolean>;
  input(message: string, opts: { missing: string; validate?: (v: string) => string | true; default?: string }): Promise<string>;
  password(message: string, opts: { missing: string; validate?: (v: string) => string | true }): Promise<string>;
  select<T>(message: string, choices: Choice<T>[], opts: { missing: string }): Promise<T>;
  checkbox<T>(message: string, choices: Choice<T>[], opts: { missing: string }): Promise<T[]>;
}

/** CI=true (any value but empty, 0 or false): never ask, even on a terminal. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Why fc will not ask: said in every "missing …" error. */
export function whyNoPrompt(io: Pick<IO, 'stdinIsTTY'>, env: NodeJS.ProcessEnv): string {
  return inCi(env) ? 'CI is set, so fc does not ask' : 'stdin is not a terminal, so fc cannot ask';
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new CancelError();
    throw err;
  }
}

/** Choices often show data (customer names, bank names): shown escaped, like every other value from data. */
function safeChoices<T>(choices: Choice<T>[]): Choice<T>[] {
  return choices.map((c) => ({ ...c, name: safeText(c.name), ...(c.description !== undefined ? { description: safeText(c.description) } : {}) }));
}

/** inquirer bound to fc's IO: prompts draw on stderr so stdout stays data. */
export function createPrompter(io: IO, env: NodeJS.ProcessEnv = {}): Prompter {
  const context = () => ({ input: io.stdin, output: io.stderr, clearPromptOnDone: false });
  const can = () => io.stdinIsTTY && !inCi(env);
  const notInteractive = (missing: string) => new UsageError(`Missing ${missing} (${whyNoPrompt(io, env)}).`);
  const prompts = () => import('@inquirer/prompts');
  return {
    canPrompt: can,
    async confirm(message, opts) {
      if (!can()) throw notInteractive(opts.missing);
      const { confirm } = await prompts();
      return guard(() => confirm({ message, default: opts.default ?? false }, context()));
    },
    async input(message, opts) {
      if (!can()) throw notInteractive(opts.missing);
      const { input } = await prompts();
      return guard(() => input({ message, validate: opts.validate, default: opts.default }, context()));
    },
    async password(message, opts) {
      if (!can()) throw notInteractive(opts.missing);
      const { password } = await prompts();
      return guard(() => password({ message, mask: '*', validate: opts.validate }, context()));
    },
    async select(message, choices, opts) {
      if (!can()) throw notInteractive(opts.missing);
      const { select } = await prompts();
      return guard(() => select({ message, choices: safeChoices(choices) }, context()));
    },
    async checkbox(message, choices, opts) {
      if (!can()) throw notInteractive(opts.missing);
      const { checkbox } = await prompts();
      return guard(() => checkbox({ message, choices: safeChoices(choices), required: true }, context()));
    },
  };
}
