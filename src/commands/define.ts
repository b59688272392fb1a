// The shape of a command. A verb file declares its arguments, options and `run`
// together with `defineCommand`; the types of `run`'s parameters are computed from
// the flag strings themselves, so a misspelt option or a missing argument is a
// compile error rather than an `undefined` at run time. This module is types and
// three small functions: verb files and the command table may import it, and it
// imports no command.
import type { Context } from '../context.js';
import { printJson } from '../io/render.js';
import type { OutputFormat } from './shared/output.js';

// ---- options -------------------------------------------------------------------

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
/** '-v, --version' → '--version' */
type LongFlag<F extends string> = F extends `${string}, ${infer L}` ? L : F;
/** '--customer-account <acct_…>' → 'customer-account' */
type FlagName<F extends string> =
  LongFlag<F> extends `--${infer N} ${string}` ? N : LongFlag<F> extends `--${infer N}` ? N : never;
/** The property commander stores the option under: '--no-wait' → 'wait', '--return-url' → 'returnUrl'. */
export type OptionKey<F extends string> = FlagName<F> extends `no-${infer N}` ? Camel<N> : Camel<FlagName<F>>;
type RawValue<F extends string, C extends string> = F extends `${string}...>` | `${string}...]`
  ? C[]
  : F extends `${string}<${string}>`
    ? C
    : F extends `${string}[${string}]`
      ? C | true
      : boolean;
/** What `run` receives for a flag: a negated flag is always a boolean; a flag with a default always has a value. */
export type OptionValue<F extends string, D, C extends string = string> =
  FlagName<F> extends `no-${string}` ? boolean : D extends string ? RawValue<F, C> : RawValue<F, C> | undefined;

export interface OptionSpec<
  F extends string = string,
  D extends string | undefined = string | undefined,
  C extends string = string,
  R extends boolean = boolean,
> {
  readonly flags: F;
  readonly description: string;
  readonly default: D;
  readonly choices?: readonly C[];
  /** Given once per value (`-d a=1 -d b=2`): run receives every value, in order. */
  readonly repeat: R;
}

/**
 * `option('--limit <n>', 'how many', { default: '10' })`; `--no-x` negates;
 * `{ repeat: true }` collects every use of the flag into an array.
 */
export function option<
  const F extends string,
  const D extends string | undefined = undefined,
  const C extends string = string,
  const R extends boolean = false,
>(flags: F, description: string, extra: { default?: D; choices?: readonly C[]; repeat?: R } = {}): OptionSpec<F, D, C, R> {
  return { flags, description, default: extra.default as D, choices: extra.choices, repeat: (extra.repeat ?? false) as R };
}

export type OptionsOf<O extends readonly OptionSpec[]> = {
  -readonly [S in O[number] as OptionKey<S['flags']>]: S extends OptionSpec<infer F, infer D, infer C, infer R>
    ? [R] extends [true]
      ? C[] | undefined
      : OptionValue<F, D, C>
    : never;
};

// ---- arguments -----------------------------------------------------------------

export interface ArgumentSpec<N extends string = string, C extends string = string> {
  readonly name: N;
  readonly description: string;
  readonly choices?: readonly C[];
}

/** `argument('<pi_…>', …)` is required, `argument('[fca_…]', …)` may be left out, `<x...>` takes the rest. */
export function argument<const N extends string, const C extends string = string>(
  name: N,
  description: string,
  extra: { choices?: readonly C[] } = {},
): ArgumentSpec<N, C> {
  return { name, description, choices: extra.choices };
}

type ArgumentValue<A> = A extends ArgumentSpec<infer N, infer C>
  ? N extends `${string}...>` | `${string}...]`
    ? C[]
    : N extends `<${string}>`
      ? C
      : C | undefined
  : never;

export type ArgumentsOf<A extends readonly ArgumentSpec[]> = { -readonly [I in keyof A]: ArgumentValue<A[I]> };

// ---- commands ------------------------------------------------------------------

/**
 * What `run` is called with: the context, each argument in order, then the options,
 * with `format` (from --json / --format) already checked against the command's formats.
 */
export type RunInput<A extends readonly ArgumentSpec[], O extends readonly OptionSpec[], F extends OutputFormat = OutputFormat> = [
  ...ArgumentsOf<A>,
  RunOptions<O, F>,
];
export type RunOptions<O extends readonly OptionSpec[], F extends OutputFormat> = OptionsOf<O> & { readonly format: F };

