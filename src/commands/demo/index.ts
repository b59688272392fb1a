import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerDemo(program: Command, ctx: Context): void {
  program
    .command('demo')
    .description('the whole flow on the sandbox, narrated: customer → session → linked accounts → data → $1.00 ACH debit → succeeded')
    .option('--keep', "use fc's own sandbox data instead of a throwaway one, so the demo's objects stay")
    .addHelpText('after', examples('fc demo', 'fc demo --keep'))
    .action(lazy(ctx, async (c, opts) => (await import('./demo.js')).run(c, opts as never)));
}
