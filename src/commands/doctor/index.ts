import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { examples, lazy } from '../../program.js';

export function registerDoctor(program: Command, ctx: Context): void {
  program
    .command('doctor')
    .description("one view of a customer's bank connections: what is wrong, and what to do next")
    .argument('[id]', 'a customer (cus_…), customer Account (acct_…), linked account (fca_…) or payment (pi_…)')
    .addHelpText(
      'after',
      `${examples('fc doctor cus_123', 'fc doctor fca_123', 'fc doctor pi_123 --json')}
Checks linked accounts (status, permissions against how they are used, refresh failures,
account numbers), payment methods and mandates, and the payments of the last 90 days.
Every problem comes with a next step; accounts with none show as ok. Exits 0 when the
check ran, whatever it found (--json gives the findings to scripts).
`,
    )
    .action(lazy(ctx, async (c, id) => (await import('./doctor.js')).run(c, id as string | undefined)));
}
