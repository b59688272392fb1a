import type Stripe from 'stripe';
import { getAccount, listOwners } from '../../api/accounts.js';
import { getCustomer, getCustomerAccount, V2_PREVIEW_VERSION } from '../../api/customers.js';
import {
  confirmAchPayment,
  createAchPayment,
  findPaymentByAttempt,
  getMandate,
  getPayment,
  mandateIdOf,
  waitForPayment,
} from '../../api/payments.js';
import type { Context } from '../../context.js';
import { ApiError, AuthError, CancelError, NetworkError, UsageError, toFcError } from '../../errors.js';
import { formatTimestamp } from '../../io/format.js';
import { createSpinner } from '../../io/spinner.js';
import { accountLabel, mandateTerms, paymentLabel } from '../../payments/mandate.js';
import {
  isFinal,
  mustSearchBeforeCreate,
  needsAcceptance,
  newRecord,
  nextStep,
  outcomeOf,
  PaymentRecords,
  recordKey,
  type PaymentRecord,
  type RecordTarget,
} from '../../payments/record.js';
import { parsePayFlags, type PayFlags, type PayInput } from '../../payments/validate.js';
import { parseIdempotencyKey } from '../shared/validate.js';
import { VERSION } from '../../version.js';
import { reportOutcome, waitingText } from '../payments/render.js';
import { liveGuard, liveGuardPrecheck } from '../shared/live-guard.js';
import { outputFormat } from '../shared/output.js';
import { safeText } from '../../io/sanitize.js';
import { apiNow } from '../../api/clock.js';
import { canonicalBase } from '../../api/target.js';
import { defineCommand, option } from '../define.js';
import { relinkCommand } from '../shared/relink.js';
import { completePayFlags } from './ask.js';

export type PayOptions = PayFlags;

const RESUME_HINT = 'Running the same command again re-sends the same requests with the same idempotency keys, so nothing is debited twice.';

/** A failure whose effect on the server is unknown becomes exit 4 with what is known; the rest pass through. */
function unknownOutcome(err: unknown, known: string): Error {
  const e = toFcError(err);
  if (e instanceof NetworkError) return new NetworkError(`Outcome unknown: ${known}; re-run the same command to resume. (${e.message.replace(/\.+$/, '')})`, RESUME_HINT);
  return e;
}

function isMissing(err: unknown): boolean {
  const e = err as { type?: string; code?: string; statusCode?: number };
  return e?.code === 'resource_missing' || e?.statusCode === 404;
}

async function retrieveIfExists(stripe: Stripe, id: string): Promise<Stripe.PaymentIntent | undefined> {
  try {
    return await getPayment(stripe, id);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw unknownOutcome(err, `the payment ${id} could not be looked up`);
  }
}

/** Stripe debits only accounts linked with payment_method and able to take us_bank_account; each gap has its own fix. */
function checkDebitable(account: Stripe.FinancialConnections.Account, input: PayInput): void {
  const relink = relinkCommand(account, ['payment_method']);
  if (account.status !== 'active') {
    throw new AuthError(
      `Account ${account.id} is ${account.status}, so it cannot be debited.`,
      `Have the holder link the bank account again (${relink}), then pay from the new account id.`,
    );
  }
  if (!(account.permissions ?? []).includes('payment_method')) {
    throw new AuthError(
      `Account ${account.id} was linked without the payment_method permission, so it cannot be debited.`,
      `Permissions are fixed at linking: have the holder link it again with ${relink}`,
    );
  }
  if (!account.supported_payment_method_types.includes('us_bank_account')) {
    throw new AuthError(
      `Account ${account.id} (${accountLabel(account)}) does not support ACH debits: its supported_payment_method_types are ${account.supported_payment_method_types.join(', ') || 'empty'}.`,
      'Ask the customer to link a checking or savings account that supports ACH (fc sessions create … --permissions payment_method).',
    );
  }
  const holder = account.account_holder;
  const holderId = holder?.customer ?? holder?.customer_account;
  const holderText = typeof holderId === 'string' ? holderId : holderId?.id;
  const payer = input.customer ?? input.customerAccount;
  if (holderText && payer && holderText !== payer) {
    throw new UsageError(
      `${input.customer ? '--customer' : '--customer-account'} ${payer} does not hold account ${account.id} (its holder is ${holderText}). Nothing was debited.`,
    );
  }
}

