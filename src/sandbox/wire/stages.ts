// The sandbox's request path as named stages, in the order server.ts runs them:
// traffic → faults → auth → decode → route → params → idempotency → handler
// (the handler runs in one SQLite transaction, in server.ts). Each stage either
// passes what the next one needs or answers/throws a Stripe-shaped error.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import qs from 'qs';
import type { FaultKind } from '../faults.js';
import type { RouteMatch, Router } from '../router.js';
import { RawJson, Reply, type RequestContext } from '../context.js';
import { authError, errorJson, invalidRequest, SandboxApiError, unknownParam } from './errors.js';
import type { Answer } from './idempotency.js';
import { findUnknownParam } from './known-params.js';
import { drawLatency, type RateLimiter, type TrafficSettings } from './traffic.js';
import { checkApiVersion } from './version.js';
import { isObject } from './params.js';

const MAX_BODY = 1024 * 1024;

type Log = (status: number, note?: string) => void;

function answer(res: http.ServerResponse, requestId: string, status: number, body: Parameters<typeof errorJson>[0], headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Request-Id', requestId);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(errorJson(body));
}

/** traffic: added latency, and the per-key rate limit (429). True when the request has been answered. */
export async function shapeTraffic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  traffic: { limiter?: RateLimiter; latency?: TrafficSettings['latency'] },
  log: Log,
): Promise<boolean> {
  const { limiter, latency } = traffic;
  // A request counts against the limit when it arrives; latency is added to every answer, 429s included.
  const wait = limiter?.take(bearerKey(req) ?? '') ?? 0;
  const delay = drawLatency(latency);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  // The IETF RateLimit-Policy header: clients that read it (fc does) pace themselves instead of probing.
  if (limiter) res.setHeader('RateLimit-Policy', `${limiter.rate};w=1`);
  if (wait <= 0) return false;
  await readBody(req).catch(() => '');
  // Whole seconds, as HTTP says; a client pacing itself needs much less than that.
  answer(
    res,
    requestId,
    429,
    { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' },
    { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) },
  );
  log(429, 'rate-limit');
  return true;
}

/** faults (before processing): a dropped connection, or an injected 500/429. True when the request has been answered. */
export async function injectFaultBefore(fault: FaultKind | undefined, req: http.IncomingMessage, res: http.ServerResponse, requestId: string, log: Log): Promise<boolean> {
  if (fault === 'reset-before') {
    log(0, fault);
    req.socket.destroy();
    return true;
  }
  if (fault !== '500' && fault !== '429') return false;
  await readBody(req).catch(() => '');
  if (fault === '500') answer(res, requestId, 500, { type: 'api_error', message: 'Injected fault: the sandbox failed this request before processing it.' });
  else answer(res, requestId, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Injected fault: too many requests hit the API too quickly.' }, { 'Retry-After': '1' });
  log(fault === '500' ? 500 : 429, fault);
  return true;
}

/** auth: a test key (of the accepted ones), a known Stripe-Version, a well-formed Stripe-Account. */
export function authenticate(req: http.IncomingMessage, acceptKeys: readonly string[] | undefined, stripeAccount: string | undefined): { key: string; apiVersion: string } {
  const key = bearerKey(req);
  checkKey(key, acceptKeys);
  const apiVersion = checkApiVersion(req.headers['stripe-version']);
  if (stripeAccount !== undefined && !/^acct_[A-Za-z0-9]{1,200}$/.test(stripeAccount)) throw noAccessTo(stripeAccount);
  return { key: key!, apiVersion };
}

/** Stripe's answer to a Stripe-Account header naming an account the key cannot act on. */
export function noAccessTo(stripeAccount: string): SandboxApiError {
  return new SandboxApiError(403, {
    type: 'invalid_request_error',
    code: 'account_invalid',
    message: `The provided key does not have access to account '${stripeAccount.slice(0, 60)}' (or that account does not exist). Application access may have been revoked.`,
  });
}

/** decode: a v2 POST is a JSON object; everything else is form-encoded (body for POST, query string otherwise). */
export function decodeParams(method: string, url: URL, isV2: boolean, text: string): Record<string, unknown> {
  if (method === 'POST' && isV2) {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw invalidRequest('Invalid JSON body.');
    }
    // `null`, `[]` or `"x"` parse, but a v2 request body is always an object.
    if (!isObject(parsed)) throw invalidRequest('The request body must be a JSON object.');
    return parsed;
  }
  const query = url.search.length > 1 ? decodeForm(url.search.slice(1)) : {};
  return method === 'POST' ? { ...query, ...decodeForm(text) } : query;
}

