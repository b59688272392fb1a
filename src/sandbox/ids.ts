import { createHash, randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random bytes drawn 4 KiB at a time: one randomBytes() call per request id showed in profiles. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function pooledRandomBytes(n: number): Buffer {
  if (n > pool.length) return randomBytes(n);
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

let bytesFor: (n: number) => Buffer = pooledRandomBytes;
let seeded = false;

/**
 * Reproducible ids for golden tests: from now on every token of this process comes
 * from `seed` (SHA-256 of seed and a counter); `undefined` goes back to random ones.
 * Generated bank data depends on ids, so it is reproducible too.
 */
export function seedIds(seed: string | undefined): void {
  seeded = seed !== undefined;
  if (seed === undefined) {
    bytesFor = pooledRandomBytes;
    return;
  }
  let counter = 0;
  bytesFor = (n) => {
    const out = Buffer.alloc(n);
    for (let off = 0; off < n; ) off += createHash('sha256').update(`${seed}:${counter++}`).digest().copy(out, off);
    return out;
  };
}

/** Base62 random string, the shape Stripe uses after an id's prefix. */
export function randomToken(length = 24): string {
  const bytes = bytesFor(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
    if (bytes[i]! < 248) out += ALPHABET[bytes[i]! % 62];
  }
  return out.length === length ? out : out + randomToken(length - out.length);
}

/**
 * A request id (`req_…`): unique, never secret, and made for every request, a GET too.
 * V8's generator (seeded from the OS at start) keeps node:crypto, ~2.4 ms of loading,
 * out of a command that creates nothing; a seeded run stays reproducible.
 */
export function requestId(): string {
  if (seeded) return `req_${randomToken(14)}`;
  let out = 'req_';
  for (let i = 0; i < 14; i++) out += ALPHABET[Math.floor(Math.random() * 62)];
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

export function newSecret(id: string): string {
  return `${id}_secret_${randomToken(24)}`;
}
