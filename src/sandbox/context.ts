import type { SandboxClock } from './clock.js';
import type { Params } from './wire/params.js';
import type { Store } from './store.js';

/** Knobs of sandbox behaviour; tests and `fc sandbox serve` flags set them. */
export interface SandboxSettings {
  /** How long a started refresh stays `pending` (ms of sandbox time). */
  refreshDelayMs: number;
  /** How long an ACH debit stays `processing` before it settles (ms of sandbox time). */
  settleDelayMs: number;
  /** Minimum time between two refreshes of one feature (ms). */
  refreshCooldownMs: number;
}

export const defaultSettings: SandboxSettings = {
  refreshDelayMs: 2_000,
  settleDelayMs: 3_000,
  refreshCooldownMs: 10_000,
};

/** What a resource handler gets for one request. Handlers are synchronous and run inside one DB transaction. */
export interface RequestContext {
  /** The sandbox account of the request's key (`acct_…`); `store` and `clock` are that account's. */
  account: string;
  store: Store;
  clock: SandboxClock;
  settings: SandboxSettings;
  /** Unix seconds at the start of the request. */
  now: number;
  method: string;
  /** Path without query string. */
  path: string;
  /** Body params for POST, query params for GET/DELETE. */
  params: Params;
  /** Captures from the route pattern (`:customer` → pathParams.customer). */
  pathParams: Record<string, string>;
  requestId: string;
  idempotencyKey?: string;
}

/** A handler returns the response body, or a Reply when the status is not 200. */
/**
 * A 200 whose body is JSON text already (a stored object as it was saved): parsing
 * it only to serialise it again showed in the GET path's profile.
 */
export class RawJson {
  constructor(readonly json: string) {}
}

export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export type Handler = (ctx: RequestContext) => unknown;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** `/v1/customers/:customer` style pattern. */
  path: string;
  handler: Handler;
}

/** Runs a deferred piece of sandbox work (a refresh finishing, a payment settling) when its time comes. */
export type JobHandler = (ctx: { store: Store; clock: SandboxClock; settings: SandboxSettings; now: number }, ref: string, payload: Record<string, unknown>, dueAt: number) => void;
