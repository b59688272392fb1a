// The idempotency stage of the request path: a POST with an Idempotency-Key answers
// what it answered the first time (Stripe keeps keys 24 hours), a reused key with
// other parameters is Stripe's idempotency_error, and only a handled request (not a
// validation failure) is remembered, so a corrected retry with the same key works.
import type { Store } from '../store.js';
import { invalidRequest, SandboxApiError } from './errors.js';

export const IDEMPOTENCY_TTL_S = 24 * 3600;

export interface Answer {
  status: number;
  body: string;
}

export interface KeyedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  paramsHash: string;
}

const keyed = (r: KeyedRequest): r is KeyedRequest & { idempotencyKey: string } => r.method === 'POST' && r.idempotencyKey !== undefined;

/** The answer this key got before, or undefined when the request is to run. Runs inside the request's transaction. */
export function replay(store: Store, now: number, r: KeyedRequest): Answer | undefined {
  if (!keyed(r)) return undefined;
  if (r.idempotencyKey.length > 255) throw invalidRequest('Idempotency-Key must be at most 255 characters long.');
  store.pruneIdempotency(now - IDEMPOTENCY_TTL_S);
  const prior = store.getIdempotency(r.idempotencyKey);
  if (!prior) return undefined;
  if (prior.paramsHash !== r.paramsHash) {
    throw new SandboxApiError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${r.idempotencyKey}' if you meant to execute a different request.`,
    });
  }
  return { status: prior.status, body: prior.body };
}

/** Keeps a handled request's answer under its key, in the same transaction as what it changed. */
export function remember(store: Store, now: number, r: KeyedRequest, answer: Answer): void {
  if (keyed(r)) store.putIdempotency(r.idempotencyKey, { method: r.method, path: r.path, paramsHash: r.paramsHash, ...answer }, now);
}
