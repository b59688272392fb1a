import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import { SandboxClock, type BaseClock } from './clock.js';
import { defaultSettings, Reply, type JobHandler, type RequestContext, type SandboxSettings } from './context.js';
import { randomToken } from './ids.js';
import { Router } from './router.js';
import { accountIdForKey, SandboxDb, type Store } from './store.js';
import { FaultInjector, type FaultKind, type FaultSettings } from './faults.js';
import { authError, errorJson, invalidRequest, SandboxApiError, unknownParam, type StripeErrorBody } from './wire/errors.js';
import { findUnknownParam } from './wire/known-params.js';
import { checkApiVersion, SANDBOX_API_VERSION } from './wire/version.js';
import { drawLatency, RateLimiter, type TrafficSettings } from './wire/traffic.js';
import { isObject, Params } from './wire/params.js';
import { allRoutes, allJobs } from './resources/index.js';
import type { Drainer, DrainerOptions } from './webhooks/drainer.js';

/** Delivery settings for a sandbox that sends webhooks (only long-lived processes do). */
export type WebhookDelivery = Pick<DrainerOptions, 'retryBaseMs' | 'timeoutMs' | 'intervalMs' | 'onDelivery'>;

export interface SandboxOptions {
  /** A database file path, or ':memory:'. */
  dbPath: string;
  port?: number;
  host?: string;
  clock?: BaseClock;
  settings?: Partial<SandboxSettings>;
  /** Network-shaped failures for resilience tests (off unless given). */
  faults?: FaultSettings;
  /** Deliver webhooks from the outbox (and run due jobs on time). Off for short-lived fc commands. */
  webhooks?: WebhookDelivery;
  /**
   * Only these keys are accepted (401 for any other). fc's embedded sandbox passes
   * the FC_HOME's own random key, so other local users cannot use its port.
   */
  acceptKeys?: readonly string[];
  /** Added latency and a per-key rate limit, like Stripe's (off unless given). */
  traffic?: TrafficSettings;
  /** Write every request to the database's `requests` table (off: the last 10,000 stay in memory). */
  logRequests?: boolean;
  /** Whose account the data of a store from before accounts existed becomes (a key; see SandboxDb). */
  legacyOwner?: string;
}

/** One sandbox account, as the requests made with its key see it. */
export interface SandboxAccount {
  id: string;
  store: Store;
  clock: SandboxClock;
}

