export { createSandbox, startSandbox, type RunningSandbox, type SandboxOptions } from './server.js';
export { Store } from './store.js';
export { defaultSettings, type SandboxSettings } from './context.js';
