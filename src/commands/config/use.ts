import { loadConfWriter } from '../../config/store.js';
import { UsageError } from '../../errors.js';
import { argument, defineCommand } from '../define.js';

export default defineCommand({
  description: 'make a saved profile the default',
  args: [argument('<profile>', 'profile name')],
  examples: ['fc config use staging'],
  run: async (ctx, name) => {
    const config = ctx.config();
    if (!config.profile(name)) {
      const known = Object.keys(config.profiles());
      throw new UsageError(`<profile> "${name.slice(0, 40)}" does not exist${known.length ? `; saved profiles: ${known.join(', ')}` : ''}.`);
    }
    await loadConfWriter();
    config.setCurrentProfile(name);
    ctx.io.err(`Profile '${name}' is now the default.`);
  },
});
