import { join } from 'node:path';
import type { RunningSandbox, SandboxSettings } from '../sandbox/index.js';
import type { WebhookDelivery } from '../sandbox/server.js';
import { embeddedSandboxKey } from './sandbox-key.js';

function msFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function sandboxSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<SandboxSettings> {
  const s: Partial<SandboxSettings> = {};
  const refresh = msFromEnv(env, 'FC_SANDBOX_REFRESH_DELAY_MS');
  const settle = msFromEnv(env, 'FC_SANDBOX_SETTLE_DELAY_MS');
  const cooldown = msFromEnv(env, 'FC_SANDBOX_REFRESH_COOLDOWN_MS');
  if (refresh !== undefined) s.refreshDelayMs = refresh;
  if (settle !== undefined) s.settleDelayMs = settle;
  if (cooldown !== undefined) s.refreshCooldownMs = cooldown;
  return s;
}

export function sandboxDbPath(dataDir: string): string {
  return join(dataDir, 'sandbox.db');
}

/**
 * Starts the sandbox inside this fc process, on a free loopback port, over the shared store.
 * It accepts only the data folder's own key (`key`), which fc uses for every request.
 * With `webhooks` (a long-lived command), it also sends webhooks from the outbox.
 */
export async function startEmbeddedSandbox(dataDir: string, env: NodeJS.ProcessEnv, webhooks?: WebhookDelivery): Promise<RunningSandbox & { key: string }> {
  const { startSandbox } = await import('../sandbox/index.js');
  const { faultsFromEnv } = await import('../sandbox/faults.js');
  const { trafficFromEnv } = await import('../sandbox/wire/traffic.js');
  const key = embeddedSandboxKey(dataDir);
  const sandbox = await startSandbox({
    acceptKeys: [key],
    legacyOwner: key,
    dbPath: sandboxDbPath(dataDir),
    port: 0,
    host: '127.0.0.1',
    settings: sandboxSettingsFromEnv(env),
    faults: faultsFromEnv(env),
    traffic: trafficFromEnv(env),
    webhooks,
    logRequests: env.FC_SANDBOX_LOG_REQUESTS === '1',
  });
  return Object.assign(sandbox, { key });
}
