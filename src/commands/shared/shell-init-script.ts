import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command } from 'commander';
import { ALT_COMMAND, COMMAND } from '../../names.js';
import { completionScript, type Shell } from './completion-script.js';

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * How the `fc` function reaches this program: by its unshadowed name when that
 * is on PATH (an `npm link` or global install), else by the absolute path of
 * the script that is running now (`npx fincon shell-init bash` in a clone).
 */
export function runnerFor(path: string | undefined, binPath: string | undefined): string {
  for (const dir of (path ?? '').split(delimiter)) {
    // npx puts node_modules/.bin folders (its own cache's too) first on the PATH it runs us with;
    // the shell that evaluates the set-up does not have them, so a fincon found there is unreachable.
    if (!dir || /[\\/]node_modules[\\/]\.bin[\\/]?$/.test(dir)) continue;
    try {
      accessSync(join(dir, ALT_COMMAND), constants.X_OK);
      return `command ${ALT_COMMAND}`;
    } catch {
      // not in this folder
    }
  }
  return binPath ? sq(binPath) : `command ${ALT_COMMAND}`;
}

/**
 * The one line a user puts in their shell's start-up file. In bash and zsh a
 * function outranks the `fc` builtin (a program on PATH never does), so `fc`
 * becomes this tool while `builtin fc` still opens the history editor; fish has
 * no such builtin and only needs completion.
 */
export function shellInitScript(program: Command, shell: Shell, runner: string): string {
  const completion = completionScript(program, shell);
  const header = (rc: string) =>
    `# ${COMMAND} for ${shell}, printed by \`${ALT_COMMAND} shell-init ${shell}\`. In ${rc}:\n#   eval "$(${ALT_COMMAND} shell-init ${shell})"\n`;
  if (shell === 'bash') {
    return `${header('~/.bashrc')}# bash's own fc (the history editor) stays reachable as \`builtin fc\`.
${COMMAND}() { ${runner} "$@"; }
${completion}`;
  }
  if (shell === 'zsh') {
    return `${header('~/.zshrc')}# zsh's own fc (the history editor) stays reachable as \`builtin fc\`.
${COMMAND}() { ${runner} "$@"; }
# compdef comes with zsh's completion system; start it if this shell has not.
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -i; }
${completion}`;
  }
  return `# ${COMMAND} for fish, printed by \`${ALT_COMMAND} shell-init fish\`. In ~/.config/fish/config.fish:
#   ${ALT_COMMAND} shell-init fish | source
# fish has no fc builtin, so only completion is needed.
${completion}`;
}