export interface RunningSandbox {
  url: string;
  host: string;
  port: number;
  /** The whole database (every account; the request log). */
  store: SandboxDb;
  settings: SandboxSettings;
  drainer?: Drainer;
  /** The account a secret key belongs to (each distinct key is its own account). */
  forKey(key: string): SandboxAccount;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const IDEMPOTENCY_TTL_S = 24 * 3600;
/** Stripe keeps events for 30 days. */
const EVENT_TTL_S = 30 * 24 * 3600;
/** Expired events are looked for at most this often (sandbox seconds). */
const EVENT_PRUNE_EVERY_S = 60;

function decodeForm(text: string): Record<string, unknown> {
  // Stripe's own arrays (`a[0]=`), curl's (`a[]=`) and nested hashes (`a[b][c]=`) all decode here.
  return qs.parse(text, { depth: 10, arrayLimit: 1000, parameterLimit: 20000, allowDots: false });
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

function readBody(req: http.IncomingMessage): Promise<string> {
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

function bearerKey(req: http.IncomingMessage): string | undefined {
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

export function createSandbox(opts: SandboxOptions): {
  server: http.Server;
  store: SandboxDb;
  settings: SandboxSettings;
  forKey(key: string): SandboxAccount;
  runAllDueJobs(): void;
  anyJobDue(): boolean;
} {
  const db = new SandboxDb(opts.dbPath, { legacyOwner: opts.legacyOwner });
  const accounts = new Map<string, SandboxAccount>();
  /** `scope` is the store's account column; `id` the acct_ the API shows (they differ for a connected account). */
  function forAccount(scope: string, id = scope): SandboxAccount {
    let account = accounts.get(scope);
    if (!account) {
      const store = db.account(scope);
      account = { id, store, clock: new SandboxClock(store, opts.clock) };
      accounts.set(scope, account);
    }
    return account;
  }
  const forKey = (key: string) => forAccount(accountIdForKey(key));
  const settings: SandboxSettings = { ...defaultSettings, ...opts.settings };
  const router = new Router().add(allRoutes);
  const jobs: Record<string, JobHandler> = allJobs;
  const faults = opts.faults ? new FaultInjector(opts.faults) : undefined;
  const limiter = opts.traffic?.rateLimit ? new RateLimiter(opts.traffic.rateLimit) : undefined;
  const latency = opts.traffic?.latency;
  db.persistRequests = Boolean(opts.logRequests);
  /** Per account: each has its own clock, and its own events to expire. */
  const eventsPrunedAt = new Map<string, number>();

  /** Time-driven state is settled when read: every due job of the account runs before the request that observes it. */
  function runDueJobs({ store, clock }: SandboxAccount): void {
    const nowMs = clock.nowMs();
    for (const job of store.takeDueJobs(nowMs)) {
      const handler = jobs[job.kind];
      if (handler) handler({ store, clock, settings, now: Math.floor(job.dueAt / 1000) }, job.ref, job.payload, job.dueAt);
    }
  }

  /** Whether some account has a job due on its own clock (read only: the drainer asks often). */
  function anyJobDue(): boolean {
    return db.nextJobPerAccount().some(({ account, due }) => due <= forAccount(account).clock.nowMs());
  }

  /** Every account's due jobs, for a long-lived process that settles them with no request to trigger it. */
  function runAllDueJobs(): void {
    for (const { account } of db.nextJobPerAccount()) runDueJobs(forAccount(account));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = `req_${randomToken(14)}`;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) || undefined;
    // Connect: a platform acting for a connected account. Accepted and echoed; keys are scoped by it.
    const stripeAccount = (req.headers['stripe-account'] as string | undefined) || undefined;
    const isV2 = path.startsWith('/v2/');
    let status = 200;
    let body: string;
    let replayed = false;
    // Test helpers stay reliable so a test can always inspect the sandbox.
    const fault: FaultKind | undefined = path.startsWith('/_sandbox/') ? undefined : faults?.draw();
    let loggedAccount: string | undefined;
    let apiVersion = SANDBOX_API_VERSION;
    const log = (s: number, note?: string) => {
      try {
        db.logRequest({ at: Date.now(), method, path, status: s, requestId, idempotencyKey, fault: note, account: loggedAccount });
      } catch {
        // The log is for tests; a busy store must not turn a served response into a failure.
      }
    };
    if (!path.startsWith('/_sandbox/')) {
      // A request counts against the limit when it arrives; latency is added to every answer, 429s included.
      const wait = limiter?.take(bearerKey(req) ?? '') ?? 0;
      const delay = drawLatency(latency);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      // The IETF RateLimit-Policy header: clients that read it (fc does) pace themselves instead of probing.
      if (limiter) res.setHeader('RateLimit-Policy', `${limiter.rate};w=1`);
      if (wait > 0) {
        await readBody(req).catch(() => '');
        res.statusCode = 429;
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Request-Id', requestId);
        // Whole seconds, as HTTP says; a client pacing itself needs much less than that.
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(wait / 1000))));
        res.end(
          errorJson({
            type: 'invalid_request_error',
            code: 'rate_limit',
            message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          }),
        );
        log(429, 'rate-limit');
        return;
      }
    }
    if (fault === 'reset-before') {
      log(0, fault);
      req.socket.destroy();
      return;
    }
    if (fault === '500' || fault === '429') {
      await readBody(req).catch(() => '');
      const s = fault === '500' ? 500 : 429;
      res.statusCode = s;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Request-Id', requestId);
      if (s === 429) res.setHeader('Retry-After', '1');
      res.end(
        errorJson(
          s === 500
            ? { type: 'api_error', message: 'Injected fault: the sandbox failed this request before processing it.' }
            : { type: 'invalid_request_error', code: 'rate_limit', message: 'Injected fault: too many requests hit the API too quickly.' },
        ),
      );
      log(s, fault);
      return;
    }
    try {
      const key = bearerKey(req);
      checkKey(key, opts.acceptKeys);
      apiVersion = checkApiVersion(req.headers['stripe-version']);
      if (stripeAccount !== undefined && !/^acct_[A-Za-z0-9]{1,200}$/.test(stripeAccount)) {
        throw new SandboxApiError(403, {
          type: 'invalid_request_error',
          code: 'account_invalid',
          message: `The provided key does not have access to account '${stripeAccount.slice(0, 60)}' (or that account does not exist). Application access may have been revoked.`,
        });
      }
      // With Stripe-Account the key acts as a platform on one of its connected accounts: a
      // namespace of its own under the key's account, as Connect keeps connected accounts apart.
      const own = forKey(key!);
      const account = stripeAccount && stripeAccount !== own.id ? forAccount(`${own.id}/${stripeAccount}`, stripeAccount) : own;
      const { store, clock } = account;
      loggedAccount = store.account;
      const text = await readBody(req);
      let raw: Record<string, unknown>;
      if (method === 'POST' && isV2) {
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          throw invalidRequest('Invalid JSON body.');
        }
        // `null`, `[]` or `"x"` parse, but a v2 request body is always an object.
        if (!isObject(parsed)) throw invalidRequest('The request body must be a JSON object.');
        raw = parsed;
      } else {
        const query = url.search.length > 1 ? decodeForm(url.search.slice(1)) : {};
        raw = method === 'POST' ? { ...query, ...decodeForm(text) } : query;
      }
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
      if (!isV2) {
        const unknown = findUnknownParam(method, match.route.path, raw);
        if (unknown) throw unknownParam(unknown);
      }
      // Only keyed POSTs need it: hashing every request showed in profiles.
      const keyed = method === 'POST' && idempotencyKey !== undefined;
      const paramsHash = keyed ? createHash('sha256').update(`${method} ${path} ${canonical(raw)}`).digest('hex') : '';
      // A GET with nothing due reads one snapshot without the write lock; everything else is serialised.
      const nextDue = method === 'GET' ? store.nextJobDue() : undefined;
      const writes = method !== 'GET' || (nextDue !== undefined && nextDue <= clock.nowMs());
      type Outcome = { status: number; body: string; replayed: boolean };
      const run = (fn: () => Outcome): Outcome => (writes ? store.tx(() => clock.pin(fn)) : store.read(() => clock.pin(fn)));
      const result = run((): Outcome => {
        if (method === 'POST' && idempotencyKey) {
          if (idempotencyKey.length > 255) {
            throw invalidRequest('Idempotency-Key must be at most 255 characters long.');
          }
          store.pruneIdempotency(clock.now() - IDEMPOTENCY_TTL_S);
          const prior = store.getIdempotency(idempotencyKey);
          if (prior) {
            if (prior.paramsHash !== paramsHash) {
              throw new SandboxApiError(400, {
                type: 'idempotency_error',
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              });
            }
            return { status: prior.status, body: prior.body, replayed: true };
          }
        }
        if (writes) {
          runDueJobs(account);
          const now = clock.now();
          if (now - (eventsPrunedAt.get(account.id) ?? -Infinity) >= EVENT_PRUNE_EVERY_S) {
            eventsPrunedAt.set(account.id, now);
            store.pruneOlderThan('event', now - EVENT_TTL_S);
          }
        }
        const ctx: RequestContext = {
          account: account.id,
          store,
          clock,
          settings,
          now: clock.now(),
          method,
          path,
          params: new Params(raw),
          pathParams: match.pathParams,
          requestId,
          idempotencyKey,
        };
        let out: { status: number; body: string };
        try {
          const value = match.route.handler(ctx);
          out = value instanceof Reply ? { status: value.status, body: JSON.stringify(value.body) } : { status: 200, body: JSON.stringify(value) };
        } catch (err) {
          if (!(err instanceof SandboxApiError)) throw err;
          // Validation failures are not stored, so a corrected retry with the same key works.
          return { status: err.status, body: errorJson(err.body), replayed: false };
        }
        if (method === 'POST' && idempotencyKey) {
          store.putIdempotency(idempotencyKey, { method, path, paramsHash, status: out.status, body: out.body }, clock.now());
        }
        return { ...out, replayed: false };
      });
      status = result.status;
      body = result.body;
      replayed = result.replayed;
    } catch (err) {
      if (err instanceof SandboxApiError) {
        status = err.status;
        body = errorJson(err.body);
      } else {
        status = 500;
        const e: StripeErrorBody = { type: 'api_error', message: `Sandbox internal error: ${(err as Error).message}` };
        body = errorJson(e);
      }
    }
    if (fault === 'reset-after') {
      // Processed and committed, but the client never hears back: the case idempotency keys exist for.
      log(status, fault);
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') await new Promise((r) => setTimeout(r, opts.faults?.slowMs ?? 1500));
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Request-Id', requestId);
    res.setHeader('Stripe-Version', apiVersion);
    if (idempotencyKey && method === 'POST') res.setHeader('Idempotency-Key', idempotencyKey);
    if (stripeAccount) res.setHeader('Stripe-Account', stripeAccount);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.end(body);
    log(status, fault);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      // Anything thrown before a request could be understood (a URL no parser accepts) is the client's: 400.
      const bad = err instanceof SandboxApiError ? err : invalidRequest(`The request could not be read: ${(err as Error).message ?? String(err)}`);
      res.statusCode = bad.status;
      res.setHeader('Content-Type', 'application/json');
      res.end(errorJson(bad.body));
    });
  });
  server.keepAliveTimeout = 5_000;
  return { server, store: db, settings, forKey, runAllDueJobs, anyJobDue };
}

/** Starts the sandbox on host:port (port 0 picks a free one) and resolves once it listens. */
export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const { server, store, settings, forKey, runAllDueJobs, anyJobDue } = createSandbox(opts);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let drainer: Drainer | undefined;
  if (opts.webhooks) {
    const { startDrainer } = await import('./webhooks/drainer.js');
    drainer = startDrainer({
      ...opts.webhooks,
      store,
      runDueJobs: runAllDueJobs,
      jobsDue: anyJobDue,
    });
  }
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    store,
    settings,
    forKey,
    drainer,
    close: async () => {
      await drainer?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      });
    },
  };
}
