import { loadConfWriter } from '../../config/store.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { maskKey } from '../../io/format.js';
import { printJson, printTable } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';

export async function runProfiles(ctx: Context): Promise<void> {
  const format = outputFormat(ctx);
  const config = ctx.config();
  const current = config.currentProfile();
  const rows = Object.entries(config.profiles()).map(([name, p]) => ({
    name,
    current: name === current,
    api_key: p.apiKey ? maskKey(p.apiKey) : p.apiKeyInKeyring ? `${p.apiKeyInKeyring} (OS keyring)` : null,
    publishable_key: p.publishableKey ? maskKey(p.publishableKey) : null,
  }));
  if (format === 'json') {
    printJson(ctx.io, rows);
    return;
  }
  printTable(
    ctx.io,
    ['', 'Profile', 'Key', 'Publishable key'],
    rows.map((r) => [r.current ? '*' : '', r.name, r.api_key ?? '—', r.publishable_key ?? '—']),
    'No saved profiles. Save one with: fc config login --api-key sk_test_…',
  );
}

export async function runUse(ctx: Context, name: string): Promise<void> {
  const config = ctx.config();
  if (!config.profile(name)) {
    const known = Object.keys(config.profiles());
    throw new UsageError(`<profile> "${name.slice(0, 40)}" does not exist${known.length ? `; saved profiles: ${known.join(', ')}` : ''}.`);
  }
  await loadConfWriter();
  config.setCurrentProfile(name);
  ctx.io.err(`Profile '${name}' is now the default.`);
}
