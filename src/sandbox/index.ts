export { createSandbox, startSandbox, type RunningSandbox, type SandboxAccount, type SandboxOptions } from './server.js';
export { accountIdForKey, SandboxDb, Store } from './store.js';
export { defaultSettings, type SandboxSettings } from './context.js';
