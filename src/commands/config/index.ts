import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerConfig(program: Command, ctx: Context): void {
  const config = program.command('config').description('saved keys and profiles');

  config
    .command('login')
    .description('save a test key (and publishable key) in a profile; uses the global --api-key and --profile')
    .option('--publishable-key <pk>', 'publishable key (pk_test_…), used by fc link with a real key')
    .addHelpText(
      'after',
      `${examples(
        'fc config login --api-key sk_test_123 --publishable-key pk_test_456',
        'fc config login --profile staging --api-key sk_test_789',
      )}
Live keys are never written to a file: pass them through STRIPE_API_KEY instead.
`,
    )
    .action(lazy(ctx, async (c, opts) => (await import('./login.js')).run(c, opts as never)));

  config
    .command('show')
    .description('show the active profile and where its key comes from (keys masked)')
    .addHelpText('after', examples('fc config show', 'fc config show --json'))
    .action(lazy(ctx, async (c) => (await import('./show.js')).run(c)));

  config
    .command('profiles')
    .description('list saved profiles')
    .addHelpText('after', examples('fc config profiles'))
    .action(lazy(ctx, async (c) => (await import('./profiles.js')).runProfiles(c)));

  config
    .command('use')
    .description('make a saved profile the default')
    .argument('<profile>', 'profile name')
    .addHelpText('after', examples('fc config use staging'))
    .action(lazy(ctx, async (c, name) => (await import('./profiles.js')).runUse(c, name as string)));
}
