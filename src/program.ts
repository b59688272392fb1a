import { Command, Help, Option } from 'commander';
import type { Context } from './context.js';
import { parseInteger } from './commands/shared/validate.js';
import { refuseRepeatedFlags } from './commands/shared/repeated-flags.js';
import { VERSION } from './version.js';
import { COMMANDS } from './commands/index.js';
import { addCommands } from './commands/tree.js';
import { examplesText } from './commands/define.js';

/**
 * The command tree. With argv, only the commands it needs are loaded (see
 * commands/tree.ts); without, all of them.
 */
export async function buildProgram(ctx: Context, argv?: readonly string[]): Promise<Command> {
  const program = new Command('fc');
  program
    .description('Stripe Financial Connections from the terminal: customers, bank-account linking, account data and ACH payments.')
    .version(VERSION, '-v, --version', 'print the fc version')
    .addOption(new Option('--api-key <key>', 'Stripe secret or restricted key (env: STRIPE_API_KEY)'))
    .addOption(new Option('--profile <name>', 'saved profile to use (env: FC_PROFILE)'))
    .addOption(new Option('--sandbox', 'use the embedded sandbox even when a key is configured (env: FC_SANDBOX=1)'))
    .addOption(new Option('--api-base <url>', 'any Stripe-compatible server, e.g. http://127.0.0.1:12111 (env: FC_API_BASE)'))
    .addOption(new Option('--stripe-account <acct_…>', 'Connect: act as this connected account (Stripe-Account header)'))
    .addOption(new Option('--stripe-version <version>', 'Stripe API version for every request, e.g. 2026-10-28.endive'))
    .addOption(new Option('--json', 'print the API object(s) as JSON on stdout, nothing else'))
    .addOption(new Option('--format <format>', 'output format: table, json, or csv where the output is a list'))
    .addOption(new Option('--yes', 'answer yes to confirmations (required when stdin is not a TTY)'))
    .addOption(new Option('--no-color', 'plain output (env: NO_COLOR)'))
    .addOption(new Option('--max-rps <n>', "at most this many API requests per second (env: FC_MAX_RPS; default: Stripe's limit, 25 in test mode, 100 live)"))
    .addOption(new Option('--debug', 'log each request and response to stderr, secrets redacted (env: FC_DEBUG=1)'))
    .addOption(new Option('--timeout <seconds>', 'give up after this many seconds, exit 4 (commands that wait for something bound that wait instead: still pending then is exit 5)'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      // Errors are printed once, as one line, by main().
      outputError: () => {},
    })
    .addHelpText(
      'after',
      `${examplesText([
        'fc demo                                   # the whole flow on the sandbox',
        'fc customers create --email jenny@example.com --name "Jenny Rosen"',
        'fc sessions create --customer cus_123 --permissions balances,payment_method',
        'fc accounts balance fca_123 --refresh',
      ])}
Exit codes: 0 ok · 1 API error · 2 bad usage (nothing sent) · 3 auth or permission · 4 network\n· 5 still pending at --timeout (it goes on) · 70 broken install or bug · 130 interrupted or declined
With no API key anywhere, fc runs on its embedded sandbox.`,
    );

  program.hook('preAction', (_root, action) => {
    // --timeout is read by the root wherever it stands; a command with its own (a refresh's or a payment's
    // wait) gets the value given, and every other command is bounded as a whole.
    const own = action.options.some((o) => o.long === '--timeout');
    if (own && program.getOptionValueSource('timeout') === 'cli') action.setOptionValueWithSource('timeout', program.getOptionValue('timeout'), 'cli');
    ctx.globals = action.optsWithGlobals();
    if (!own && program.getOptionValueSource('timeout') === 'cli') ctx.setDeadline(parseInteger(String(program.getOptionValue('timeout')), '--timeout', 1, 86_400));
    if (ctx.globals.color === false) ctx.io.setColor(false);
  });

  await addCommands(program, COMMANDS, ctx, argv);

  // Every subcommand inherits the same error handling and output streams.
  const configure = (cmd: Command) => {
    cmd
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput(program.configureOutput())
      .configureHelp({
        showGlobalOptions: true,
        // A command's own --timeout (a payment's or a refresh's wait) is the one that applies: help lists it once.
        visibleGlobalOptions(c) {
          const own = new Set(c.options.map((o) => o.long));
          return Help.prototype.visibleGlobalOptions.call(this, c).filter((o) => !own.has(o.long));
        },
      });
    refuseRepeatedFlags(cmd);
    cmd.commands.forEach(configure);
  };
  refuseRepeatedFlags(program);
  program.commands.forEach(configure);
  ctx.program = program;
  return program;
}
