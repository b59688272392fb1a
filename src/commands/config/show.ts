import { maskKey } from '../../io/format.js';
import { printDetails, printJson } from '../../io/render.js';
import { defineCommand } from '../define.js';

const SOURCES = {
  flag: '--api-key',
  env: 'STRIPE_API_KEY',
  profile: 'profile',
  keyring: 'the OS keyring',
  none: 'none: the embedded sandbox',
} as const;

export default defineCommand({
  description: 'show the active profile and where its key comes from (keys masked)',
  examples: ['fc config show', 'fc config show --json'],
  run: async (ctx, opts) => {
    const name = ctx.profileName();
    const profile = ctx.config().profile(name);
    const target = ctx.target();
    ctx.announceTarget();
    const view = {
      profile: name,
      config_path: ctx.config().path,
      data_dir: ctx.paths.data,
      api_key: profile?.apiKey ? maskKey(profile.apiKey) : profile?.apiKeyInKeyring ? `${profile.apiKeyInKeyring} (OS keyring)` : null,
      publishable_key: profile?.publishableKey ? maskKey(profile.publishableKey) : null,
      active_key: target.keySource === 'none' ? null : target.keySource === 'keyring' ? (profile?.apiKeyInKeyring ?? null) : maskKey(target.key),
      active_key_source: SOURCES[target.keySource],
      target: target.kind === 'stripe' ? 'api.stripe.com' : target.kind === 'sandbox' ? 'embedded sandbox' : target.apiBase!.origin,
      mode: target.live ? 'live' : 'test',
    };
    if (opts.format === 'json') {
      printJson(ctx.io, view);
      return;
    }
    printDetails(ctx.io, `Profile ${name}`, [
      ['Saved key', view.api_key],
      ['Publishable key', view.publishable_key],
      ['Key in use', view.active_key ? `${view.active_key} (from ${view.active_key_source})` : view.active_key_source],
      ['API', view.target],
      ['Mode', view.mode],
      ['Config file', view.config_path],
      ['Data folder', view.data_dir],
    ]);
  },
});
