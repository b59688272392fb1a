// Turns the command table (commands/index.ts) into commander commands. Only the
// command being run is loaded: `fc customers get` reads the customers noun and
// get.ts, nothing else; help and unknown names load what they must show.
import { Argument, Command, Option } from 'commander';
import type { Context } from '../context.js';
import { examplesText, loadCommand, loadSpec, type AnyCommand, type CommandTable } from './define.js';
import { outputFormat } from './shared/output.js';

/** A flag given once per value (`-d a=1 -d b=2`); repeating it is not a mistake. */
export class RepeatableOption extends Option {
  readonly repeatable = true;
}

/** Adds `name` under `parent`, with the arguments, options, help and action its spec declares. */
export function addCommand(parent: Command, name: string, spec: AnyCommand, ctx: Context): Command {
  const cmd = parent.command(name).description(spec.description);
  for (const a of spec.args) {
    const arg = new Argument(a.name, a.description);
    if (a.choices) arg.choices(a.choices);
    cmd.addArgument(arg);
  }
  for (const o of spec.options) {
    const opt = o.repeat ? new RepeatableOption(o.flags, o.description) : new Option(o.flags, o.description);
    if (o.default !== undefined) opt.default(o.default);
    if (o.choices) opt.choices(o.choices);
    if (o.repeat) opt.argParser((value: string, previous: string[] = []) => [...previous, value]);
    cmd.addOption(opt);
  }
  const after = examplesText(spec.examples) + (spec.help ?? '');
  if (after) cmd.addHelpText('after', after);
  // commander calls an action with (...arguments, options, command); `run` takes (ctx, ...arguments,
  // options + format): an unsupported --format is refused before the command does anything.
  cmd.action(async (...input: unknown[]) => {
    const args = input.slice(0, -2);
    const options = input.at(-2) as Record<string, unknown>;
    return spec.run(ctx, ...args, { ...options, format: outputFormat(ctx, spec.formats) });
  });
  return cmd;
}

/** The first two words of argv that are not options (nor the values of the root's options). */
export function leadingOperands(program: Command, argv: readonly string[]): string[] {
  const takesValue = new Set(
    program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
  );
  const found: string[] = [];
  for (let i = 0; i < argv.length && found.length < 2; i++) {
    const a = argv[i];
    if (a === '--') return [...found, ...argv.slice(i + 1)].slice(0, 2);
    if (a.startsWith('-') && a !== '-') {
      if (takesValue.has(a)) i++;
      continue;
    }
    found.push(a);
  }
  return found;
}

/**
 * Adds the table's commands to `program`, loading what this argv needs: with
 * argv, only the command it names (or all of them for help and unknown names);
 * without, everything (the completion script and the tests see the whole tree).
 */
export async function addCommands(program: Command, table: CommandTable, ctx: Context, argv?: readonly string[]): Promise<void> {
  const [first, second] = argv ? leadingOperands(program, argv) : [];
  const { names } = table;
  let wanted = first !== undefined && names.includes(first) ? [first] : names;
  let loaded = new Map(await Promise.all(wanted.map(async (n) => [n, await loadSpec(table, `${n}/${n}`)] as const)));
  // A command that describes fc itself (the completion script) sees every command.
  if (wanted.length === 1 && [...loaded.values()].some((s) => s.kind === 'command' && s.describesProgram)) {
    wanted = names;
    loaded = new Map(await Promise.all(wanted.map(async (n) => [n, await loadSpec(table, `${n}/${n}`)] as const)));
  }
  const onlyVerb = wanted.length === 1 ? second : undefined;
  for (const name of names) {
    const spec = loaded.get(name);
    if (!spec) continue;
    if (spec.kind === 'command') {
      addCommand(program, name, spec, ctx);
      continue;
    }
    const noun = program.command(name).description(spec.description);
    const verbs = onlyVerb !== undefined && spec.verbs.includes(onlyVerb) ? [onlyVerb] : spec.verbs;
    const commands = await Promise.all(verbs.map((v) => loadCommand(table, `${name}/${v}`)));
    verbs.forEach((v, i) => addCommand(noun, v, commands[i], ctx));
    // The group's help shows one example per verb, so `fc accounts --help` is a start, not a list of names.
    const firsts = commands.map((c) => c.examples[0]).filter((e): e is string => e !== undefined);
    if (firsts.length > 1) noun.addHelpText('after', examplesText(firsts));
  }
}
