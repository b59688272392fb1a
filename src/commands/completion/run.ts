import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { completionScript, type Shell } from './generate.js';
import { runnerFor, shellInitScript } from './shell-init.js';

export async function run(ctx: Context, program: Command, shell: Shell): Promise<void> {
  ctx.io.stdout.write(completionScript(program, shell));
}

/** bin/fc.js leaves its own path here, for a shell function that must reach it by path. */
const BIN = Symbol.for('fc.bin');

export async function runShellInit(ctx: Context, program: Command, shell: Shell): Promise<void> {
  const bin = (globalThis as Record<symbol, unknown>)[BIN];
  const runner = runnerFor(ctx.env.PATH, typeof bin === 'string' ? bin : undefined);
  ctx.io.stdout.write(shellInitScript(program, shell, runner));
}
