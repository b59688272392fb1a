import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerApi(program: Command, ctx: Context): void {
  program
    .command('api')
    .description('send any request to the Stripe API (or the sandbox) and print the JSON answer')
    .argument('<method>', 'get, post or delete')
    .argument('<path>', 'API path, e.g. /v1/customers or /v1/financial_connections/accounts/fca_123')
    .option('-d, --data <key=value>', "a parameter in Stripe's bracket notation (repeatable)", collect)
    .option('-e, --expand <field>', 'expand a field of the answer (repeatable, or comma-separated)', collect)
    .option('--idempotency-key <key>', 'Idempotency-Key for a POST: the same key and parameters never act twice')
    .option('--all', 'on a list endpoint: follow every page and print one JSON array')
    .option('--live', 'confirm a live-mode POST or DELETE in scripts (with --yes)')
    .addHelpText(
      'after',
      `${examples(
        'fc api get /v1/customers -d limit=3',
        'fc api get /v1/financial_connections/accounts -d account_holder[customer]=cus_123 --expand data.ownership',
        'fc api post /v1/customers -d email=jenny@example.com --idempotency-key signup-42',
        'fc api get /v1/events --all | jq length',
        'fc api delete /v1/customers/cus_123 --yes',
        'fc api get /v1/balance --stripe-account acct_123',
      )}
Prints the API's JSON answer on stdout (with --all, one array of every item). A list
with more pages says so on stderr. DELETE asks first (--yes in scripts).
`,
    )
    .action(lazy(ctx, async (c, method, path, opts) => (await import('./api.js')).run(c, method as string, path as string, opts as never)));
}
