import type Stripe from 'stripe';
import { getCustomer } from '../../api/customers.js';
import { listOwners, type FcAccount, type FcOwner } from '../../api/accounts.js';
import { ExitCode, FcError, UsageError } from '../../errors.js';
import type { IO } from '../../io/io.js';
import { printJson, renderTable } from '../../io/render.js';
import { FIELDS, verifyOwner, type Field, type FieldCheck, type Known, type Verdict } from '../../owners/verify.js';
import { parseEmail, parseId, parseText } from '../shared/validate.js';
import { loadAccount, noDataYet, ownershipIdOf, parseTimeout } from './shared/refresh-flow.js';
import { accountLabel } from './shared/render.js';
import { forDisplay } from '../../io/sanitize.js';
import { ACCOUNT_ARGUMENT, accountIdOrPick, refreshOptions } from './shared/ids.js';
import { defineCommand, option } from '../define.js';

export interface VerifyOwnerOptions {
  name?: string;
  email?: string;
  phone?: string;
  address?: string;
  customer?: string;
  refresh?: boolean;
  timeout?: string;
}

/** `--json`: the verdict, the owner it was reached with, and each field. */
export interface OwnerVerification {
  object: 'fc.owner_verification';
  account: string;
  verdict: Verdict;
  /** The owner the fields were compared with (the best fit on a joint account); null when the bank lists none. */
  owner: Pick<FcOwner, 'id' | 'name' | 'email' | 'phone' | 'raw_address'> | null;
  owners_checked: number;
  /** Where the compared values came from: flags, a customer id, or both. */
  source: { customer: string | null; flags: Field[] };
  fields: FieldCheck[];
}

