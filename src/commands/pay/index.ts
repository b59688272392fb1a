import { Option, type Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerPay(program: Command, ctx: Context): void {
  program
    .command('pay')
    .description('debit a linked bank account by ACH Direct Debit, with the mandate the customer accepted, and follow it to the end')
    .option('--account <fca_…>', 'the linked account to debit')
    .option('--customer <cus_…>', 'the customer who owns it')
    .option('--customer-account <acct_…>', 'or: a v2 Account configured as a customer')
    .option('--amount <minor units>', 'amount in minor units (100 = $1.00)')
    .option('--currency <code>', 'ISO currency code', 'usd')
    .option('--mandate-ip <ip>', 'IP address the customer accepted the mandate from')
    .option('--mandate-user-agent <ua>', 'user agent the customer accepted the mandate with (default fc/<version>)')
    .option('--accepted-at <unix|ISO-8601>', 'when the customer accepted the mandate (default now)')
    .option('--name <billing name>', "account holder's name (default: from the account's owners or the customer)")
    .option('--description <text>', 'description of the payment')
    .addOption(new Option('--no-wait', 'return once the payment is processing'))
    .option('--timeout <s>', 'seconds to wait for the final status', '120')
    .option('--live', 'confirm a live-mode payment in scripts (with --yes)')
    .addHelpText(
      'after',
      `${examples(
        'fc pay --account fca_123 --customer cus_123 --amount 100 --mandate-ip 71.183.194.54',
        'fc pay --account fca_123 --customer cus_123 --amount 2500 --mandate-ip 71.183.194.54 --yes --json',
      )}
Re-running the same command after a crash or network failure resumes the same payment; it never debits twice.
`,
    )
    .action(lazy(ctx, async (c, opts) => (await import('./pay.js')).run(c, opts as never)));
}
