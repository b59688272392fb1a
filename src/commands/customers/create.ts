import { createCustomer, createCustomerAccount, V2_PREVIEW_VERSION, type NewCustomer } from '../../api/customers.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { printJson } from '../../io/render.js';
import { hasControl } from '../../io/sanitize.js';
import { parseEmail, parseIdempotencyKey, parseText } from '../shared/validate.js';
import { journaledWrite } from '../../api/write-journal.js';
import { printCustomer, printCustomerAccount } from './shared/render.js';
import { defineCommand, option } from '../define.js';

export function parseMetadata(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new UsageError(`--metadata takes key=value pairs, got "${pair.slice(0, 40)}".`);
    const key = pair.slice(0, i);
    // Metadata is shown to support staff later: no terminal escapes, line breaks or bidi tricks in it.
    if (hasControl(key)) throw new UsageError(`--metadata keys must not contain control characters, got "${key.slice(0, 40)}".`);
    if (hasControl(pair.slice(i + 1))) throw new UsageError(`--metadata ${key}: the value must not contain control characters.`);
    if (key.length > 40) throw new UsageError(`--metadata keys are at most 40 characters, got "${key.slice(0, 40)}…".`);
    out[key] = parseText(pair.slice(i + 1), `--metadata ${key}`, 500);
  }
  return out;
}

async function askEmail(ctx: Context): Promise<string> {
  return ctx.prompter.input("Customer's email", {
    missing: '--email',
    validate: (v) => {
      try {
        parseEmail(v);
        return true;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
}

export default defineCommand({
  description: 'create a customer (or, with --v2, an Account configured as a customer)',
  options: [
    option('--email <email>', "the customer's email address"),
    option('--name <name>', "the customer's full name"),
    option('--description <text>', 'an internal description'),
    option('--phone <phone>', "the customer's phone number"),
    option('--metadata <key=value...>', 'metadata pairs (repeatable)'),
    option('--v2', 'create a v2 Account with the customer configuration (POST /v2/core/accounts)'),
    option('--idempotency-key <key>', 'your own Idempotency-Key (fc otherwise makes one that survives a re-run after a lost answer)'),
  ],
  examples: [
    'fc customers create --email jenny@example.com --name "Jenny Rosen"',
    'fc customers create --email jenny@example.com --json | jq -r .id',
    'fc customers create --v2 --email jenny@example.com --name "Jenny Rosen"',
  ],
  run: async (ctx, opts) => {
    const interactive = opts.email === undefined && ctx.prompter.canPrompt();
    const email = parseEmail(opts.email ?? (await askEmail(ctx)));
    let name = opts.name !== undefined ? parseText(opts.name, '--name') : undefined;
    if (name === undefined && interactive) {
      const answer = await ctx.prompter.input("Customer's name (optional)", { missing: '--name' });
      name = answer.trim() ? parseText(answer, '--name') : undefined;
    }
    const input: NewCustomer = {
      email,
      name,
      description: opts.description !== undefined ? parseText(opts.description, '--description', 5000) : undefined,
      phone: opts.phone !== undefined ? parseText(opts.phone, '--phone', 20) : undefined,
      metadata: parseMetadata(opts.metadata),
    };
    const idempotencyKey = opts.idempotencyKey !== undefined ? parseIdempotencyKey(opts.idempotencyKey) : undefined;
    const stripe = await ctx.stripe();
    if (opts.v2) {
      if (input.description || input.phone) throw new UsageError('--description and --phone are not available with --v2.');
      const version = ctx.globals.stripeVersion || ctx.env.FC_V2_API_VERSION || V2_PREVIEW_VERSION;
      const account = await journaledWrite(
        ctx,
        { command: 'customers create --v2', inputs: input, idempotencyKey, check: `fc customers list --email ${email}` },
        (key) => createCustomerAccount(stripe, input, version, key),
      );
      if (opts.format === 'json') printJson(ctx.io, account);
      else printCustomerAccount(ctx.io, account);
      return;
    }
    const customer = await journaledWrite(
      ctx,
      { command: 'customers create', inputs: input, idempotencyKey, check: `fc customers list --email ${email}` },
      (key) => createCustomer(stripe, input, key),
    );
    if (opts.format === 'json') printJson(ctx.io, customer);
    else printCustomer(ctx.io, customer);
  },
});
