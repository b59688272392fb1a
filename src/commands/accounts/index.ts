import { Option, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

/** The account id given, or (on a terminal) one chosen from a customer's accounts; loaded only when needed. */
async function pickId(ctx: Context, id: unknown): Promise<string> {
  if (typeof id === 'string') return id;
  return (await import('../shared/pick.js')).pickAccount(ctx);
}

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
    .argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')
    .addHelpText('after', examples('fc accounts get fca_123', 'fc accounts get fca_123 --json'))
    .action(lazy(ctx, async (c, id) => (await import('./get.js')).run(c, await pickId(c, id))));

  accounts
    .command('balance')
    .description("show an account's balance (current, available or used), as of its last refresh")
    .argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')
    .option('--refresh', 'refresh the balance first and wait for it')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText('after', examples('fc accounts balance fca_123', 'fc accounts balance fca_123 --refresh --json'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./balance.js')).run(c, await pickId(c, id), opts as never)));

  accounts
    .command('ownership')
    .description("show an account's owners: name, email, phone, address")
    .argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')
    .option('--refresh', 'refresh ownership first and wait for it')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText('after', examples('fc accounts ownership fca_123', 'fc accounts ownership fca_123 --refresh --json'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./ownership.js')).run(c, await pickId(c, id), opts as never)));

  accounts
    .command('transactions')
    .description("list an account's transactions, newest first (table, --json or --format csv)")
    .argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')
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
    .action(lazy(ctx, async (c, id, opts) => (await import('./transactions.js')).run(c, await pickId(c, id), opts as never)));

  accounts
    .command('insights')
    .description('cashflow by month, recurring income and bills, overdraft/NSF fees and average balance, with a chart')
    .argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')
    .option('--months <n>', 'calendar months to cover, the current one included (1-24)', '6')
    .option('--refresh', 'refresh balance and transactions first and wait for them')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText(
      'after',
      examples('fc accounts insights fca_123', 'fc accounts insights fca_123 --months 12', 'fc accounts insights fca_123 --json | jq .recurring_income'),
    )
    .action(lazy(ctx, async (c, id, opts) => (await import('./insights.js')).run(c, await pickId(c, id), opts as never)));

  accounts
    .command('verify-owner')
    .description("compare the account's owners with what you know of the customer; exit 0 on a match, 1 otherwise")
    .argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')
    .option('--name <name>', 'full name to check')
    .option('--email <email>', 'email address to check')
    .option('--phone <phone>', 'phone number to check (any format)')
    .option('--address <address>', 'postal address to check, on one line')
    .option('--customer <cus_…>', "check the Customer's own name, email, phone and address (flags override)")
    .option('--refresh', 'refresh ownership first and wait for it')
    .option('--timeout <s>', 'seconds to wait for the refresh', '60')
    .addHelpText(
      'after',
      `${examples(
        'fc accounts verify-owner fca_123 --name "Jenny Rosen"',
        'fc accounts verify-owner fca_123 --customer cus_123 --json',
        'fc accounts verify-owner fca_123 --name "Jenny Rosen" --phone "(415) 555-0142" && fc pay …',
      )}
Each field is match, partial, no_match or no_data (the bank has no value for it). The
verdict is match when every field the bank has data for matches.
`,
    )
    .action(lazy(ctx, async (c, id, opts) => (await import('./verify-owner.js')).run(c, await pickId(c, id), opts as never)));

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
    .option('--live', 'confirm a live-mode disconnect in scripts (with --yes)')
    .addHelpText('after', examples('fc accounts disconnect fca_123', 'fc accounts disconnect fca_123 --yes'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./disconnect.js')).run(c, id as string, opts as never)));
}
