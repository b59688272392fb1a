import type Stripe from 'stripe';
import { V2_PREVIEW_VERSION } from '../../api/customers.js';
import { businessNameOf, getMandate, mandateIdOf, waitForPayment } from '../../api/payments.js';
import type { Context } from '../../context.js';
import { CancelError, UsageError } from '../../errors.js';
import { mandateTerms, paymentLabel } from '../../payments/mandate.js';
import { runPayment, type PayUi } from '../../payments/flow.js';
import { outcomeOf, PaymentRecords, type RecordTarget } from '../../payments/record.js';
import { parsePayFlags } from '../../payments/validate.js';
import { parseIdempotencyKey } from '../shared/validate.js';
import { reportOutcome, waitingText } from '../payments/shared/render.js';
import { liveGuard, liveGuardPrecheck } from '../shared/live-guard.js';
import { safeText } from '../../io/sanitize.js';
import { apiNow } from '../../api/clock.js';
import { canonicalBase } from '../../api/target.js';
import { defineCommand, option } from '../define.js';
import { completePayFlags } from './shared/ask.js';
import { wrapProse } from '../../io/fit.js';

/** The business the customer authorizes; named in the mandate text. */
async function businessName(ctx: Context, stripe: Stripe): Promise<string> {
  const fromEnv = ctx.env.FC_BUSINESS_NAME?.trim();
  if (fromEnv) return fromEnv;
  if (ctx.target().kind !== 'stripe') return 'fc Sandbox Shop';
  // Restricted keys may not read the account; the mandate still names the debit.
  return (await businessNameOf(stripe)) ?? 'the business';
}

function recordTarget(ctx: Context): RecordTarget {
  const t = ctx.target();
  return { kind: t.kind, base: t.kind === 'base' && t.apiBase ? canonicalBase(t.apiBase) : null, live: t.live };
}

