import { invalidParam, missingParam } from './errors.js';

/**
 * Typed reads over decoded request parameters. Form bodies carry only strings, so
 * every read coerces and validates, and names the parameter in Stripe's bracket
 * spelling (`account_holder[customer]`) when it fails.
 */
export type Raw = unknown;
export type RawObject = Record<string, Raw>;

/** The email shape Stripe accepts: something@domain.tld, no spaces. */
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Stripe's address hash; every part may be absent. */
export interface AddressFields {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export function isObject(v: Raw): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Params {
  constructor(
    readonly raw: RawObject,
    readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  /** A string; `''` means "unset" in Stripe's form encoding and reads as null. */
  str(key: string): string | null | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') throw invalidParam(this.name(key), `Invalid string: ${this.name(key)} must be a string.`);
    return v;
  }

  requireStr(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === null) throw missingParam(this.name(key));
    return v;
  }

  int(key: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !/^-?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
      throw invalidParam(this.name(key), `Invalid integer: ${typeof v === 'string' ? v : JSON.stringify(v)}`, 'parameter_invalid_integer');
    }
    return Number(s);
  }

  requireInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw missingParam(this.name(key));
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw invalidParam(this.name(key), `Invalid boolean: ${String(v)}`);
  }

  enumOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined || v === null) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  /** An array given as `a[]=x`, `a[0]=x` or (JSON) a list; each element a string. */
  strArray(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return [];
    const list = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [v];
    return list.map((item, i) => {
      if (typeof item !== 'string') throw invalidParam(`${this.name(key)}[${i}]`, `Invalid string: ${this.name(key)}[${i}]`);
      return item;
    });
  }

  enumArray<T extends string>(key: string, allowed: readonly T[]): T[] | undefined {
    const list = this.strArray(key);
    if (list === undefined) return undefined;
    list.forEach((item, i) => {
      if (!(allowed as readonly string[]).includes(item)) {
        throw invalidParam(`${this.name(key)}[${i}]`, `Invalid ${this.name(key)}[${i}]: must be one of ${allowed.join(', ')}`);
      }
    });
    return list as T[];
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (!isObject(v)) throw invalidParam(this.name(key), `Invalid object: ${this.name(key)} must be a hash.`);
    return new Params(v, this.name(key));
  }

  requireObj(key: string): Params {
    const v = this.obj(key);
    if (!v) throw missingParam(this.name(key));
    return v;
  }

  /** An address hash (`address[line1]=…`); `''` unsets it (null); absent is undefined. */
  address(key: string): AddressFields | null | undefined {
    if (!this.has(key)) return undefined;
    const a = this.obj(key);
    if (!a) return null;
    return {
      city: a.str('city') ?? null,
      country: a.str('country') ?? null,
      line1: a.str('line1') ?? null,
      line2: a.str('line2') ?? null,
      postal_code: a.str('postal_code') ?? null,
      state: a.str('state') ?? null,
    };
  }

  /** `metadata[key]=value` pairs; `''` unsets a key when merged. */
  metadata(key = 'metadata'): Record<string, string> | null | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (!isObject(v)) throw invalidParam(this.name(key), `Invalid object: ${this.name(key)} must be a hash.`);
    const entries = Object.entries(v);
    // Stripe's limits: 50 keys, keys up to 40 characters, values plain strings up to 500.
    if (entries.length > 50) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: at most 50 keys are allowed, got ${entries.length}.`);
    for (const [k, val] of entries) {
      const name = `${this.name(key)}[${k.slice(0, 40)}]`;
      if (typeof val !== 'string') throw invalidParam(name, `Invalid string: ${name} must be a string, not a hash or an array.`);
      if (k.length > 40) throw invalidParam(name, `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters.`);
      if (val.length > 500) throw invalidParam(name, `Metadata values can have up to 500 characters, but you passed in a value that is ${val.length} characters.`);
    }
    return Object.fromEntries(entries) as Record<string, string>;
  }
}

export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}