/** --name, else the account's first owner (when ownership data was shared), else the customer's name. */
async function billingName(ctx: Context, stripe: Stripe, input: PayInput, account: Stripe.FinancialConnections.Account): Promise<string> {
  if (input.name) return input.name;
  const ownership = typeof account.ownership === 'string' ? account.ownership : account.ownership?.id;
  if (ownership && (account.permissions ?? []).includes('ownership')) {
    try {
      const owner = (await listOwners(stripe, account.id, ownership)).find((o) => o.name.trim() !== '');
      if (owner) return owner.name;
    } catch (err) {
      // Ownership is only a convenience here; the customer's name is the next best source.
      ctx.debug(`owners of ${account.id}: ${(err as Error).message}`);
    }
  }
  if (input.customer) {
    const c = await getCustomer(stripe, input.customer);
    if (!('deleted' in c && c.deleted) && (c as Stripe.Customer).name) return (c as Stripe.Customer).name!;
  } else if (input.customerAccount) {
    const a = await getCustomerAccount(stripe, input.customerAccount, ctx.globals.stripeVersion || ctx.env.FC_V2_API_VERSION || V2_PREVIEW_VERSION);
    if (a.display_name) return a.display_name;
  }
  throw new UsageError(
    "--name is required here: the account has no ownership data and the customer has no name, and ACH needs the account holder's name. Nothing was debited.",
  );
}

