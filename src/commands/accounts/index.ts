import { Option, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerAccounts(program: Command, ctx: Context): void {
  const accounts = program
    .command('accounts')
    .description('linked Financial Connections accounts: list, read balances, owners and transactions, refresh, disconnect');

  accounts
    .command('list')
    .description("list a customer's or a session's linked accounts")
    .option('--customer <id>', 'customer (cus_…) or customer Account (acct_…)')
    .option('--session <fcsess_…>', 'the session the accounts were linked in')
    .option('--limit <n>', 'how many to show (1-100)', '10')
    .option('--all', 'page through every account')
    .addHelpText('after', examples('fc accounts list --customer cus_123', 'fc accounts list --session fcsess_123 --json'))
    .action(lazy(ctx, async (c, opts) => (await import('./list.js')).run(c, opts as never)));

  accounts
    .command('get')
    .description('show one linked account')
    .argument('<fca_…>', 'Financial Connections account id')
    .addHelpText('after', examples('fc accounts get fca_123', 'fc accounts get fca_123 --json'))
    .action(lazy(ctx, async (c, id) => (await import('./get.js')).run(c, id as string)));

  accounts
    .command('balance')
    .description("show an account's balance (current, available or used), as of its last refresh")
    .argument('<fca_…>', 'Financial Connections account id')
    .option('--refresh', 'refresh the balance first and wait for it')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText('after', examples('fc accounts balance fca_123', 'fc accounts balance fca_123 --refresh --json'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./balance.js')).run(c, id as string, opts as never)));

  accounts
    .command('ownership')
    .description("show an account's owners: name, email, phone, address")
    .argument('<fca_…>', 'Financial Connections account id')
    .option('--refresh', 'refresh ownership first and wait for it')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText('after', examples('fc accounts ownership fca_123', 'fc accounts ownership fca_123 --refresh --json'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./ownership.js')).run(c, id as string, opts as never)));

  accounts
    .command('transactions')
    .description("list an account's transactions, newest first (table, --json or --format csv)")
    .argument('<fca_…>', 'Financial Connections account id')
    .option('--since <date>', 'first day to include (YYYY-MM-DD, your time zone)')
    .option('--until <date>', 'last day to include (YYYY-MM-DD, your time zone)')
    .option('--status <list>', 'only these statuses: pending,posted,void')
    .option('--limit <n>', 'how many to show (1-100)', '10')
    .option('--all', 'page through every transaction')
    .option('--refresh', 'refresh transactions first and wait for it')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText(
      'after',
      examples(
        'fc accounts transactions fca_123 --limit 20',
        'fc accounts transactions fca_123 --all --format csv > transactions.csv',
        'fc accounts transactions fca_123 --since 2026-01-01 --until 2026-01-31 --status posted',
      ),
    )
    .action(lazy(ctx, async (c, id, opts) => (await import('./transactions.js')).run(c, id as string, opts as never)));

  accounts
    .command('refresh')
    .description('refresh balance, ownership and/or transactions and wait until each finishes')
    .argument('[fca_…]', 'Financial Connections account id (or --customer with --all)')
    .option('--features <list>', 'what to refresh: balance,ownership,transactions')
    .option('--customer <id>', "with --all: every account of this customer (cus_… or acct_…)")
    .option('--all', "refresh every account of --customer")
    .option('--concurrency <n>', 'accounts refreshed at once with --all', '8')
    .addOption(new Option('--no-wait', 'start the refreshes and return at once'))
    .option('--timeout <s>', 'seconds to wait for the refreshes', '60')
    .addHelpText(
      'after',
      examples(
        'fc accounts refresh fca_123 --features balance,ownership,transactions',
        'fc accounts refresh fca_123 --features balance --no-wait --json',
        'fc accounts refresh --customer cus_123 --all --features balance',
      ),
    )
    .action(lazy(ctx, async (c, id, opts) => (await import('./refresh.js')).run(c, id as string | undefined, opts as never)));

  accounts
    .command('subscribe')
    .description('subscribe to daily transaction refreshes (starts one now)')
    .argument('<fca_…>', 'Financial Connections account id')
    .addHelpText('after', examples('fc accounts subscribe fca_123'))
    .action(lazy(ctx, async (c, id) => (await import('./subscribe.js')).run(c, id as string, 'subscribe')));

  accounts
    .command('unsubscribe')
    .description('stop daily transaction refreshes')
    .argument('<fca_…>', 'Financial Connections account id')
    .addHelpText('after', examples('fc accounts unsubscribe fca_123'))
    .action(lazy(ctx, async (c, id) => (await import('./subscribe.js')).run(c, id as string, 'unsubscribe')));

  accounts
    .command('disconnect')
    .description('disconnect an account: its data can no longer be read or refreshed (asks first)')
    .argument('<fca_…>', 'Financial Connections account id')
    .addHelpText('after', examples('fc accounts disconnect fca_123', 'fc accounts disconnect fca_123 --yes'))
    .action(lazy(ctx, async (c, id) => (await import('./disconnect.js')).run(c, id as string)));
}
