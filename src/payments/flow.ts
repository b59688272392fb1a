import type Stripe from 'stripe';
import { getAccount, listOwners } from '../api/accounts.js';
import { getCustomer, getCustomerAccount } from '../api/customers.js';
import { confirmAchPayment, createAchPayment, findPaymentByAttempt, getPayment } from '../api/payments.js';
import { relinkCommand } from '../api/relink.js';
import { ApiError, AuthError, NetworkError, UsageError, toFcError } from '../errors.js';
import { formatTimestamp } from '../io/format.js';
import { safeText } from '../io/sanitize.js';
import { VERSION } from '../version.js';
import { accountLabel } from './mandate.js';
import {
  isFinal,
  mustSearchBeforeCreate,
  needsAcceptance,
  newRecord,
  nextStep,
  outcomeOf,
  type PaymentRecord,
  type PaymentRecords,
  type RecordTarget,
  recordKey,
} from './record.js';
import type { PayInput } from './validate.js';

/**
 * fc pay's resume machine: one ACH debit taken from wherever the last run left it
 * (nothing yet → create → confirm → wait), with the local record written before
 * every request that could act twice, so a re-run after any failure resumes the
 * same PaymentIntent with the same idempotency keys. The command parses flags,
 * supplies `PayDeps` (the client, the record store, the clock and its way of
 * talking to the person) and renders the result.
 */
export interface PayDeps {
  /** The client, asked for only after every check that needs no request has passed. */
  stripe(): Promise<Stripe>;
  records: PaymentRecords;
  target: RecordTarget;
  /** Unix seconds, from the context's clock. */
  now(): number;
  /** The API's clock (a sandbox may have been advanced): idempotency keys expire by it. */
  apiNow(): Promise<number>;
  /** Names the business in the mandate text. */
  business(): Promise<string>;
  /** Stripe-Version for a v2 customer Account. */
  v2Version: string;
  debug(line: string): void;
  ui: PayUi;
}

/** How the flow talks to the person running it; the command decides how that looks. */
export interface PayUi {
  say(text: string): void;
  note(text: string): void;
  warn(text: string): void;
  done(text: string): void;
  /** Refuses before the first request when nobody can confirm (throws UsageError); `nothing` says what was not done. */
  precheck(nothing?: string): void;
  /** Shows the debit and its mandate terms and gets them accepted, or throws CancelError. */
  accept(offer: { account: Stripe.FinancialConnections.Account; holderName: string; business: string; acceptedAt: number }): Promise<void>;
  /** Waits for a processing debit to settle (or time out). */
  settle(pi: Stripe.PaymentIntent): Promise<{ pi: Stripe.PaymentIntent; timedOut: boolean }>;
}

export interface PayResult {
  pi: Stripe.PaymentIntent;
  timedOut: boolean;
  /** This exact payment had already ended in an earlier run: nothing new happened. */
  alreadyFinal: boolean;
}

export const RESUME_HINT = 'Running the same command again re-sends the same requests with the same idempotency keys, so nothing is debited twice.';

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
async function billingName(deps: PayDeps, stripe: Stripe, input: PayInput, account: Stripe.FinancialConnections.Account): Promise<string> {
  if (input.name) return input.name;
  const ownership = typeof account.ownership === 'string' ? account.ownership : account.ownership?.id;
  if (ownership && (account.permissions ?? []).includes('ownership')) {
    try {
      const owner = (await listOwners(stripe, account.id, ownership)).find((o) => o.name.trim() !== '');
      if (owner) return owner.name;
    } catch (err) {
      // Ownership is only a convenience here; the customer's name is the next best source.
      deps.debug(`owners of ${account.id}: ${(err as Error).message}`);
    }
  }
  if (input.customer) {
    const c = await getCustomer(stripe, input.customer);
    if (!('deleted' in c && c.deleted) && (c as Stripe.Customer).name) return (c as Stripe.Customer).name!;
  } else if (input.customerAccount) {
    const a = await getCustomerAccount(stripe, input.customerAccount, deps.v2Version);
    if (a.display_name) return a.display_name;
  }
  throw new UsageError(
    "Missing --name: the account has no ownership data and the customer has no name, and ACH needs the account holder's name. Nothing was debited.",
  );
}

