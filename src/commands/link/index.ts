import { Option, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerLink(program: Command, ctx: Context): void {
  program
    .command('link')
    .description('link bank accounts from the terminal: serves the authentication page locally and prints the linked accounts')
    .argument('[fcsess_…]', 'an existing session (otherwise one is created from --customer and --permissions)')
    .option('--customer <cus_…>', 'the customer who will link accounts')
    .option('--customer-account <acct_…>', 'or: a v2 Account configured as a customer')
    .option('--permissions <list>', 'balances,ownership,payment_method,transactions', 'balances,ownership,payment_method,transactions')
    .option('--prefetch <list>', 'data to fetch as soon as accounts link: balances,ownership,transactions')
    .addOption(new Option('--no-open', 'print the URL instead of opening a browser'))
    .option('--port <n>', 'local port for the page (0 picks a free one)', '0')
    .option('--timeout <s>', 'seconds to wait for the flow to finish', '600')
    .addHelpText(
      'after',
      examples('fc link --customer cus_123', 'fc link fcsess_123 --no-open', 'fc link --customer cus_123 --permissions payment_method --json'),
    )
    .action(lazy(ctx, async (c, id, opts) => (await import('./link.js')).run(c, id as string | undefined, opts as never)));
}
