import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isFinal,
  KEY_LIFETIME_S,
  mustSearchBeforeCreate,
  needsAcceptance,
  newRecord,
  nextStep,
  outcomeOf,
  PaymentRecords,
  recordKey,
  type RecordTarget,
} from '../../../src/payments/record.js';
import type { PayInput } from '../../../src/payments/validate.js';

const target: RecordTarget = { kind: 'sandbox', base: null, live: false };
const input: PayInput = {
  account: 'fca_1',
  customer: 'cus_1',
  amount: 100,
  currency: 'usd',
  mandateIp: '71.183.194.54',
  wait: true,
  timeoutMs: 120_000,
};
const terms = { billing_name: 'Jenny Rosen', accepted_at: 1_800_000_000, user_agent: 'fc/1.0.0' };

describe('record keying', () => {
  it('is the same for the same command, whatever the flags that do not define the payment', () => {
    expect(recordKey(target, input)).toBe(recordKey(target, { ...input, wait: false, timeoutMs: 5, name: 'Other', userAgent: 'ua' }));
  });

  it.each([
    ['account', { account: 'fca_2' }],
    ['customer id', { customer: 'cus_2' }],
    ['customer account instead', { customer: undefined, customerAccount: 'acct_1' }],
    ['amount', { amount: 101 }],
    ['mandate ip', { mandateIp: '71.183.194.55' }],
    ['acceptance time', { acceptedAt: 1_800_000_000 }],
    ['description', { description: 'invoice 43' }],
  ] as [string, Partial<PayInput>][])('changes with the %s', (_n, patch) => {
    expect(recordKey(target, { ...input, ...patch })).not.toBe(recordKey(target, input));
  });

  it('changes with the target, so a sandbox record never resumes on Stripe', () => {
    expect(recordKey({ kind: 'stripe', base: null, live: false }, input)).not.toBe(recordKey(target, input));
    expect(recordKey({ kind: 'base', base: 'http://127.0.0.1:1', live: false }, input)).not.toBe(
      recordKey({ kind: 'base', base: 'http://127.0.0.1:2', live: false }, input),
    );
  });

  it('derives both idempotency keys from one random attempt id', () => {
    const a = newRecord(target, input, terms, 1000);
    const b = newRecord(target, input, terms, 1000);
    expect(a.key).toBe(b.key);
    expect(a.attempt).not.toBe(b.attempt);
    expect(a.idempotency).toEqual({ create: `fc-pay-${a.attempt}-create`, confirm: `fc-pay-${a.attempt}-confirm` });
    expect(a).toMatchObject({ step: 'new', payment_intent: null, terms });
  });
});

describe('resume decisions', () => {
  it('confirms only an intent that waits for confirmation', () => {
    expect(nextStep({ status: 'requires_confirmation' })).toBe('confirm');
    expect(nextStep({ status: 'processing' })).toBe('wait');
    expect(nextStep({ status: 'succeeded' })).toBe('done');
    expect(nextStep({ status: 'canceled' })).toBe('done');
    // A failed debit looks like requires_payment_method with an error: confirming again would be a second debit.
    expect(nextStep({ status: 'requires_payment_method', last_payment_error: { code: 'insufficient_funds' } })).toBe('done');
  });

  it('asks for acceptance until the debit was confirmed', () => {
    const r = newRecord(target, input, terms, 1000);
    expect(needsAcceptance(undefined)).toBe(true);
    expect(needsAcceptance(r)).toBe(true);
    expect(needsAcceptance({ ...r, step: 'created' })).toBe(true);
    expect(needsAcceptance({ ...r, step: 'confirmed' })).toBe(false);
    expect(needsAcceptance({ ...r, step: 'final' })).toBe(false);
  });

  it('searches by attempt id only when the create key may have expired', () => {
    const r = newRecord(target, input, terms, 1000);
    expect(mustSearchBeforeCreate(r, 1000 + 60)).toBe(false);
    expect(mustSearchBeforeCreate(r, 1000 + KEY_LIFETIME_S + 1)).toBe(true);
    expect(mustSearchBeforeCreate({ ...r, step: 'created', payment_intent: 'pi_1' }, 1000 + KEY_LIFETIME_S + 1)).toBe(false);
  });

  it('classifies outcomes', () => {
    expect(outcomeOf({ status: 'succeeded' })).toBe('succeeded');
    expect(outcomeOf({ status: 'requires_payment_method', last_payment_error: {} })).toBe('failed');
    expect(outcomeOf({ status: 'requires_payment_method', last_payment_error: null })).toBe('other');
    expect(isFinal({ status: 'processing' })).toBe(false);
    expect(isFinal({ status: 'canceled' })).toBe(true);
  });
});

describe('record files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fc-records-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a record, written atomically with mode 0600 in a 0700 folder', () => {
    const records = new PaymentRecords(dir);
    const r = newRecord(target, input, terms, 1000);
    expect(records.load(r.key)).toBeUndefined();
    records.save(r);
    records.save({ ...r, step: 'created', payment_intent: 'pi_1' });
    expect(records.load(r.key)).toMatchObject({ step: 'created', payment_intent: 'pi_1', attempt: r.attempt });
    expect(readdirSync(records.dir)).toEqual([`${r.key}.json`]);
    if (process.platform !== 'win32') {
      expect(statSync(records.path(r.key)).mode & 0o777).toBe(0o600);
      expect(statSync(records.dir).mode & 0o777).toBe(0o700);
    }
    records.remove(r.key);
    expect(records.load(r.key)).toBeUndefined();
  });

  it('refuses an unreadable record instead of paying again', () => {
    const records = new PaymentRecords(dir);
    const r = newRecord(target, input, terms, 1000);
    records.save(r);
    writeFileSync(records.path(r.key), '{not json');
    expect(() => records.load(r.key)).toThrow(/unreadable/);
  });
});

describe('concurrent first runs', () => {
  it('the first record written wins, so both runs share one attempt id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-records-'));
    try {
      const records = new PaymentRecords(dir);
      const a = newRecord(target, input, terms, 1000);
      const b = newRecord(target, input, terms, 1001);
      expect(records.create(a).attempt).toBe(a.attempt);
      expect(records.create(b).attempt).toBe(a.attempt);
      expect(readdirSync(records.dir)).toEqual([`${a.key}.json`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
