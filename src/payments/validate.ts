import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { parseId, parseInteger, parseText, shown } from '../validate.js';

/**
 * Everything `fc pay` checks before it sends anything: a bad flag stops here
 * with exit 2 and a message that names it. Pure apart from the clock passed in.
 */

/** The smallest ACH debit Stripe accepts in usd is $0.50. */
export const MIN_USD_AMOUNT = 50;
export const MAX_AMOUNT = 99_999_999;
/** Before this (2000-01-01) an acceptance time is a typo, not a mandate. */
const EARLIEST_ACCEPTANCE = 946_684_800;

let knownCurrencies: Set<string> | undefined;
function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));
  return knownCurrencies.has(code);
}

export function parseCurrency(value: string, flag = '--currency'): 'usd' {
  const code = value.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(code) || !isKnownCurrency(code)) {
    throw new UsageError(`${flag} must be an ISO 4217 currency code such as usd, got ${shown(value)}.`);
  }
  if (code !== 'usd') {
    throw new UsageError(`${flag} ${code} is not possible here: ACH Direct Debit debits US bank accounts in usd only.`);
  }
  return code;
}

export function parseAmount(value: string | undefined, currency: string, flag = '--amount'): number {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`Missing ${flag}: the amount in minor units (100 = $1.00).`);
  }
  if (!/^\d+$/.test(value.trim())) {
    throw new UsageError(`${flag} must be a whole number of minor units (cents: 100 = $1.00), got ${shown(value)}.`);
  }
  const n = Number(value.trim());
  const min = currency === 'usd' ? MIN_USD_AMOUNT : 1;
  if (!Number.isSafeInteger(n) || n < min || n > MAX_AMOUNT) {
    throw new UsageError(`${flag} must be from ${min} to ${MAX_AMOUNT.toLocaleString('en-US')} minor units (${min} = $${(min / 100).toFixed(2)}), got ${shown(value)}.`);
  }
  return n;
}

export function parseMandateIp(value: string | undefined, flag = '--mandate-ip'): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`Missing ${flag}: the IP address the customer accepted the mandate from.`);
  }
  const ip = value.trim();
  // A zone id (fe80::1%eth0) names a local interface, never a customer's address.
  if (isIP(ip) === 0 || ip.includes('%')) {
    throw new UsageError(`${flag} must be the IPv4 or IPv6 address the customer accepted the mandate from, got ${shown(value)}.`);
  }
  return ip.toLowerCase();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * `--accepted-at`: unix seconds or an ISO-8601 date/date-time. A date alone means
 * local midnight, like the dates of `fc accounts transactions`; a date-time
 * without an offset is local time.
 */
export function parseAcceptedAt(value: string, now: Date, flag = '--accepted-at'): number {
  const v = value.trim();
  let seconds: number;
  if (/^\d+$/.test(v)) {
    seconds = Number(v);
    if (seconds > 99_999_999_999) {
      throw new UsageError(`${flag} looks like milliseconds; give unix seconds (e.g. ${Math.floor(now.getTime() / 1000)}) or an ISO date, got ${shown(value)}.`);
    }
  } else {
    const m = ISO.exec(v);
    if (!m) {
      throw new UsageError(`${flag} must be unix seconds or an ISO-8601 date such as 2026-01-31 or 2026-01-31T14:05:00Z, got ${shown(value)}.`);
    }
    const [, y, mo, d, h, mi, s, zone] = m;
    const parts = [Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)] as const;
    const ms = zone ? Date.parse(v.replace(' ', 'T')) : new Date(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]).getTime();
    // Date silently rolls 2026-02-30 over to March; a date that does not exist is a typo.
    const check = new Date(parts[0], parts[1] - 1, parts[2]);
    if (Number.isNaN(ms) || check.getMonth() !== parts[1] - 1 || check.getDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) {
      throw new UsageError(`${flag} is not a real date or time, got ${shown(value)}.`);
    }
    seconds = Math.floor(ms / 1000);
  }
  if (seconds > Math.floor(now.getTime() / 1000)) {
    throw new UsageError(`${flag} is in the future (${new Date(seconds * 1000).toISOString()}): the customer must already have accepted the mandate.`);
  }
  if (seconds < EARLIEST_ACCEPTANCE) {
    throw new UsageError(`${flag} is before the year 2000, which cannot be when the customer accepted, got ${shown(value)}.`);
  }
  return seconds;
}

/** The flags of `fc pay`, as commander hands them over. */
export interface PayFlags {
  account?: string;
  customer?: string;
  customerAccount?: string;
  amount?: string;
  currency?: string;
  mandateIp?: string;
  mandateUserAgent?: string;
  acceptedAt?: string;
  name?: string;
  description?: string;
  wait?: boolean;
  timeout?: string;
  live?: boolean;
}

/** A pay request that passed every local check. */
export interface PayInput {
  account: string;
  customer?: string;
  customerAccount?: string;
  amount: number;
  currency: 'usd';
  mandateIp: string;
  /** Undefined: fc/<version> (resolved when the record is made). */
  userAgent?: string;
  /** Undefined: the moment the customer accepts (resolved when the record is made). */
  acceptedAt?: number;
  name?: string;
  description?: string;
  wait: boolean;
  timeoutMs: number;
}

export function parsePayFlags(flags: PayFlags, now: Date): PayInput {
  const account = parseId(flags.account, ['fca'], '--account', 'Financial Connections account');
  if (flags.customer !== undefined && flags.customerAccount !== undefined) {
    throw new UsageError('Give either --customer or --customer-account, not both.');
  }
  if (flags.customer === undefined && flags.customerAccount === undefined) {
    throw new UsageError('Missing --customer: the customer (cus_…) who owns the account, or --customer-account acct_… for a v2 customer Account.');
  }
  const customer = flags.customer !== undefined ? parseId(flags.customer, ['cus'], '--customer', 'customer') : undefined;
  const customerAccount =
    flags.customerAccount !== undefined ? parseId(flags.customerAccount, ['acct'], '--customer-account', 'customer Account') : undefined;
  const currency = parseCurrency(flags.currency ?? 'usd');
  const amount = parseAmount(flags.amount, currency);
  const mandateIp = parseMandateIp(flags.mandateIp);
  const userAgent = flags.mandateUserAgent !== undefined ? parseText(flags.mandateUserAgent, '--mandate-user-agent', 500) : undefined;
  const acceptedAt = flags.acceptedAt !== undefined ? parseAcceptedAt(flags.acceptedAt, now) : undefined;
  const name = flags.name !== undefined ? parseText(flags.name, '--name', 256) : undefined;
  const description = flags.description !== undefined ? parseText(flags.description, '--description', 1000) : undefined;
  const timeoutMs = parseInteger(flags.timeout ?? '120', '--timeout', 1, 86_400) * 1000;
  return { account, customer, customerAccount, amount, currency, mandateIp, userAgent, acceptedAt, name, description, wait: flags.wait !== false, timeoutMs };
}
