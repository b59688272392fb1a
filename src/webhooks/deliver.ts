/**
 * One webhook delivery as Stripe makes it: the event as pretty-printed JSON, POSTed
 * with a `Stripe-Signature: t=…,v1=…` header (HMAC-SHA256 of `t.payload`, computed
 * by stripe-node's own signer), `t` from the wall clock. Shared by the sandbox's
 * outbox, `fc listen` and `fc events resend`, so all three sign the same way.
 */
export interface DeliveryResult {
  ok: boolean;
  /** The receiver's HTTP status; null when no answer came (refused, timeout). */
  status: number | null;
  ms: number;
  /** Why there was no answer, in a few words. */
  error: string | null;
}

export const STRIPE_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The body Stripe sends: the event object, indented by two spaces. */
export function eventPayload(event: unknown): string {
  return JSON.stringify(event, null, 2);
}

export async function signatureHeader(payload: string, secret: string, timestampSec = Math.floor(Date.now() / 1000)): Promise<string> {
  const { default: Stripe } = await import('stripe');
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSec });
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return 'connection reset';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'host not found';
  if (e.code && TLS_CODES.has(e.code)) return `TLS certificate not trusted (${e.code})`;
  return (e.code ?? e.message ?? String(err)).slice(0, 120);
}

/**
 * node:http rather than fetch: fetch refuses the "bad ports" of the Fetch standard
 * (6000, 6665…, 10080), and a developer's handler may well listen on one.
 */
export async function deliver(
  url: string,
  payload: string,
  secret: string,
  opts: { timeoutMs?: number; signal?: AbortSignal; /** Accept any TLS certificate (a local handler's self-signed one). */ insecure?: boolean } = {},
): Promise<DeliveryResult> {
  const started = performance.now();
  const header = await signatureHeader(payload, secret);
  const target = new URL(url);
  const { request } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const done = (status: number | null, error: string | null): DeliveryResult => ({
    ok: status !== null && status >= 200 && status < 300,
    status,
    ms: Math.round(performance.now() - started),
    error,
  });
  return new Promise<DeliveryResult>((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        signal,
        ...(opts.insecure ? { rejectUnauthorized: false } : {}),
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(payload),
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
          'User-Agent': STRIPE_USER_AGENT,
          'Stripe-Signature': header,
        },
      },
      (res) => {
        // The body is not used (a redirect is an answer that is not 2xx, as on Stripe), but reading it frees the socket.
        res.resume();
        res.on('end', () => resolve(done(res.statusCode ?? null, null)));
        res.on('error', (err) => resolve(done(res.statusCode ?? null, reason(err))));
      },
    );
    req.on('error', (err) => resolve(done(null, signal.aborted && timeout.aborted ? 'timed out' : reason(err))));
    req.end(payload);
  });
}
