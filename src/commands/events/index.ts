import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerEvents(program: Command, ctx: Context): void {
  const events = program.command('events').description('what happened: list events, or follow them as they arrive');

  events
    .command('list')
    .description('list events, newest first')
    .option('--type <type>', 'only this type, a group like financial_connections.account.*, or several names comma-separated')
    .option('--limit <n>', 'how many to show (1-100)', '10')
    .option('--all', 'page through every matching event (Stripe keeps 30 days)')
    .addHelpText(
      'after',
      examples('fc events list --type financial_connections.account.*', 'fc events list --type payment_intent.succeeded,payment_intent.payment_failed --json'),
    )
    .action(lazy(ctx, async (c, opts) => (await import('./list.js')).run(c, opts as never)));

  events
    .command('get')
    .description('show one event with its object')
    .argument('<evt_…>', 'event id')
    .addHelpText('after', examples('fc events get evt_123 --json'))
    .action(lazy(ctx, async (c, id) => (await import('./list.js')).get(c, id as string)));

  events
    .command('follow')
    .description('print new events as they arrive, until interrupted (Ctrl-C)')
    .option('--type <type>', 'only this type, a group like financial_connections.account.*, or several names comma-separated')
    .option('--interval <s>', 'seconds between polls', '2')
    .addHelpText(
      'after',
      `${examples('fc events follow --type financial_connections.account.*', 'fc events follow --json | jq -r .type')}
With --json, each event is one JSON object on its own line.
`,
    )
    .action(lazy(ctx, async (c, opts) => (await import('./follow.js')).run(c, opts as never)));
}
