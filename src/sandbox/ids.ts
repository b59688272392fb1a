import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 random string, the shape Stripe uses after an id's prefix. */
export function randomToken(length = 24): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
    if (bytes[i]! < 248) out += ALPHABET[bytes[i]! % 62];
  }
  return out.length === length ? out : out + randomToken(length - out.length);
}

export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

export function newSecret(id: string): string {
  return `${id}_secret_${randomToken(24)}`;
}
