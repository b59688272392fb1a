// Every top-level command of fc, in --help order. `fc X` is X/X.ts (for a noun,
// the list of its verbs); `fc X Y` is X/Y.ts. A file is loaded only when its
// command runs, or when help shows it: esbuild bundles every file this import can
// name (scripts/build.mjs lists them), and tests load the sources, the path resolved
// when the command runs (so vite is told not to analyse it).
import type { CommandTable } from './define.js';

export const COMMANDS: CommandTable = {
  names: ['customers', 'sessions', 'link', 'accounts', 'pay', 'payments', 'doctor', 'events', 'listen', 'trigger', 'demo', 'config', 'sandbox', 'completion', 'shell-init', 'api'],
  load: (path) => import(/* @vite-ignore */ `./${path}.ts`),
};
