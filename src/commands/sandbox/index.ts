import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerSandbox(program: Command, ctx: Context): void {
  const sandbox = program
    .command('sandbox')
    .description("fc's embedded Stripe-compatible sandbox: serve it, finish sessions, move its clock, reset it");

  sandbox
    .command('serve')
    .description('run the sandbox as a standalone server any stripe-node app can use')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '12111')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--refresh-delay <ms>', 'how long refreshes stay pending (ms)')
    .option('--settle-delay <ms>', 'how long ACH debits stay processing (ms)')
    .option('--faults <share>', 'fail this share of requests like a network would, e.g. 0.3 (env: FC_SANDBOX_FAULTS)')
    .option('--fault-seed <n>', 'seed for --faults, to replay a run (env: FC_SANDBOX_FAULT_SEED)')
    .option('--fault-kinds <list>', '500,429,reset-before,reset-after,slow (default: all; env: FC_SANDBOX_FAULT_KINDS)')
    .option('--fault-slow-ms <ms>', 'how long a `slow` fault delays its answer, default 1500 (env: FC_SANDBOX_FAULT_SLOW_MS)')
    .option('--latency <ms|min-max>', 'add this latency to every API request, e.g. 100 or 100-300 (env: FC_SANDBOX_LATENCY)')
    .option('--rate-limit <req/s>', 'answer 429 beyond this many requests per second per key, e.g. 25 (env: FC_SANDBOX_RATE_LIMIT)')
    .option('--log-requests', 'keep every request in the database for fc sandbox log (env: FC_SANDBOX_LOG_REQUESTS=1; default: the last 10,000 in memory)')
    .addHelpText(
      'after',
      `${examples('fc sandbox serve --port 12111', 'fc sandbox serve --latency 100-300 --rate-limit 25   # waits like Stripe test mode')}
Then, in any stripe-node app:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })
or point fc at it: fc --api-base http://127.0.0.1:12111 customers list
`,
    )
    .action(lazy(ctx, async (c, opts) => (await import('./serve.js')).run(c, opts as never)));

  sandbox
    .command('log')
    .description("the sandbox's most recent requests: method, path, status, request id")
    .option('--limit <n>', 'how many, 1-10000', '50')
    .addHelpText('after', examples('fc --api-base http://127.0.0.1:12111 sandbox log', 'fc sandbox log --limit 200 --json'))
    .action(lazy(ctx, async (c, opts) => (await import('./log.js')).run(c, opts as never)));

  sandbox
    .command('complete')
    .description("finish a session's authentication flow without a browser, linking sandbox test accounts")
    .argument('<fcsess_…>', 'session id')
    .option('--accounts <list>', 'test accounts to link (see fc sandbox institutions), default checking,savings')
    .option('--institution <name>', 'test institution, default "Test Institution"')
    .addHelpText(
      'after',
      examples('fc sandbox complete fcsess_123', 'fc sandbox complete fcsess_123 --accounts checking,joint,insufficient_funds'),
    )
    .action(lazy(ctx, async (c, id, opts) => (await import('./complete.js')).run(c, id as string, opts as never)));

  sandbox
    .command('institutions')
    .description("list the sandbox's test institutions and their accounts")
    .addHelpText('after', examples('fc sandbox institutions'))
    .action(lazy(ctx, async (c) => (await import('./institutions.js')).run(c)));

  sandbox
    .command('reset')
    .description("delete all of the sandbox's data and reset its clock")
    .addHelpText('after', examples('fc sandbox reset'))
    .action(lazy(ctx, async (c) => (await import('./reset.js')).run(c)));

  sandbox
    .command('advance')
    .description('move the sandbox clock forward, so refreshes finish and payments settle')
    .argument('<duration>', 'how far: 30s, 10m, 2h, 4d or a combination like 1d12h')
    .addHelpText('after', examples('fc sandbox advance 4d', 'fc sandbox advance 90s'))
    .action(lazy(ctx, async (c, duration) => (await import('./advance.js')).run(c, duration as string)));
}
