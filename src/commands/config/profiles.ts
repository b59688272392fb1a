import { maskKey } from '../../io/format.js';
import { printJson, printTable } from '../../io/render.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: 'list saved profiles',
  examples: ['fc config profiles'],
  run: async (ctx, opts) => {
    const config = ctx.config();
    const current = config.currentProfile();
    const rows = Object.entries(config.profiles()).map(([name, p]) => ({
      name,
      current: name === current,
      api_key: p.apiKey ? maskKey(p.apiKey) : p.apiKeyInKeyring ? `${p.apiKeyInKeyring} (OS keyring)` : null,
      publishable_key: p.publishableKey ? maskKey(p.publishableKey) : null,
    }));
    if (opts.format === 'json') {
      printJson(ctx.io, rows);
      return;
    }
    printTable(
      ctx.io,
      ['', 'Profile', 'Key', 'Publishable key'],
      rows.map((r) => [r.current ? '*' : '', r.name, r.api_key ?? '—', r.publishable_key ?? '—']),
      'No saved profiles. Save one with: fc config login --api-key sk_test_…',
    );
  },
});