export default defineCommand({
  description: 'debit a linked bank account by ACH Direct Debit, with the mandate the customer accepted, and follow it to the end',
  options: [
    option('--account <fca_…>', 'the linked account to debit'),
    option('--customer <cus_…>', 'the customer who owns it'),
    option('--customer-account <acct_…>', 'or: a v2 Account configured as a customer'),
    option('--amount <minor units>', 'amount in minor units (100 = $1.00)'),
    option('--currency <code>', 'ISO currency code', { default: 'usd' }),
    option('--mandate-ip <ip>', 'IP address the customer accepted the mandate from'),
    option('--mandate-user-agent <ua>', 'user agent the customer accepted the mandate with (default fc/<version>)'),
    option('--accepted-at <unix|ISO-8601>', 'when the customer accepted the mandate (default now)'),
    option('--name <billing name>', "account holder's name (default: from the account's owners or the customer)"),
    option('--description <text>', 'description of the payment'),
    option('--no-wait', 'return once the payment is processing'),
    option('--timeout <s>', 'seconds to wait for the final status', { default: '120' }),
    option('--live', 'confirm a live-mode payment in scripts (with --yes)'),
    option('--idempotency-key <key>', "your own key for this payment: its create and confirm keys derive from it, so the same key never pays twice, even from another machine"),
  ],
  examples: [
    'fc pay --account fca_123 --customer cus_123 --amount 100 --mandate-ip 71.183.194.54',
    'fc pay --account fca_123 --customer cus_123 --amount 2500 --mandate-ip 71.183.194.54 --yes --json',
  ],
  help: `
Re-running the same command after a crash or network failure resumes the same payment; it never debits twice.
`,
  run: async (ctx, given) => {
    const flags = await completePayFlags(ctx, given);
    const input = parsePayFlags(flags, ctx.clock.now());
    // fc adds `fc-pay-…-create`/`-confirm` around it, within Stripe's 255 characters.
    const idempotencyKey = given.idempotencyKey !== undefined ? parseIdempotencyKey(given.idempotencyKey, '--idempotency-key', 200) : undefined;
    const io = ctx.io;
    const c = io.color;
    const ui: PayUi = {
      say: (text) => io.err(text),
      note: (text) => io.err(c.dim(text)),
      warn: (text) => io.err(c.yellow(text)),
      done: (text) => io.err(`${c.green('✔')} ${text}`),
      precheck: (nothing = 'Nothing was sent.') => {
        if (!ctx.globals.yes && !ctx.prompter.canPrompt()) {
          throw new UsageError(
            `fc pay debits a bank account: pass --yes to confirm the customer accepted the mandate (stdin is not a terminal, so fc cannot ask). ${nothing}`,
          );
        }
        liveGuardPrecheck(ctx, flags, 'debit a bank account');
      },
      accept: async ({ account, holderName, business, acceptedAt }) => {
        io.err(c.bold(`ACH debit: ${paymentLabel(input.amount, input.currency, account)}${account.institution_name ? ` at ${safeText(account.institution_name)}` : ''}`));
        io.err(c.dim(wrapProse(`Customer ${input.customer ?? input.customerAccount} · account holder ${safeText(holderName)} · mandate accepted from ${input.mandateIp}`, io.columns())));
        io.err('');
        const terms = mandateTerms({ business, amount: input.amount, currency: input.currency, account, date: acceptedAt, holderName, description: input.description });
        for (const line of terms) io.err(line ? `  ${safeText(line)}` : '');
        io.err('');
        if (!ctx.globals.yes) {
          const ok = await ctx.prompter.confirm(`Has the customer accepted these terms? Debit ${paymentLabel(input.amount, input.currency, account)} now?`, {
            missing: '--yes',
          });
          if (!ok) throw new CancelError('Cancelled: nothing was debited.');
        }
        await liveGuard(ctx, flags, `debit ${paymentLabel(input.amount, input.currency, account)}`, input.account);
        ctx.lifecycle.inFlight = 'The payment may already have been sent to the bank: run the same fc pay command again to resume it (it never debits twice).';
      },
      settle: async (processing) => {
        ctx.lifecycle.inFlight = `Payment ${processing.id} is processing at the bank and goes on without fc. Follow it with: fc payments wait ${processing.id}`;
        const spinner = io.spinner(`Waiting for the bank to settle ${processing.id}: processing`);
        try {
          const res = await waitForPayment(await ctx.stripe(), processing.id, {
            timeoutMs: input.timeoutMs,
            clock: ctx.clock,
            onProgress: (p, ms) => spinner.update(waitingText(ctx, p, ms)),
          });
          const o = outcomeOf(res.pi);
          if (o === 'succeeded') spinner.succeed(`Settled: ${res.pi.id} succeeded`);
          else if (o === 'processing') spinner.warn(`${res.pi.id} is still processing after ${Math.round(input.timeoutMs / 1000)}s`);
          else spinner.fail(`${res.pi.id} ${o === 'failed' ? 'failed' : res.pi.status}`);
          return res;
        } catch (err) {
          spinner.fail(`Lost track of ${processing.id}`);
          throw err;
        }
      },
    };
    const { pi, timedOut, alreadyFinal } = await runPayment(
      {
        stripe: () => ctx.stripe(),
        records: new PaymentRecords(ctx.paths.data),
        target: recordTarget(ctx),
        now: () => Math.floor(ctx.clock.now().getTime() / 1000),
        apiNow: async () => apiNow(ctx, await ctx.stripe()),
        business: async () => businessName(ctx, await ctx.stripe()),
        v2Version: ctx.globals.stripeVersion || ctx.env.FC_V2_API_VERSION || V2_PREVIEW_VERSION,
        debug: (line) => ctx.debug(line),
        ui,
      },
      input,
      idempotencyKey,
    );

    const mandateId = mandateIdOf(pi);
    const mandate = given.format === 'table' && mandateId ? await getMandate(await ctx.stripe(), mandateId).catch(() => undefined) : undefined;
    reportOutcome(ctx, pi, { format: given.format, mandate, timedOut, waited: alreadyFinal || input.wait, resume: alreadyFinal ? 'this command' : 'the same fc pay command' });
  },
});
