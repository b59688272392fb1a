import type Stripe from 'stripe';
import { VERSION } from '../version.js';
import { AdaptiveLimiter, defaultMaxRps, UNLIMITED } from './limiter.js';

export interface ClientOptions {
  key: string;
  /** Any Stripe-compatible server; api.stripe.com when absent. */
  apiBase?: URL;
  maxNetworkRetries?: number;
  timeoutMs?: number;
  /** Retries of 429 answers, which stripe-node leaves to the caller. */
  rateLimitRetries?: number;
  /** Connect: act as this connected account (Stripe-Account header on every request). */
  stripeAccount?: string;
  /** Stripe-Version for every request (stripe-node's pinned version when absent). */
  apiVersion?: string;
  /** Receives one line per request and response (no secrets) for --debug. */
  debug?: (line: string) => void;
  /** Ceiling of requests per second (--max-rps); Stripe's limit for the key's mode when absent. */
  maxRps?: number;
  /** Told how many requests are waiting for an answer, whenever that changes (progress for slow servers). */
  onInFlight?: (count: number) => void;
}

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/** Counts attempts that have not had an answer yet (each retry is one), for the "still waiting" indicator. */
function withInFlight(inner: HttpClient, onChange: (count: number) => void): HttpClient {
  let count = 0;
  const makeRequest: HttpClient['makeRequest'] = async (...args) => {
    onChange(++count);
    try {
      return await inner.makeRequest(...args);
    } finally {
      onChange(--count);
    }
  };
  return Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as HttpClient, inner, { makeRequest });
}

const limiters = new WeakMap<object, AdaptiveLimiter>();

/**
 * The limiter that paces a client made by createStripeClient: code that fans out
 * (exports, bulk refresh, `fc api --all`, doctor) reads its rate to decide how
 * many requests to keep in flight; the pacing itself happens below stripe-node.
 */
export function limiterOf(stripe: Stripe): AdaptiveLimiter | undefined {
  return limiters.get(stripe);
}

/**
 * The one place that builds a stripe-node client. Every Stripe call fc makes goes
 * through the client made here, whether it talks to Stripe, the sandbox, or
 * stripe-mock.
 */
export async function createStripeClient(opts: ClientOptions): Promise<Stripe> {
  const { default: StripeCtor } = await import('stripe');
  const { withRateLimitRetry } = await import('./http.js');
  const base = opts.apiBase;
  const maxRps = opts.maxRps ?? (base ? UNLIMITED : defaultMaxRps(opts.key));
  // An explicit --max-rps is the user's word on their account's limits, for every endpoint too.
  const limiter = new AdaptiveLimiter({ maxRps, endpointRps: opts.maxRps });
  const nodeClient = StripeCtor.createNodeHttpClient();
  const httpClient = withRateLimitRetry(opts.onInFlight ? withInFlight(nodeClient, opts.onInFlight) : nodeClient, {
    maxRetries: opts.rateLimitRetries ?? 6,
    maxDelayMs: 5_000,
    limiter,
    onRetry: (attempt, ms) => opts.debug?.(`429 rate limited: retry ${attempt} in ${Math.round(ms)}ms`),
  });
  const stripe = new StripeCtor(opts.key, {
    httpClient,
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    timeout: opts.timeoutMs ?? 30_000,
    appInfo: { name: 'fc', version: VERSION },
    telemetry: false,
    ...(opts.stripeAccount ? { stripeAccount: opts.stripeAccount } : {}),
    // Any version the user names is sent as is; stripe-node's type only knows its pinned one.
    ...(opts.apiVersion ? { apiVersion: opts.apiVersion as Stripe.StripeConfig['apiVersion'] } : {}),
    ...(base
      ? {
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port ? Number(base.port) : base.protocol === 'https:' ? 443 : 80,
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
  limiters.set(stripe, limiter);
  if (opts.debug) {
    const log = opts.debug;
    stripe.on('request', (e: Stripe.RequestEvent) => {
      log(`→ ${e.method} ${e.path}${e.idempotency_key && e.idempotency_key !== 'undefined' ? ` idempotency-key=${e.idempotency_key}` : ''}`);
    });
    stripe.on('response', (e: Stripe.ResponseEvent) => {
      log(`← ${e.status} ${e.method} ${e.path} ${e.request_id ?? ''} ${e.elapsed}ms`);
    });
  }
  return stripe;
}
