import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { SandboxClock, type BaseClock } from './clock.js';
import { defaultSettings, type JobHandler, type RequestContext, type SandboxSettings } from './context.js';
import { requestId as newRequestId } from './ids.js';
import { Router } from './router.js';
import { accountIdForKey, SandboxDb, type Store } from './store.js';
import { FaultInjector, type FaultKind, type FaultSettings } from './faults.js';
import { errorJson, invalidRequest, SandboxApiError, type StripeErrorBody } from './wire/errors.js';
import { remember, replay, type Answer } from './wire/idempotency.js';
import { SANDBOX_API_VERSION } from './wire/version.js';
import { RateLimiter, type TrafficSettings } from './wire/traffic.js';
import { Params } from './wire/params.js';
import { authenticate, noAccessTo, checkParams, decodeParams, injectFaultBefore, invoke, paramsHashOf, readBody, route, shapeTraffic } from './wire/stages.js';
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

/** Stripe keeps events for 30 days. */
const EVENT_TTL_S = 30 * 24 * 3600;
/** Expired events are looked for at most this often (sandbox seconds). */
const EVENT_PRUNE_EVERY_S = 60;

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

  /**
   * The account a request acts on: the key's own, or with Stripe-Account one of its connected
   * accounts, a namespace of its own under the key's (as Connect keeps them apart). Only an
   * account the key made (POST /v2/core/accounts) is one; Stripe answers any other id as one
   * the key has no access to.
   */
  function accountFor(key: string, stripeAccount: string | undefined): SandboxAccount {
    const own = forKey(key);
    if (!stripeAccount || stripeAccount === own.id) return own;
    if (!own.store.get('v2.core.account', stripeAccount)) throw noAccessTo(stripeAccount);
    return forAccount(`${own.id}/${stripeAccount}`, stripeAccount);
  }

  /** Before a write: due jobs run, and expired events go (looked for at most once a minute of sandbox time). */
  function settle(account: SandboxAccount): void {
    runDueJobs(account);
    const now = account.clock.now();
    if (now - (eventsPrunedAt.get(account.id) ?? -Infinity) >= EVENT_PRUNE_EVERY_S) {
      eventsPrunedAt.set(account.id, now);
      account.store.pruneOlderThan('event', now - EVENT_TTL_S);
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
    const requestId = newRequestId();
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
    // Stages that are off cost nothing: an await per request, even of an answer already known, showed in profiles.
    if ((limiter || latency) && !path.startsWith('/_sandbox/') && (await shapeTraffic(req, res, requestId, { limiter, latency }, log))) return;
    if (fault && (await injectFaultBefore(fault, req, res, requestId, log))) return;
    try {
      const auth = authenticate(req, opts.acceptKeys, stripeAccount);
      apiVersion = auth.apiVersion;
      const account = accountFor(auth.key, stripeAccount);
      const { store, clock } = account;
      loggedAccount = store.account;
      // A request that announces no body (most GETs) has none to wait for.
      const text = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined ? '' : await readBody(req);
      const raw = decodeParams(method, url, isV2, text);
      const match = route(router, method, path);
      checkParams(isV2, method, match.route.path, raw);
      const paramsHash = paramsHashOf(method, path, raw, idempotencyKey);
      type Outcome = Answer & { replayed: boolean };
      const keyedRequest = { method, path, idempotencyKey, paramsHash };
      const serve = (writes: boolean): Outcome => {
        const prior = replay(store, clock.now(), keyedRequest);
        if (prior) return { ...prior, replayed: true };
        if (writes) settle(account);
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
        let answer: Answer;
        try {
          answer = invoke(match.route.handler, ctx);
        } catch (err) {
          if (!(err instanceof SandboxApiError)) throw err;
          // Validation failures are not remembered, so a corrected retry with the same key works.
          return { status: err.status, body: errorJson(err.body), replayed: false };
        }
        remember(store, clock.now(), keyedRequest, answer);
        return { ...answer, replayed: false };
      };
      // A GET reads one snapshot without the write lock, unless a job is due (settling it writes);
      // everything else is serialised. The due check is inside the snapshot: one read transaction a GET.
      let result: Outcome | undefined;
      if (method === 'GET') {
        result = store.read(() => {
          const { nextDue, clockOffsetMs } = store.readState();
          return clock.pin(() => (nextDue !== undefined && nextDue <= clock.nowMs() ? undefined : serve(false)), clockOffsetMs);
        });
      }
      result ??= store.tx(() => clock.pin(() => serve(true)));
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
    // One writeHead with a flat list: setHeader per header (validated, lower-cased, kept in a map) showed in profiles.
    const headers = ['Content-Type', 'application/json', 'Request-Id', requestId, 'Stripe-Version', apiVersion];
    if (idempotencyKey && method === 'POST') headers.push('Idempotency-Key', idempotencyKey);
    if (stripeAccount) headers.push('Stripe-Account', stripeAccount);
    if (replayed) headers.push('Idempotent-Replayed', 'true');
    res.writeHead(status, headers);
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

/**
 * The socket bound to a numeric host with net.BoundSocket (Node 24.x on, not in Node 22's
 * types), or undefined where there is none. listen(port, host) looks the host up even when it
 * is an IP address: dns, and the first use of net's IPv6 pattern, ~3 ms of every command on
 * the embedded sandbox. A host name still goes through listen's lookup.
 */
function boundSocket(host: string, port: number): object | undefined {
  const BoundSocket = (net as unknown as { BoundSocket?: new (options: { host: string; port: number }) => object }).BoundSocket;
  if (typeof BoundSocket !== 'function' || !net.isIPv4(host)) return undefined;
  return new BoundSocket({ host, port });
}

/** Starts the sandbox on host:port (port 0 picks a free one) and resolves once it listens. */
export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const { server, store, settings, forKey, runAllDueJobs, anyJobDue } = createSandbox(opts);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    try {
      const bound = boundSocket(host, opts.port ?? 0);
      if (bound) server.listen(bound, () => resolve());
      else server.listen(opts.port ?? 0, host, () => resolve());
    } catch (err) {
      reject(err); // the bind itself failed (EADDRINUSE): what listen's 'error' would have said
    }
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
