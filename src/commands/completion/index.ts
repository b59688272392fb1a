import { Argument, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerCompletion(program: Command, ctx: Context): void {
  program
    .command('completion')
    .description('print a shell completion script for fc (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      examples(
        'source <(fc completion bash)          # now, in this bash',
        'fc completion bash > ~/.local/share/bash-completion/completions/fc',
        'fc completion zsh > "${fpath[1]}/_fc"',
        'fc completion fish > ~/.config/fish/completions/fc.fish',
      ),
    )
    // The script is built from the program tree this very run has: it never drifts from the commands.
    .action(lazy(ctx, async (c, shell) => (await import('./run.js')).run(c, program, shell as 'bash' | 'zsh' | 'fish')));
}
