// Every top-level command of fc, in --help order. A noun's index.ts lists its
// verbs; a verb's file is named after it (`fc accounts list` → accounts/list.ts).
// Each is loaded only when it runs, or when help shows it.
import type { CommandTable } from './tree.js';

export const COMMANDS: CommandTable = {
  customers: () => import('./customers/index.js'),
  sessions: () => import('./sessions/index.js'),
  link: () => import('./link/link.js'),
  accounts: () => import('./accounts/index.js'),
  pay: () => import('./pay/pay.js'),
  payments: () => import('./payments/index.js'),
  doctor: () => import('./doctor/doctor.js'),
  events: () => import('./events/index.js'),
  listen: () => import('./listen/listen.js'),
  trigger: () => import('./trigger/trigger.js'),
  demo: () => import('./demo/demo.js'),
  config: () => import('./config/index.js'),
  sandbox: () => import('./sandbox/index.js'),
  completion: () => import('./completion/completion.js'),
  'shell-init': () => import('./shell-init/shell-init.js'),
  api: () => import('./api/api.js'),
};
