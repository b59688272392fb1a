import { argument, defineCommand } from '../define.js';
import { completionScript, SHELLS } from '../shared/completion-script.js';

export default defineCommand({
  description: 'print a shell completion script for fc and fincon (bash, zsh or fish)',
  args: [argument('<shell>', 'bash, zsh or fish', { choices: SHELLS })],
  examples: [
    'source <(fincon completion bash)          # now, in this bash',
    'fincon completion bash > ~/.local/share/bash-completion/completions/fincon',
    'fincon completion zsh > "${fpath[1]}/_fincon"',
    'fincon completion fish > ~/.config/fish/completions/fincon.fish',
  ],
  // The script is built from the command tree of this very run: it never drifts from the commands.
  describesProgram: true,
  run: async (ctx, shell) => {
    if (ctx.program) ctx.io.stdout.write(completionScript(ctx.program, shell));
  },
});
