import type Stripe from 'stripe';
import { endpointOf, monotonicMs, parseRateLimitPolicy, type AdaptiveLimiter } from './limiter.js';

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;
type MakeRequest = HttpClient['makeRequest'];

export interface RateLimitRetryOptions {
  /** Extra attempts after a 429 (stripe-node itself does not retry 429s). */
  maxRetries: number;
  /** Upper bound of one wait, whatever Retry-After asks. */
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, delayMs: number) => void;
  /** Paces every request (each retry included) and learns from 429s. */
  limiter?: AdaptiveLimiter;
}

function retryAfterMs(headers: Record<string, unknown>, attempt: number): number {
  const raw = headers['retry-after'];
  const seconds = typeof raw === 'string' ? Number(raw) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  // No hint: exponential backoff from 500 ms, with jitter so parallel fc runs spread out.
  return 500 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
}

/**
 * Wraps stripe-node's HTTP client so 429 answers are retried after Retry-After
 * (bounded). It sits below stripe-node, so a retry resends the very same request,
 * idempotency key included, and stripe-node's own retries for 5xx and connection
 * errors still apply on top.
 */
export function withRateLimitRetry(inner: HttpClient, opts: RateLimitRetryOptions): HttpClient {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limiter = opts.limiter;
  const makeRequest: MakeRequest = async (...args) => {
    const endpoint = limiter ? endpointOf(args[3], args[2]) : '';
    for (let attempt = 1; ; attempt++) {
      if (limiter) await limiter.acquire(endpoint);
      const sent = monotonicMs();
      const res = await inner.makeRequest(...args).catch((err: unknown) => {
        // Names the host in fc's network error: stripe-node's own message always says "Stripe".
        if (err && typeof err === 'object') (err as { fcHost?: string }).fcHost = `${String(args[0])}:${String(args[1])}`;
        throw err;
      });
      limiter?.observeLatency(endpoint, monotonicMs() - sent);
      if (limiter) {
        const policy = parseRateLimitPolicy((res.getHeaders() as Record<string, unknown>)['ratelimit-policy']);
        if (policy !== undefined) limiter.learn(policy);
      }
      if (res.getStatusCode() !== 429) {
        limiter?.succeeded(endpoint);
        return res;
      }
      const delay = Math.min(retryAfterMs(res.getHeaders() as Record<string, unknown>, attempt), opts.maxDelayMs);
      limiter?.rateLimited(endpoint, delay);
      if (attempt > opts.maxRetries) return res;
      // An unread body keeps its socket busy (and the process alive) until the server times it out.
      res.dispose?.();
      (res.getRawResponse() as { resume?: () => void } | undefined)?.resume?.();
      opts.onRetry?.(attempt, delay);
      // With a limiter, the hold it just placed on this endpoint is the wait.
      if (!limiter) await sleep(delay);
    }
  };
  return Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as HttpClient, inner, { makeRequest });
}
