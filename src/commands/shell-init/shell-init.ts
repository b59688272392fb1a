import { argument, defineCommand } from '../define.js';
import { SHELLS } from '../shared/completion-script.js';
import { runnerFor, shellInitScript } from '../shared/shell-init-script.js';

/** bin/fc.js leaves its own path here, for a shell function that must reach it by path. */
const BIN = Symbol.for('fc.bin');

export default defineCommand({
  description: 'print the shell set-up that makes `fc` run this tool in bash and zsh (where fc is a builtin), with completion',
  args: [argument('<shell>', 'bash, zsh or fish', { choices: SHELLS })],
  examples: [
    'eval "$(fincon shell-init bash)"          # in ~/.bashrc',
    'eval "$(fincon shell-init zsh)"           # in ~/.zshrc',
    'fincon shell-init fish | source           # in ~/.config/fish/config.fish',
    'builtin fc -l                             # the shell\'s history editor, still there',
  ],
  describesProgram: true,
  run: async (ctx, shell) => {
    const bin = (globalThis as Record<symbol, unknown>)[BIN];
    const runner = runnerFor(ctx.env.PATH, typeof bin === 'string' ? bin : undefined);
    if (ctx.program) ctx.io.stdout.write(shellInitScript(ctx.program, shell, runner));
  },
});
