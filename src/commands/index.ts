// Every top-level command of fc, in --help order. A noun's index.ts lists its
// verbs; a verb's file is named after it (`fc accounts list` → accounts/list.ts).
// Each is loaded only when it runs, or when help shows it.
import type { CommandTable } from './tree.js';

export const COMMANDS: CommandTable = {
  customers: () => import('./customers/index.js'),
  payments: () => import('./payments/index.js'),
  sessions: () => import('./sessions/index.js'),
  events: () => import('./events/index.js'),
  config: () => import('./config/index.js'),
  sandbox: () => import('./sandbox/index.js'),
  accounts: () => import('./accounts/index.js'),
  listen: () => import('./listen/listen.js'),
  trigger: () => import('./trigger/trigger.js'),
  pay: () => import('./pay/pay.js'),
  link: () => import('./link/link.js'),
  demo: () => import('./demo/demo.js'),
  doctor: () => import('./doctor/doctor.js'),
  api: () => import('./api/api.js'),
};
