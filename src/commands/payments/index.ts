import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerPayments(program: Command, ctx: Context): void {
  const payments = program.command('payments').description('ACH PaymentIntents: look up, list, wait for and cancel');

  payments
    .command('get')
    .description('show a payment with its mandate and bank account details')
    .argument('<pi_…>', 'PaymentIntent id')
    .addHelpText('after', examples('fc payments get pi_123', 'fc payments get pi_123 --json'))
    .action(lazy(ctx, async (c, id) => (await import('./get.js')).run(c, id as string)));

  payments
    .command('list')
    .description('list payments, newest first')
    .option('--customer <cus_…>', "only this customer's payments")
    .option('--limit <n>', 'how many to show (1-100)', '10')
    .option('--all', 'page through every payment')
    .addHelpText('after', examples('fc payments list --customer cus_123', 'fc payments list --json'))
    .action(lazy(ctx, async (c, opts) => (await import('./list.js')).run(c, opts as never)));

  payments
    .command('wait')
    .description('wait until a payment succeeds or fails')
    .argument('<pi_…>', 'PaymentIntent id')
    .option('--timeout <s>', 'seconds to wait', '120')
    .addHelpText('after', examples('fc payments wait pi_123', 'fc payments wait pi_123 --timeout 600 --json'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./wait.js')).run(c, id as string, opts as never)));

  payments
    .command('cancel')
    .description('cancel a payment that has not settled (asks first)')
    .argument('<pi_…>', 'PaymentIntent id')
    .option('--reason <reason>', 'abandoned, duplicate, fraudulent or requested_by_customer')
    .option('--live', 'confirm a live-mode cancel in scripts (with --yes)')
    .addHelpText('after', examples('fc payments cancel pi_123', 'fc payments cancel pi_123 --yes --reason requested_by_customer'))
    .action(lazy(ctx, async (c, id, opts) => (await import('./cancel.js')).run(c, id as string, opts as never)));
}
