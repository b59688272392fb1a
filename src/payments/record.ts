import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FcError, ExitCode } from '../errors.js';
import type { PayInput } from './validate.js';

/**
 * The local record that makes `fc pay` safe to re-run.
 *
 * A pay run first writes a record keyed by the inputs that define "this payment"
 * (target, account, customer, amount, currency, mandate IP, acceptance time,
 * description) holding a random attempt id. The idempotency keys of the create and
 * confirm calls derive from that id, so a re-run after a crash or a lost answer
 * sends the very same requests: Stripe replays the first answers instead of making
 * a second PaymentIntent or a second debit. The record also keeps the values fc
 * resolved itself (billing name, user agent, acceptance time) because a replay
 * must carry the same parameters as the original request.
 *
 * Once the PaymentIntent reaches a final state the record is `final`. Running the
 * same command again then prints that earlier result instead of paying again: for
 * a command that moves money, "same command, same payment" is the only default a
 * retry loop in a script can rely on. To pay again with otherwise equal inputs,
 * change --description (it is part of the key), e.g. add an invoice number.
 *
 * The record holds ids and the mandate facts the customer gave, never a key.
 */

export type RecordStep = 'new' | 'created' | 'confirmed' | 'final';

export interface RecordTarget {
  kind: 'stripe' | 'base' | 'sandbox';
  /** The API base for --api-base targets; null for api.stripe.com and the embedded sandbox (its store lives in the same folder). */
  base: string | null;
  live: boolean;
}

export interface PaymentRecord {
  version: 1;
  key: string;
  attempt: string;
  created_at: number;
  updated_at: number;
  target: RecordTarget;
  input: {
    account: string;
    customer: string | null;
    customer_account: string | null;
    amount: number;
    currency: string;
    mandate_ip: string;
    accepted_at: number | null;
    description: string | null;
  };
  /** Resolved once, then reused so that every replayed request is identical. */
  terms: { billing_name: string; accepted_at: number; user_agent: string };
  idempotency: { create: string; confirm: string };
  payment_intent: string | null;
  step: RecordStep;
  status: string | null;
}

function keyInput(target: RecordTarget, input: PayInput): PaymentRecord['input'] & { target: RecordTarget } {
  return {
    target,
    account: input.account,
    customer: input.customer ?? null,
    customer_account: input.customerAccount ?? null,
    amount: input.amount,
    currency: input.currency,
    mandate_ip: input.mandateIp,
    accepted_at: input.acceptedAt ?? null,
    description: input.description ?? null,
  };
}

/** sha256 over a fixed field order, so the key does not depend on flag order or spelling of defaults. */
export function recordKey(target: RecordTarget, input: PayInput): string {
  const k = keyInput(target, input);
  const fields = [
    'v1',
    k.target.kind,
    k.target.base ?? '',
    k.target.live ? 'live' : 'test',
    k.account,
    k.customer ?? '',
    k.customer_account ?? '',
    String(k.amount),
    k.currency,
    k.mandate_ip,
    k.accepted_at === null ? '' : String(k.accepted_at),
    k.description ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 40);
}

export function newAttemptId(): string {
  return randomBytes(12).toString('base64url');
}

export function newRecord(
  target: RecordTarget,
  input: PayInput,
  terms: PaymentRecord['terms'],
  nowSeconds: number,
  attempt: string = newAttemptId(),
): PaymentRecord {
  const { target: _t, ...fields } = keyInput(target, input);
  return {
    version: 1,
    key: recordKey(target, input),
    attempt,
    created_at: nowSeconds,
    updated_at: nowSeconds,
    target,
    input: fields,
    terms,
    idempotency: { create: `fc-pay-${attempt}-create`, confirm: `fc-pay-${attempt}-confirm` },
    payment_intent: null,
    step: 'new',
    status: null,
  };
}

/** A run must show the mandate and get acceptance unless the debit was already confirmed. */
export function needsAcceptance(record: PaymentRecord | undefined): boolean {
  return !record || record.step === 'new' || record.step === 'created';
}

/**
 * Stripe keeps idempotency keys for at least 24 hours. A record stuck before the
 * create answer for longer than that cannot rely on a replay, so fc first looks
 * for a PaymentIntent tagged with the attempt id.
 */
export const KEY_LIFETIME_S = 23 * 3600;
export function mustSearchBeforeCreate(record: PaymentRecord, nowSeconds: number): boolean {
  return record.step === 'new' && nowSeconds - record.created_at > KEY_LIFETIME_S;
}

export type NextStep = 'confirm' | 'wait' | 'done';

interface IntentState {
  status: string;
  last_payment_error?: unknown;
}

/**
 * What a resumed run does with the PaymentIntent it found. Only an intent that
 * still waits for confirmation is confirmed; anything later is followed or
 * reported, so a re-run never confirms twice.
 */
export function nextStep(pi: IntentState): NextStep {
  switch (pi.status) {
    case 'requires_confirmation':
      return 'confirm';
    case 'requires_payment_method':
      // After a confirm, requires_payment_method with an error is how a failed debit looks.
      return pi.last_payment_error ? 'done' : 'confirm';
    case 'processing':
      return 'wait';
    default:
      return 'done';
  }
}

export type Outcome = 'succeeded' | 'failed' | 'canceled' | 'processing' | 'other';

export function outcomeOf(pi: IntentState): Outcome {
  if (pi.status === 'succeeded') return 'succeeded';
  if (pi.status === 'canceled') return 'canceled';
  if (pi.status === 'processing') return 'processing';
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) return 'failed';
  return 'other';
}

export function isFinal(pi: IntentState): boolean {
  const o = outcomeOf(pi);
  return o === 'succeeded' || o === 'failed' || o === 'canceled';
}

/** Record files under `<data>/payments/`, each replaced atomically (temp file + rename), mode 0600. */
export class PaymentRecords {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'payments');
  }

  path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  load(key: string): PaymentRecord | undefined {
    const file = this.path(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const rec = JSON.parse(text) as PaymentRecord;
      if (rec.version !== 1 || rec.key !== key || typeof rec.attempt !== 'string') throw new Error('unexpected shape');
      return rec;
    } catch {
      // Ignoring it could debit twice; only a person can tell what happened.
      throw new FcError(
        `The local record of this payment is unreadable: ${file}`,
        ExitCode.usage,
        'Check with fc payments list --customer … whether the payment exists, then move that file away and run the command again.',
      );
    }
  }

  private writeTemp(record: PaymentRecord): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path(record.key)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(record, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return tmp;
  }

  save(record: PaymentRecord): void {
    renameSync(this.writeTemp(record), this.path(record.key));
  }

  /**
   * Stores a new record unless one exists, and returns the record that won. Two
   * identical commands started at once thus share one attempt id and send the
   * same idempotent requests, instead of making two payments.
   */
  create(record: PaymentRecord): PaymentRecord {
    const tmp = this.writeTemp(record);
    try {
      linkSync(tmp, this.path(record.key));
      return record;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return this.load(record.key) ?? record;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  remove(key: string): void {
    rmSync(this.path(key), { force: true });
  }
}
