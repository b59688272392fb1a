import { isIP } from 'node:net';
import { UsageError } from './errors.js';

/**
 * Local checks that run before anything is sent. Each error names the flag and
 * shows the bad value (shortened and with control characters escaped, so a hostile
 * value cannot rewrite the terminal).
 */
export function shown(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > 60 ? `"${clean.slice(0, 57)}…"` : `"${clean}"`;
}

const ID_BODY = /^[A-Za-z0-9]{1,200}$/;

export function parseId(value: string | undefined, prefixes: string[], flag: string, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`Missing ${flag}: give a ${what} id (${prefixes.map((p) => `${p}_…`).join(' or ')}).`);
  const prefix = prefixes.find((p) => value.startsWith(`${p}_`));
  if (!prefix || !ID_BODY.test(value.slice(prefix.length + 1))) {
    throw new UsageError(`${flag} must be a ${what} id (${prefixes.map((p) => `${p}_…`).join(' or ')}), got ${shown(value)}.`);
  }
  return value;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function parseEmail(value: string, flag = '--email'): string {
  if (value.length > 254 || !EMAIL.test(value)) throw new UsageError(`${flag} must be an email address like jenny@example.com, got ${shown(value)}.`);
  return value;
}

export function parseText(value: string, flag: string, max = 256): string {
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty.`);
  if (value.length > max) throw new UsageError(`${flag} must be at most ${max} characters, got ${value.length}.`);
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) throw new UsageError(`${flag} must not contain control characters.`);
  return value;
}

export function parseInteger(value: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${shown(value)}.`);
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${shown(value)}.`);
  return n;
}

export function parseLimit(value: string, flag = '--limit'): number {
  return parseInteger(value, flag, 1, 100);
}

/** `a,b,c` → a checked, de-duplicated list of allowed values. */
export function parseCommaList<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${flag} needs at least one of: ${allowed.join(', ')}.`);
  const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (bad.length) throw new UsageError(`${flag} got ${bad.map(shown).join(', ')}; allowed values: ${allowed.join(', ')}.`);
  return [...new Set(items)] as T[];
}

export function parseUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an absolute URL such as https://example.com/return, got ${shown(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${flag} must be an http(s) URL, got ${shown(value)}.`);
  return value;
}

export function parseIp(value: string, flag: string): string {
  if (isIP(value.trim()) === 0) throw new UsageError(`${flag} must be an IPv4 or IPv6 address, got ${shown(value)}.`);
  return value.trim();
}

const COUNTRY = /^[A-Z]{2}$/;
export function parseCountry(value: string, flag: string): string {
  const v = value.trim().toUpperCase();
  if (!COUNTRY.test(v)) throw new UsageError(`${flag} must be a two-letter country code such as US, got ${shown(value)}.`);
  return v;
}

/** Stripe takes keys of up to 255 characters; fc also keeps them printable so they can be shown and typed again. */
export function parseIdempotencyKey(value: string, flag = '--idempotency-key', max = 255): string {
  if (value.length < 1 || value.length > max || !/^[\x21-\x7e]+$/.test(value)) {
    throw new UsageError(`${flag} must be 1 to ${max} printable characters without spaces, got ${value.length} characters.`);
  }
  return value;
}
