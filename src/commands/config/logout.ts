import { loadConfWriter } from '../../config/store.js';
import { UsageError } from '../../errors.js';
import { maskKey } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { confirmAction } from '../shared/confirm.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: "forget a saved profile and its keys (the OS keyring's copy of a live key too); uses the global --profile",
  examples: ['fc config logout', 'fc config logout --profile staging --yes'],
  help: `
Asks first on a terminal; scripts pass --yes. STRIPE_API_KEY in the environment is not touched.
`,
  run: async (ctx, opts) => {
    const config = ctx.config();
    const name = ctx.globals.profile ?? ctx.env.FC_PROFILE ?? config.currentProfile();
    const profile = config.profile(name);
    if (!profile) {
      const known = Object.keys(config.profiles());
      throw new UsageError(
        `There is no saved profile '${name.slice(0, 40)}' to log out of${known.length ? `; saved profiles: ${known.join(', ')} (pick one with --profile)` : ''}.`,
      );
    }
    const key = profile.apiKey ? maskKey(profile.apiKey) : (profile.apiKeyInKeyring ?? 'no key');
    await confirmAction(ctx, `Forget profile '${name}' and its key (${key})?`);
    if (profile.apiKeyInKeyring) await ctx.vault.remove?.(name);
    await loadConfWriter();
    config.removeProfile(name);
    if (opts.format === 'json') printJson(ctx.io, { profile: name, removed: true });
    else ctx.io.err(`Logged out: profile '${name}' and its key (${key}) are forgotten.${ctx.env.STRIPE_API_KEY ? ' STRIPE_API_KEY is still set in your environment.' : ''}`);
  },
});
