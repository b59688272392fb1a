import { Option, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerCustomers(program: Command, ctx: Context): void {
  const customers = program.command('customers').description('create, look up and list customers (v1 Customers or v2 customer Accounts)');

  customers
    .command('create')
    .description('create a customer (or, with --v2, an Account configured as a customer)')
    .option('--email <email>', "the customer's email address")
    .option('--name <name>', "the customer's full name")
    .option('--description <text>', 'an internal description')
    .option('--phone <phone>', "the customer's phone number")
    .addOption(new Option('--metadata <key=value...>', 'metadata pairs (repeatable)'))
    .option('--v2', 'create a v2 Account with the customer configuration (POST /v2/core/accounts)')
    .addHelpText(
      'after',
      examples(
        'fc customers create --email jenny@example.com --name "Jenny Rosen"',
        'fc customers create --email jenny@example.com --json | jq -r .id',
        'fc customers create --v2 --email jenny@example.com --name "Jenny Rosen"',
      ),
    )
    .action(lazy(ctx, async (c, opts) => (await import('./create.js')).run(c, opts as never)));

  customers
    .command('get')
    .description('show one customer (cus_…) or customer Account (acct_…)')
    .argument('<id>', 'cus_… or acct_…')
    .addHelpText('after', examples('fc customers get cus_123', 'fc customers get acct_123 --json'))
    .action(lazy(ctx, async (c, id) => (await import('./get.js')).run(c, id as string)));

  customers
    .command('list')
    .description('list customers, newest first')
    .option('--email <email>', 'only customers with exactly this email')
    .option('--limit <n>', 'how many to show (1-100)', '10')
    .option('--all', 'page through every customer')
    .addHelpText('after', examples('fc customers list --email jenny@example.com', 'fc customers list --all --json'))
    .action(lazy(ctx, async (c, opts) => (await import('./list.js')).run(c, opts as never)));
}