export function customerAddress(a: Stripe.Address | null | undefined): string | undefined {
  if (!a) return undefined;
  const cityLine = [a.city, [a.state, a.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const parts = [a.line1, a.line2, cityLine, a.country].filter((p): p is string => Boolean(p && p.trim()));
  return parts.length ? parts.join(', ') : undefined;
}

function parseKnown(opts: VerifyOwnerOptions): Known {
  return {
    name: opts.name !== undefined ? parseText(opts.name, '--name') : undefined,
    email: opts.email !== undefined ? parseEmail(opts.email.trim()) : undefined,
    phone: opts.phone !== undefined ? parseText(opts.phone, '--phone', 40) : undefined,
    address: opts.address !== undefined ? parseText(opts.address, '--address', 500) : undefined,
  };
}

const RESULT_WORDS: Record<FieldCheck['result'], string> = { match: 'match', partial: 'partial', no_match: 'no match', no_data: 'no data' };
const VERDICT_WORDS: Record<Verdict, string> = { match: 'MATCH', partial: 'PARTIAL MATCH', no_match: 'NO MATCH', no_data: 'NO DATA' };

export default defineCommand({
  description: "compare the account's owners with what you know of the customer; exit 0 on a match, 1 otherwise",
  args: [ACCOUNT_ARGUMENT],
  options: [
    option('--name <name>', 'full name to check'),
    option('--email <email>', 'email address to check'),
    option('--phone <phone>', 'phone number to check (any format)'),
    option('--address <address>', 'postal address to check, on one line'),
    option('--customer <cus_…>', "check the Customer's own name, email, phone and address (flags override)"),
    ...refreshOptions('ownership'),
  ],
  examples: [
    'fc accounts verify-owner fca_123 --name "Jenny Rosen"',
    'fc accounts verify-owner fca_123 --customer cus_123 --json',
    'fc accounts verify-owner fca_123 --name "Jenny Rosen" --phone "(415) 555-0142" && fc pay …',
  ],
  help: `
Each field is match, partial, no_match or no_data (the bank has no value for it). The
verdict is match when every field the bank has data for matches.
`,
  run: async (ctx, accountArg, opts) => {
    const id = await accountIdOrPick(ctx, accountArg);
    const flags = parseKnown(opts);
    const customerId = opts.customer !== undefined ? parseId(opts.customer, ['cus'], '--customer', 'customer') : undefined;
    const given = FIELDS.filter((f) => flags[f] !== undefined);
    if (given.length === 0 && !customerId) {
      throw new UsageError('Say what to compare the owners with: --name, --email, --phone, --address, or --customer cus_… (its own details).');
    }
    const timeoutS = parseTimeout(opts.timeout);
    const stripe = await ctx.stripe();

    const known: Known = { ...flags };
    if (customerId) {
      const c = await getCustomer(stripe, customerId);
      if ('deleted' in c && c.deleted) throw new FcError(`Customer ${customerId} was deleted; it has nothing to compare.`, ExitCode.api);
      const cus = c as Stripe.Customer;
      known.name ??= cus.name ?? undefined;
      known.email ??= cus.email ?? undefined;
      known.phone ??= cus.phone ?? undefined;
      known.address ??= customerAddress(cus.address);
      if (FIELDS.every((f) => !known[f])) {
        throw new UsageError(`Customer ${customerId} has no name, email, phone or address to compare; give them as flags.`);
      }
    }

    const account = await loadAccount(ctx, stripe, id, 'ownership', opts.refresh, timeoutS);
    const ownership = ownershipIdOf(account);
    if (!ownership) throw noDataYet(account, 'ownership', `fc accounts verify-owner ${account.id} --refresh …`);
    const owners = await listOwners(stripe, id, ownership);

    const { best } = verifyOwner(known, owners);
    const owner = best ? owners[best.owner]! : null;
    const result: OwnerVerification = {
      object: 'fc.owner_verification',
      account: id,
      verdict: best?.verdict ?? 'no_data',
      owner: owner ? { id: owner.id, name: owner.name, email: owner.email, phone: owner.phone, raw_address: owner.raw_address } : null,
      owners_checked: owners.length,
      source: { customer: customerId ?? null, flags: given },
      fields: best?.fields ?? FIELDS.filter((f) => known[f]).map((f) => ({ field: f, given: known[f]!, bank: null, result: 'no_data' as const })),
    };
    if (opts.format === 'json') printJson(ctx.io, result);
    else printVerification(ctx.io, account, result);

    // Scripts gate on the exit code: only a full match passes.
    if (result.verdict !== 'match') {
      const why =
        result.owners_checked === 0
          ? 'the bank lists no owners for this account'
          : result.fields.filter((f) => f.result !== 'match').map((f) => `${f.field} ${RESULT_WORDS[f.result]}`).join(', ');
      throw new FcError(`Owner verification: ${VERDICT_WORDS[result.verdict].toLowerCase()} (${why}).`, ExitCode.api);
    }
  },
});

export function printVerification(io: IO, account: FcAccount, r: OwnerVerification): void {
  account = forDisplay(account);
  r = forDisplay(r);
  const c = io.color;
  const paint: Record<FieldCheck['result'], (s: string) => string> = { match: c.green, partial: c.yellow, no_match: c.red, no_data: c.dim };
  const lines = [c.bold(`Owner check for ${accountLabel(account)} at ${account.institution_name} (${account.id})`)];
  if (r.source.customer) lines.push(c.dim(`Compared with customer ${r.source.customer}${r.source.flags.length ? ` and --${r.source.flags.join(', --')}` : ''}`));
  lines.push(
    renderTable(
      io,
      ['Field', 'You gave', 'Bank has', 'Result'],
      r.fields.map((f) => [f.field, f.given, f.bank ?? '—', paint[f.result](RESULT_WORDS[f.result])]),
    ),
  );
  const ownerNote = r.owner ? ` (owner ${r.owner.name ?? r.owner.id}${r.owners_checked > 1 ? `, best of ${r.owners_checked} owners` : ''})` : '';
  const verdictPaint = r.verdict === 'match' ? c.green.bold : r.verdict === 'partial' ? c.yellow.bold : c.red.bold;
  lines.push(`Verdict: ${verdictPaint(VERDICT_WORDS[r.verdict])}${ownerNote}`);
  io.out(lines.join('\n'));
}
