import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { completionScript, type Shell } from './generate.js';

export async function run(ctx: Context, program: Command, shell: Shell): Promise<void> {
  ctx.io.stdout.write(completionScript(program, shell));
}
