import { Argument, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

const shells = () => new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']);

export function registerCompletion(program: Command, ctx: Context): void {
  program
    .command('completion')
    .description('print a shell completion script for fc and fincon (bash, zsh or fish)')
    .addArgument(shells())
    .addHelpText(
      'after',
      examples(
        'source <(fincon completion bash)          # now, in this bash',
        'fincon completion bash > ~/.local/share/bash-completion/completions/fincon',
        'fincon completion zsh > "${fpath[1]}/_fincon"',
        'fincon completion fish > ~/.config/fish/completions/fincon.fish',
      ),
    )
    // The script is built from the program tree this very run has: it never drifts from the commands.
    .action(lazy(ctx, async (c, shell) => (await import('./run.js')).run(c, program, shell as 'bash' | 'zsh' | 'fish')));

  program
    .command('shell-init')
    .description('print the shell set-up that makes `fc` run this tool in bash and zsh (where fc is a builtin), with completion')
    .addArgument(shells())
    .addHelpText(
      'after',
      examples(
        'eval "$(fincon shell-init bash)"          # in ~/.bashrc',
        'eval "$(fincon shell-init zsh)"           # in ~/.zshrc',
        'fincon shell-init fish | source           # in ~/.config/fish/config.fish',
        'builtin fc -l                             # the shell\'s history editor, still there',
      ),
    )
    .action(lazy(ctx, async (c, shell) => (await import('./run.js')).runShellInit(c, program, shell as 'bash' | 'zsh' | 'fish')));
}
