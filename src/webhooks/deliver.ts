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

function reason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return (code ?? e.cause?.message ?? e.message ?? String(err)).slice(0, 120);
}

export async function deliver(url: string, payload: string, secret: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<DeliveryResult> {
  const started = performance.now();
  const header = await signatureHeader(payload, secret);
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Accept: '*/*; q=0.5, application/xml',
        'Cache-Control': 'no-cache',
        'User-Agent': STRIPE_USER_AGENT,
        'Stripe-Signature': header,
      },
      body: payload,
      // As on Stripe, a redirect is an answer that is not 2xx, not something to follow.
      redirect: 'manual',
      signal: opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout,
    });
    // The body is not used, but reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    const ms = Math.round(performance.now() - started);
    return { ok: res.status >= 200 && res.status < 300, status: res.status, ms, error: null };
  } catch (err) {
    return { ok: false, status: null, ms: Math.round(performance.now() - started), error: reason(err) };
  }
}
