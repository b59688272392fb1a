import { listInstitutions } from '../../api/sandbox-helpers.js';
import type { Context } from '../../context.js';
import { printJson, printTable } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { sandboxClient } from './require.js';

export async function run(ctx: Context): Promise<void> {
  const format = outputFormat(ctx);
  const institutions = await listInstitutions(await sandboxClient(ctx, 'institutions'));
  if (format === 'json') {
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
}