/** Runs (or resumes) the debit `input` describes; `idempotencyKey` is the caller's own, if any. */
export async function runPayment(deps: PayDeps, input: PayInput, idempotencyKey?: string): Promise<PayResult> {
  const { records, ui } = deps;
  const key = recordKey(deps.target, input);
  let record = records.load(key);
  // Everything that can refuse without a terminal refuses before the first request.
  if (needsAcceptance(record)) ui.precheck();
  const stripe = await deps.stripe();

  let pi: Stripe.PaymentIntent | undefined;
  if (record?.payment_intent) {
    pi = await retrieveIfExists(stripe, record.payment_intent);
    if (!pi) {
      ui.warn(`The local record of this payment points at ${record.payment_intent}, which this API does not know (was the sandbox reset?). Starting a new payment.`);
      records.remove(key);
      record = undefined;
      ui.precheck('Nothing was debited.');
    } else if (record.step === 'final' || isFinal(pi)) {
      if (record.step !== 'final') ui.note(`Resuming the payment started ${formatTimestamp(record.created_at)}: ${pi.id} is ${pi.status}.`);
      else {
        ui.say(`This exact payment already ran on ${formatTimestamp(record.created_at)}: ${pi.id} (${outcomeOf(pi)}). Nothing new was debited.`);
        ui.note('Same account, customer, amount, mandate IP, acceptance time and description means the same payment. To pay again, change --description (e.g. add an invoice number).');
      }
      records.save({ ...record, step: 'final', status: pi.status, updated_at: deps.now() });
      return { pi, timedOut: false, alreadyFinal: true };
    } else {
      ui.note(`Resuming the payment started ${formatTimestamp(record.created_at)}: ${pi.id} is ${pi.status}.`);
    }
  } else if (record) {
    ui.note(
      `Resuming the payment started ${formatTimestamp(record.created_at)}: fc never heard whether its PaymentIntent was created, so it asks again with the same idempotency key (Stripe answers with the same PaymentIntent if it was).`,
    );
    // The API forgets idempotency keys by its own clock (a sandbox may have been advanced), so the age is judged by it too.
    if (mustSearchBeforeCreate(record, Math.max(deps.now(), await deps.apiNow()))) {
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
        record = { ...record, payment_intent: pi.id, step: 'created', status: pi.status, updated_at: deps.now() };
        records.save(record);
      }
    }
  }

  const step = pi ? nextStep(pi) : 'create';
  if (step === 'create' || step === 'confirm') {
    const account = await getAccount(stripe, input.account);
    checkDebitable(account, input);
    const holderName = record?.terms.billing_name ?? (await billingName(deps, stripe, input, account));
    await ui.accept({ account, holderName, business: await deps.business(), acceptedAt: record?.terms.accepted_at ?? input.acceptedAt ?? deps.now() });
    if (!record) {
      // Written before the first request: a crash from here on leaves a record the next run resumes.
      record = records.create(
        newRecord(
          deps.target,
          input,
          { billing_name: holderName, accepted_at: input.acceptedAt ?? deps.now(), user_agent: input.userAgent ?? `fc/${VERSION}` },
          deps.now(),
          ...(idempotencyKey !== undefined ? [idempotencyKey] : []),
        ),
      );
    } else if ((input.name && input.name !== record.terms.billing_name) || (input.userAgent && input.userAgent !== record.terms.user_agent)) {
      // A replayed request must match the original, so the first run's values stand.
      ui.warn(`Resuming with the billing name and user agent of the first run (${safeText(record.terms.billing_name)}, ${safeText(record.terms.user_agent)}).`);
    }
  }
  if (!record) throw new Error('pay: no payment record'); // unreachable: every path above has one

  let current: PaymentRecord = record;
  const save = (patch: Partial<PaymentRecord>) => {
    current = { ...current, ...patch, updated_at: deps.now() };
    records.save(current);
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
          billingName: current.terms.billing_name,
          description: input.description,
          attempt: current.attempt,
        },
        current.idempotency.create,
      );
    } catch (err) {
      const e = toFcError(err);
      // A definite rejection created nothing, so a corrected re-run should start afresh rather than replay the error.
      if (e instanceof ApiError && e.type !== 'idempotency_error') records.remove(key);
      throw unknownOutcome(err, 'the PaymentIntent may or may not have been created');
    }
    save({ payment_intent: pi.id, step: 'created', status: pi.status });
    ui.done(`Created PaymentIntent ${pi.id} (${pi.status})`);
  }

  if (nextStep(pi) === 'confirm') {
    try {
      pi = await confirmAchPayment(
        stripe,
        pi.id,
        { ipAddress: input.mandateIp, userAgent: current.terms.user_agent, acceptedAt: current.terms.accepted_at },
        current.idempotency.confirm,
      );
    } catch (err) {
      throw unknownOutcome(err, `PaymentIntent ${pi.id} was created, but whether it was confirmed (debit started) is not known`);
    }
    save({ step: 'confirmed', status: pi.status });
    ui.done(`Confirmed with the mandate accepted from ${input.mandateIp}: ${pi.status}`);
  } else if (current.step !== 'confirmed') {
    save({ step: 'confirmed', status: pi.status });
  }

  let timedOut = false;
  if (input.wait && pi.status === 'processing') {
    const confirmed = pi;
    try {
      ({ pi, timedOut } = await ui.settle(confirmed));
    } catch (err) {
      throw unknownOutcome(err, `PaymentIntent ${confirmed.id} was confirmed and is processing, but its final status could not be read`);
    }
  } else {
    // create/confirm answers are not expanded; --json and the details view want the bank and mandate.
    const answered = pi;
    pi = await getPayment(stripe, pi.id).catch(() => answered);
  }
  if (isFinal(pi)) save({ step: 'final', status: pi.status });
  return { pi, timedOut, alreadyFinal: false };
}
