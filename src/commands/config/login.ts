import { isLiveKey } from '../../api/target.js';
import { loadConfWriter } from '../../config/store.js';
import { UsageError } from '../../errors.js';
import { maskKey } from '../../io/format.js';
import { printJson } from '../../io/render.js';
import { defineCommand, option } from '../define.js';

const SECRET = /^(sk|rk)_(test|live)_[A-Za-z0-9_]{1,250}$/;
const PUBLISHABLE = /^pk_(test|live)_[A-Za-z0-9_]{1,250}$/;
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

function checkSecret(key: string): string {
  if (!SECRET.test(key)) return 'must be a secret or restricted key (sk_test_…, rk_test_…, sk_live_… or rk_live_…)';
  return '';
}

export default defineCommand({
  description: 'save a test key (and publishable key) in a profile; uses the global --api-key and --profile',
  options: [
    option('--publishable-key <pk>', 'publishable key (pk_test_…), used by fc link with a real key'),
  ],
  examples: [
    'fc config login --api-key sk_test_123 --publishable-key pk_test_456',
    'fc config login --profile staging --api-key sk_test_789',
  ],
  help: `
Live keys are never written to a file: pass them through STRIPE_API_KEY instead.
`,
  run: async (ctx, opts) => {
    const profileName = ctx.globals.profile ?? ctx.env.FC_PROFILE ?? ctx.config().currentProfile();
    if (!PROFILE_NAME.test(profileName)) throw new UsageError(`--profile must be letters, digits, - or _ (at most 40), got "${profileName.slice(0, 40)}".`);
    let key = ctx.globals.apiKey;
    if (key === undefined) {
      key = await ctx.prompter.password('Stripe secret key (sk_test_…)', {
        missing: '--api-key',
        validate: (v) => checkSecret(v.trim()) || true,
      });
      key = key.trim();
    }
    const problem = checkSecret(key);
    if (problem) throw new UsageError(`--api-key ${problem}.`);
    if (opts.publishableKey !== undefined) {
      if (!PUBLISHABLE.test(opts.publishableKey)) throw new UsageError('--publishable-key must be a publishable key (pk_test_…).');
      if (opts.publishableKey.startsWith('pk_live_')) throw new UsageError('--publishable-key must be a test key (pk_test_…) to go with a test secret key.');
    }
    // A live key goes to the OS keyring or nowhere: never into a plain file.
    const live = isLiveKey(key);
    if (live && !(await ctx.vault.store(profileName, key))) {
      throw new UsageError(
        '--api-key is a live key, and live keys are never saved to a file: no OS keyring is available here, so pass it through the STRIPE_API_KEY environment variable instead.',
      );
    }
    await loadConfWriter();
    const config = ctx.config();
    const existing = config.profile(profileName) ?? {};
    const isFirst = Object.keys(config.profiles()).length === 0;
    const { apiKey: _oldKey, apiKeyInKeyring: _oldRef, ...rest } = existing;
    config.setProfile(profileName, {
      ...rest,
      ...(live ? { apiKeyInKeyring: maskKey(key) } : { apiKey: key }),
      ...(opts.publishableKey ? { publishableKey: opts.publishableKey } : {}),
    });
    if (isFirst) config.setCurrentProfile(profileName);
    const summary = {
      profile: profileName,
      api_key: maskKey(key),
      publishable_key: opts.publishableKey ? maskKey(opts.publishableKey) : existing.publishableKey ? maskKey(existing.publishableKey) : null,
      path: config.path,
    };
    if (opts.format === 'json') printJson(ctx.io, summary);
    else if (live) ctx.io.out(`Saved ${summary.api_key} for profile '${profileName}' in the OS keyring (not in ${config.path}).`);
    else ctx.io.out(`Saved ${summary.api_key} in profile '${profileName}' (${config.path}).`);
  },
});
