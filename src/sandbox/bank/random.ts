import { createHash } from 'node:crypto';

/**
 * Deterministic randomness for generated bank data. Everything is derived from
 * SHA-256 of a text seed, so the same seed gives the same data on every machine
 * and Node version (no Math.random, no Date.now).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** sfc32: small, fast and well distributed; 128 bits of state from the seed's hash. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const h = digest(seed);
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    // Discard the first outputs: they still correlate with the raw seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly { weight: number; value: T }[]): T {
    const total = items.reduce((s, i) => s + i.weight, 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= item.weight;
      if (r < 0) return item.value;
    }
    return items[items.length - 1]!.value;
  }
}

/** A Stripe-shaped id (`prefix_` + 24 base62 chars) that is a pure function of `key`. */
export function stableId(prefix: string, key: string): string {
  const h = digest(`${prefix}:${key}`);
  let out = '';
  // 24 chars from 24 bytes; the modulo bias is irrelevant for ids.
  for (let i = 0; i < 24; i++) out += ALPHABET[h[i]! % 62];
  return `${prefix}_${out}`;
}