/** route: the handler for method and path, or Stripe's 404 (405 for a known path with another method). */
export function route(router: Router, method: string, path: string): RouteMatch {
  const match = router.match(method, path);
  if (match === undefined) {
    throw invalidRequest(`Unrecognized request URL (${method}: ${path}). Please see https://docs.stripe.com or we can help at https://support.stripe.com/.`, {
      status: 404,
    });
  }
  if (match === 'method') {
    throw invalidRequest(`Unrecognized request URL (${method}: ${path}). This path exists, but not for ${method} requests.`, {
      status: 405,
    });
  }
  return match;
}

/** params: a v1 parameter Stripe's spec does not have for this endpoint is refused, as Stripe does. */
export function checkParams(isV2: boolean, method: string, routePath: string, raw: Record<string, unknown>): void {
  if (isV2) return;
  const unknown = findUnknownParam(method, routePath, raw);
  if (unknown) throw unknownParam(unknown);
}

/** idempotency: what identifies a keyed POST's parameters (empty for requests without a key). */
export function paramsHashOf(method: string, path: string, raw: Record<string, unknown>, idempotencyKey: string | undefined): string {
  // Only keyed POSTs need it: hashing every request showed in profiles.
  if (method !== 'POST' || idempotencyKey === undefined) return '';
  return createHash('sha256').update(`${method} ${path} ${canonical(raw)}`).digest('hex');
}

function decodeForm(text: string): Record<string, unknown> {
  // Stripe's own arrays (`a[0]=`), curl's (`a[]=`) and nested hashes (`a[b][c]=`) all decode here.
  return qs.parse(text, { depth: 10, arrayLimit: 1000, parameterLimit: 20000, allowDots: false, decoder: decodeFormPart });
}

// qs keeps a part it cannot decode as its raw text: `name=%E0%A4%A` would become a customer
// named "%E0%A4%A". Stripe refuses such a request, and so does the sandbox.
function decodeFormPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest(`Invalid request: "${part.slice(0, 60)}" is not correctly percent-encoded UTF-8.`);
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Beyond this a client is not sending a request but a flood: the connection is cut. */
const MAX_DRAIN = 64 * MAX_BODY;

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // A body over the limit is read to its end and discarded, so the client hears a 413 instead of a reset.
      if (size > MAX_DRAIN) req.destroy();
      else if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        reject(invalidRequest(`The request body is too large (${size} bytes; at most ${MAX_BODY} bytes are accepted).`, { status: 413 }));
      } else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function bearerKey(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (m) return m[1]!.trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  // curl -u sk_test_x: sends Basic auth with the key as user name.
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

function checkKey(key: string | undefined, accept: readonly string[] | undefined): void {
  if (!key) {
    throw authError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (/^(sk|rk)_live_/.test(key)) {
    throw authError('This is the fc sandbox: live mode keys are refused here. Use a test key (sk_test_… or rk_test_…).');
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) {
    throw authError(`Invalid API Key provided: ${maskForMessage(key)}`);
  }
  if (accept && !accept.includes(key)) {
    throw authError(`Invalid API Key provided: ${maskForMessage(key)}. This is an fc embedded sandbox: it accepts only the key fc keeps in its FC_HOME.`);
  }
}

/** Stripe's way of echoing a bad key: its prefix, stars, its last four (never more than it was given). */
function maskForMessage(key: string): string {
  const shown = key.replace(/[^\x21-\x7e]/g, '?');
  if (shown.length <= 12) return `${shown.slice(0, Math.min(8, Math.max(0, shown.length - 4)))}****`;
  return `${shown.slice(0, 8)}${'*'.repeat(Math.min(12, shown.length - 12))}${shown.slice(-4)}`;
}


/** handler: what a route's handler returns, as the status and JSON text to send (a stored object's text as it is). */
export function invoke(handler: (ctx: RequestContext) => unknown, ctx: RequestContext): Answer {
  const value = handler(ctx);
  if (value instanceof RawJson) return { status: 200, body: value.json };
  if (value instanceof Reply) return { status: value.status, body: JSON.stringify(value.body) };
  return { status: 200, body: JSON.stringify(value) };
}
