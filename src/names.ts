/**
 * The names fc answers to. `fc` is what people type, but bash and zsh have a
 * builtin of that name (the history editor) that wins over any program on
 * PATH; `fincon` is the same program under a name no shell or common command
 * uses, and `fincon shell-init` puts `fc` back in front of the builtin.
 */
export const COMMAND = 'fc';
export const ALT_COMMAND = 'fincon';
/** Every command name the completion scripts register. */
export const COMMAND_NAMES = [COMMAND, ALT_COMMAND] as const;
/**
 * Prefix of the shell functions the scripts define: zsh ships its own `_fc`
 * (completion for the history editor), so ours must not be named after `fc`.
 */
export const FUNCTION_PREFIX = `_${ALT_COMMAND}`;
