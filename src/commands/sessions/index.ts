import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerSessions(program: Command, ctx: Context): void {
  const sessions = program.command('sessions').description('Financial Connections Sessions: the start of linking a bank account');

  sessions
    .command('create')
    .description('create a session and print it (or only its client_secret)')
    .option('--customer <cus_…>', 'the customer who will link accounts')
    .option('--customer-account <acct_…>', 'or: a v2 Account configured as a customer')
    .option('--permissions <list>', 'data to request: balances,ownership,payment_method,transactions')
    .option('--prefetch <list>', 'data to fetch as soon as accounts link: balances,ownership,transactions')
    .option('--country <code>', 'only institutions in this country (e.g. US)')
    .option('--account-subcategories <list>', 'only these account types: checking,savings,mortgage,line_of_credit,credit_card')
    .option('--return-url <url>', 'where to send the user after an OAuth redirect')
    .option('--client-secret-only', 'print only the client_secret, for piping')
    .option('--idempotency-key <key>', 'your own Idempotency-Key (fc otherwise makes one that survives a re-run after a lost answer)')
    .addHelpText(
      'after',
      examples(
        'fc sessions create --customer cus_123 --permissions balances,ownership,payment_method,transactions --prefetch balances',
        'fc sessions create --customer cus_123 --permissions payment_method --client-secret-only',
      ),
    )
    .action(lazy(ctx, async (c, opts) => (await import('./create.js')).run(c, opts as never)));

  sessions
    .command('get')
    .description('show a session and the accounts linked in it')
    .argument('<fcsess_…>', 'session id')
    .addHelpText('after', examples('fc sessions get fcsess_123', 'fc sessions get fcsess_123 --json'))
    .action(lazy(ctx, async (c, id) => (await import('./get.js')).run(c, id as string)));
}
