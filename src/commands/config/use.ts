import { loadConfWriter } from '../../config/store.js';
import { UsageError } from '../../errors.js';
import { argument, defineCommand } from '../define.js';

export default defineCommand({
  description: 'make a saved profile the default',
  args: [argument('[profile]', 'profile name (asked for on a terminal when left out)')],
  examples: ['fc config use staging'],
  run: async (ctx, given) => {
    const config = ctx.config();
    const known = Object.keys(config.profiles());
    if (given === undefined && known.length === 0) throw new UsageError('There are no saved profiles yet.', 'Save one with: fc config login --api-key sk_test_…');
    const name =
      given ??
      (await ctx.prompter.select(
        'Which profile should be the default?',
        known.map((k) => ({ name: k === config.currentProfile() ? `${k} (current)` : k, value: k })),
        { missing: '<profile>: the profile to make the default' },
      ));
    if (!config.profile(name)) {
      throw new UsageError(`<profile> "${name.slice(0, 40)}" does not exist${known.length ? `; saved profiles: ${known.join(', ')}` : ''}.`);
    }
    await loadConfWriter();
    config.setCurrentProfile(name);
    ctx.io.err(`Profile '${name}' is now the default.`);
  },
});
