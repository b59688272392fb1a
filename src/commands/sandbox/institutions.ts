import { listInstitutions } from '../../api/sandbox-helpers.js';
import { printJson, printTable } from '../../io/render.js';
import { sandboxClient } from './shared/require.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: "list the sandbox's test institutions and their accounts",
  examples: ['fc sandbox institutions'],
  run: async (ctx, opts) => {
    const institutions = await listInstitutions(await sandboxClient(ctx, 'institutions'));
    if (opts.format === 'json') {
      printJson(ctx.io, institutions);
      return;
    }
    printTable(
      ctx.io,
      ['Institution', 'Account key', 'Account', 'Type', 'Number', 'Payments', 'ACH debit outcome'],
      institutions.flatMap((i) =>
        i.accounts.map((a) => [
          i.status === 'up' ? i.name : `${i.name} (login fails)`,
          a.key,
          a.display_name,
          `${a.category} / ${a.subcategory}`,
          `••••${a.last4}`,
          a.supports_payments ? 'ACH' : 'no',
          a.supports_payments ? a.payment_outcome : '—',
        ]),
      ),
      'The sandbox has no test institutions.',
    );
    ctx.io.err(ctx.io.color.dim('Link some with: fc sandbox complete <fcsess_…> --institution "Test Institution" --accounts checking,savings'));
  },
});