export interface CommandSpec<
  A extends readonly ArgumentSpec[] = readonly ArgumentSpec[],
  O extends readonly OptionSpec[] = readonly OptionSpec[],
  F extends OutputFormat = OutputFormat,
> {
  readonly kind: 'command';
  readonly description: string;
  readonly args: A;
  readonly options: O;
  /** What it can print: a table for people, and JSON; CSV too where the output is a list. */
  readonly formats: readonly F[];
  /** Shown under "Examples:" in --help, each after `$ `. */
  readonly examples: readonly string[];
  /** More help text, after the examples. */
  readonly help?: string;
  /** The command describes fc itself (the completion script): every command is loaded before it runs, as `ctx.program`. */
  readonly describesProgram?: boolean;
  run(ctx: Context, ...input: RunInput<A, O, F>): Promise<void>;
}

/** Any command, its argument and option types forgotten: what the command table holds. */
export interface AnyCommand {
  readonly kind: 'command';
  readonly description: string;
  readonly args: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  readonly formats: readonly OutputFormat[];
  readonly examples: readonly string[];
  readonly help?: string;
  readonly describesProgram?: boolean;
  run(ctx: Context, ...input: unknown[]): Promise<void>;
}

export interface CommandInput<A extends readonly ArgumentSpec[], O extends readonly OptionSpec[], F extends OutputFormat, R> {
  description: string;
  args?: A;
  options?: O;
  /** Default: table and json. */
  formats?: readonly F[];
  examples?: readonly string[];
  help?: string;
  describesProgram?: boolean;
  /** Does the work. With `render`, what it returns is the result: --json prints it as it is. */
  run: (ctx: Context, ...input: RunInput<A, O, F>) => Promise<R>;
  /** Shows the result to people (any format but json). */
  render?: (ctx: Context, result: R, opts: RunOptions<O, F>) => void | Promise<void>;
}

export function defineCommand<
  const A extends readonly ArgumentSpec[] = [],
  const O extends readonly OptionSpec[] = [],
  const F extends OutputFormat = 'table' | 'json',
  R = void,
>(spec: CommandInput<A, O, F, R>): CommandSpec<A, O, F> {
  const { render } = spec;
  return {
    kind: 'command',
    description: spec.description,
    args: spec.args ?? ([] as unknown as A),
    options: spec.options ?? ([] as unknown as O),
    formats: spec.formats ?? (['table', 'json'] as readonly OutputFormat[] as readonly F[]),
    examples: spec.examples ?? [],
    help: spec.help,
    describesProgram: spec.describesProgram,
    run: async (ctx, ...input) => {
      const result = await spec.run(ctx, ...input);
      if (!render) return;
      const opts = input[input.length - 1] as RunOptions<O, F>;
      if (opts.format === 'json') printJson(ctx.io, result);
      else await render(ctx, result, opts);
    },
  };
}

/** A noun (`fc accounts …`): a description and its verbs in --help order; each verb's file is named after it. */
export interface NounSpec {
  readonly kind: 'noun';
  readonly description: string;
  readonly verbs: readonly string[];
}

export function defineNoun(description: string, verbs: readonly string[]): NounSpec {
  return { kind: 'noun', description, verbs };
}

/**
 * Every top-level command in --help order, and how to load a command's file:
 * `fc X` is X/X.ts, `fc X Y` is X/Y.ts (both given as 'X/X', 'X/Y').
 */
export interface CommandTable {
  readonly names: readonly string[];
  load(path: string): Promise<unknown>;
}

const isSpec = (m: unknown): m is { default: NounSpec | AnyCommand } => {
  const kind = (m as { default?: { kind?: unknown } } | undefined)?.default?.kind;
  return kind === 'noun' || kind === 'command';
};

/** The spec a command file exports; a file without one is a bug in fc, said with its name. */
export async function loadSpec(table: CommandTable, path: string): Promise<NounSpec | AnyCommand> {
  const m = await table.load(path);
  if (!isSpec(m)) throw new Error(`src/commands/${path}.ts does not export a command (defineCommand or defineNoun).`);
  return m.default;
}

export async function loadCommand(table: CommandTable, path: string): Promise<AnyCommand> {
  const spec = await loadSpec(table, path);
  if (spec.kind !== 'command') throw new Error(`src/commands/${path}.ts is a noun where a command was expected.`);
  return spec;
}

/** Text appended to a command's --help. */
export function examplesText(lines: readonly string[]): string {
  return lines.length ? `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n` : '';
}