/** The business the customer authorizes; named in the mandate text. */
async function businessName(ctx: Context, stripe: Stripe): Promise<string> {
  const fromEnv = ctx.env.FC_BUSINESS_NAME?.trim();
  if (fromEnv) return fromEnv;
  if (ctx.target().kind !== 'stripe') return 'fc Sandbox Shop';
  try {
    const me = await stripe.accounts.retrieveCurrent();
    return me.business_profile?.name || me.settings?.dashboard?.display_name || 'the business';
  } catch {
    // Restricted keys may not read the account; the mandate still names the debit.
    return 'the business';
  }
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
    const format = outputFormat(ctx);
    const flags = await completePayFlags(ctx, given);
    const input = parsePayFlags(flags, ctx.clock.now());
    // fc adds `fc-pay-…-create`/`-confirm` around it, within Stripe's 255 characters.
    const idempotencyKey = given.idempotencyKey !== undefined ? parseIdempotencyKey(given.idempotencyKey, '--idempotency-key', 200) : undefined;
    const target = recordTarget(ctx);
    const records = new PaymentRecords(ctx.paths.data);
    const key = recordKey(target, input);
    let record = records.load(key);
    const io = ctx.io;
    const c = io.color;
    const nowS = () => Math.floor(ctx.clock.now().getTime() / 1000);

    // Everything that can refuse without a terminal refuses before the first request.
    const precheck = (nothing = 'Nothing was sent.') => {
      if (!ctx.globals.yes && !ctx.prompter.canPrompt()) {
        throw new UsageError(
          `fc pay debits a bank account: pass --yes to confirm the customer accepted the mandate (stdin is not a terminal, so fc cannot ask). ${nothing}`,
        );
      }
      liveGuardPrecheck(ctx, flags, 'debit a bank account');
    };
    if (needsAcceptance(record)) precheck();

    const stripe = await ctx.stripe();
    let pi: Stripe.PaymentIntent | undefined;

    if (record?.payment_intent) {
      pi = await retrieveIfExists(stripe, record.payment_intent);
      if (!pi) {
        io.err(c.yellow(`The local record of this payment points at ${record.payment_intent}, which this API does not know (was the sandbox reset?). Starting a new payment.`));
        records.remove(key);
        record = undefined;
        precheck('Nothing was debited.');
      } else if (record.step === 'final' || isFinal(pi)) {
        if (record.step !== 'final') io.err(c.dim(`Resuming the payment started ${formatTimestamp(record.created_at)}: ${pi.id} is ${pi.status}.`));
        else {
          io.err(
            `This exact payment already ran on ${formatTimestamp(record.created_at)}: ${pi.id} (${outcomeOf(pi)}). Nothing new was debited.\n` +
              c.dim('Same account, customer, amount, mandate IP, acceptance time and description means the same payment. To pay again, change --description (e.g. add an invoice number).'),
          );
        }
        record = { ...record, step: 'final', status: pi.status, updated_at: nowS() };
        records.save(record);
        const mandateId = mandateIdOf(pi);
        const mandate = format === 'table' && mandateId ? await getMandate(stripe, mandateId).catch(() => undefined) : undefined;
        reportOutcome(ctx, pi, { format, mandate, waited: true, resume: 'this command' });
        return;
      } else {
        io.err(c.dim(`Resuming the payment started ${formatTimestamp(record.created_at)}: ${pi.id} is ${pi.status}.`));
      }
    } else if (record) {
      io.err(c.dim(`Resuming the payment started ${formatTimestamp(record.created_at)}: fc never heard whether its PaymentIntent was created, so it asks again with the same idempotency key (Stripe answers with the same PaymentIntent if it was).`));
      // The API forgets idempotency keys by its own clock (a sandbox may have been advanced), so the age is judged by it too.
      if (mustSearchBeforeCreate(record, Math.max(nowS(), await apiNow(ctx, stripe)))) {
        try {
          pi = await findPaymentByAttempt(stripe, {
            customer: input.customer,
            customerAccount: input.customerAccount,
            createdGte: record.created_at - 300,
            attempt: record.attempt,
          });
        } catch (err) {
          throw unknownOutcome(err, 'fc could not check whether the payment was already created');
        }
        if (pi) {
          record = { ...record, payment_intent: pi.id, step: 'created', status: pi.status, updated_at: nowS() };
          records.save(record);
        }
      }
    }

    const step = pi ? nextStep(pi) : 'create';
    if (step === 'create' || step === 'confirm') {
      const account = await getAccount(stripe, input.account);
      checkDebitable(account, input);
      const name = record?.terms.billing_name ?? (await billingName(ctx, stripe, input, account));
      const business = await businessName(ctx, stripe);
      const acceptedForTerms = record?.terms.accepted_at ?? input.acceptedAt ?? nowS();
      io.err(c.bold(`ACH debit: ${paymentLabel(input.amount, input.currency, account)}${account.institution_name ? ` at ${safeText(account.institution_name)}` : ''}`));
      io.err(c.dim(`Customer ${input.customer ?? input.customerAccount} · account holder ${safeText(name)} · mandate accepted from ${input.mandateIp}`));
      io.err('');
      for (const line of mandateTerms({
        business,
        amount: input.amount,
        currency: input.currency,
        account,
        date: acceptedForTerms,
        holderName: name,
        description: input.description,
      })) {
        io.err(line ? `  ${safeText(line)}` : '');
      }
      io.err('');
      if (!ctx.globals.yes) {
        const ok = await ctx.prompter.confirm(`Has the customer accepted these terms? Debit ${paymentLabel(input.amount, input.currency, account)} now?`, {
          missing: '--yes',
        });
        if (!ok) throw new CancelError('Cancelled: nothing was debited.');
      }
      await liveGuard(ctx, flags, `debit ${paymentLabel(input.amount, input.currency, account)}`, input.account);
      if (!record) {
        // Written before the first request: a crash from here on leaves a record the next run resumes.
        record = records.create(
          newRecord(
            target,
            input,
            { billing_name: name, accepted_at: input.acceptedAt ?? nowS(), user_agent: input.userAgent ?? `fc/${VERSION}` },
            nowS(),
            ...(idempotencyKey !== undefined ? [idempotencyKey] : []),
          ),
        );
      } else if ((input.name && input.name !== record.terms.billing_name) || (input.userAgent && input.userAgent !== record.terms.user_agent)) {
        // A replayed request must match the original, so the first run's values stand.
        io.err(c.yellow(`Resuming with the billing name and user agent of the first run (${safeText(record.terms.billing_name)}, ${safeText(record.terms.user_agent)}).`));
      }
    }
    if (!record) throw new Error('pay: no payment record'); // unreachable: every path above has one

    const save = (patch: Partial<PaymentRecord>) => {
      record = { ...record!, ...patch, updated_at: nowS() };
      records.save(record);
    };

    if (!pi) {
      try {
        pi = await createAchPayment(
          stripe,
          {
            amount: input.amount,
            currency: input.currency,
            account: input.account,
            customer: input.customer,
            customerAccount: input.customerAccount,
            billingName: record.terms.billing_name,
            description: input.description,
            attempt: record.attempt,
          },
          record.idempotency.create,
        );
      } catch (err) {
        const e = toFcError(err);
        // A definite rejection created nothing, so a corrected re-run should start afresh rather than replay the error.
        if (e instanceof ApiError && e.type !== 'idempotency_error') records.remove(key);
        throw unknownOutcome(err, 'the PaymentIntent may or may not have been created');
      }
      save({ payment_intent: pi.id, step: 'created', status: pi.status });
      io.err(`${c.green('✔')} Created PaymentIntent ${pi.id} (${pi.status})`);
    }

    if (nextStep(pi) === 'confirm') {
      try {
        pi = await confirmAchPayment(
          stripe,
          pi.id,
          { ipAddress: input.mandateIp, userAgent: record.terms.user_agent, acceptedAt: record.terms.accepted_at },
          record.idempotency.confirm,
        );
      } catch (err) {
        throw unknownOutcome(err, `PaymentIntent ${pi.id} was created, but whether it was confirmed (debit started) is not known`);
      }
      save({ step: 'confirmed', status: pi.status });
      io.err(`${c.green('✔')} Confirmed with the mandate accepted from ${input.mandateIp}: ${pi.status}`);
    } else if (record.step !== 'confirmed') {
      save({ step: 'confirmed', status: pi.status });
    }

    let timedOut = false;
    if (input.wait && pi.status === 'processing') {
      const spinner = createSpinner({ stderr: io.stderr, stderrIsTTY: io.stderrIsTTY, env: ctx.env }, `Waiting for the bank to settle ${pi.id}: processing`);
      try {
        const res = await waitForPayment(stripe, pi.id, {
          timeoutMs: input.timeoutMs,
          clock: ctx.clock,
          onProgress: (p, ms) => spinner.update(waitingText(ctx, p, ms)),
        });
        pi = res.pi;
        timedOut = res.timedOut;
      } catch (err) {
        spinner.fail(`Lost track of ${pi.id}`);
        throw unknownOutcome(err, `PaymentIntent ${pi.id} was confirmed and is processing, but its final status could not be read`);
      }
      const o = outcomeOf(pi);
      if (o === 'succeeded') spinner.succeed(`Settled: ${pi.id} succeeded`);
      else if (o === 'processing') spinner.warn(`${pi.id} is still processing after ${Math.round(input.timeoutMs / 1000)}s`);
      else spinner.fail(`${pi.id} ${o === 'failed' ? 'failed' : pi.status}`);
    } else {
      // create/confirm answers are not expanded; --json and the details view want the bank and mandate.
      const current = pi;
      pi = await getPayment(stripe, pi.id).catch(() => current);
    }
    if (isFinal(pi)) save({ step: 'final', status: pi.status });

    const mandateId = mandateIdOf(pi);
    const mandate = format === 'table' && mandateId ? await getMandate(stripe, mandateId).catch(() => undefined) : undefined;
    reportOutcome(ctx, pi, { format, mandate, timedOut, waited: input.wait, resume: 'the same fc pay command' });
  },
});
