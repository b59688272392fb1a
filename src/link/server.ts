import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy, renderForbidden, renderPage, type LinkedSummary, type PageData } from './page.js';

/**
 * The local half of `fc link`: a tiny HTTP server on loopback that serves the page
 * and takes the user's answer. Anyone on the machine can reach a loopback port, so
 * every request must carry this run's random token; the Host check keeps a web page
 * that rebinds its DNS to 127.0.0.1 out as well.
 */

export interface SandboxChoice {
  institution: string;
  accounts: string[];
}

/** An error for the page to show; the flow goes on (the user may pick again). */
export interface PageError {
  message: string;
  code?: string;
  type?: string;
}

export type LinkResult =
  | { kind: 'linked'; accounts: string[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: PageError };

export interface LinkServerOptions {
  /** May come later through setPage(): fc binds the port before it sends anything to the API. */
  page?: PageData;
  port?: number;
  token?: string;
  /** Sandbox only: links the chosen accounts. A thrown error is shown on the page. */
  complete?: (choice: SandboxChoice) => Promise<LinkedSummary[]>;
  /** Turns a thrown error into what the page shows. */
  describeError?: (err: unknown) => PageError;
  /** Called the first time the page is served. */
  onOpened?: () => void;
}

export interface LinkServer {
  url: string;
  port: number;
  token: string;
  /** Settles once, when the user links, cancels or (real Stripe) the flow fails. */
  result: Promise<LinkResult>;
  setPage(page: PageData): void;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes lengths equal. */
export function tokenMatches(expected: string, given: string | string[] | null | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Only the names this server is reached by; anything else is a rebinding attempt or a mistake. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'Send JSON.');
  let value: unknown;
  try {
    value = JSON.parse(await readBody(req));
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

function stringList(value: unknown, max: number): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) return undefined;
  if (!value.every((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200)) return undefined;
  return value;
}

/** The user's pick, checked against what the page offered: nothing else reaches the API. */
export function parseSandboxChoice(page: PageData | undefined, body: Record<string, unknown>): SandboxChoice {
  if (page?.mode !== 'sandbox') throw new HttpError(404, 'Not found.');
  const inst = page.institutions.find((i) => i.id === body.institution);
  if (!inst) throw new HttpError(400, 'Choose one of the institutions on the page.');
  const accounts = stringList(body.accounts, inst.accounts.length);
  if (!accounts) throw new HttpError(400, 'Choose at least one account.');
  const unknown = accounts.find((k) => !inst.accounts.some((a) => a.key === k));
  if (unknown !== undefined) throw new HttpError(400, `${inst.name} has no account '${unknown.slice(0, 40)}'.`);
  return { institution: inst.id, accounts: [...new Set(accounts)] };
}

/** What the Stripe.js page reports; anything malformed is refused rather than guessed at. */
export function parseStripeResult(body: Record<string, unknown>): LinkResult {
  switch (body.status) {
    case 'success': {
      const accounts = stringList(body.accounts, 100);
      if (!accounts || !accounts.every((a) => /^fca_[A-Za-z0-9]+$/.test(a))) throw new HttpError(400, 'accounts must be fca_… ids.');
      return { kind: 'linked', accounts };
    }
    case 'cancel':
      return { kind: 'cancelled' };
    case 'error': {
      const e = (typeof body.error === 'object' && body.error !== null ? body.error : {}) as Record<string, unknown>;
      const text = (v: unknown, max: number) => (typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined);
      return { kind: 'failed', error: { message: text(e.message, 500) ?? 'Stripe.js reported an error.', code: text(e.code, 100), type: text(e.type, 100) } };
    }
    default:
      throw new HttpError(400, 'status must be success, cancel or error.');
  }
}

function send(res: ServerResponse, status: number, body: string, type: string, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    res.end(body, () => resolve());
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): Promise<void> {
  return send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

export async function startLinkServer(opts: LinkServerOptions): Promise<LinkServer> {
  const token = opts.token ?? newToken();
  const describe = opts.describeError ?? ((err: unknown) => ({ message: err instanceof Error ? err.message : String(err) }));
  let settle!: (r: LinkResult) => void;
  const result = new Promise<LinkResult>((resolve) => (settle = resolve));
  let finished = false;
  let completing = false;
  let opened = false;
  let port = 0;
  let page = opts.page;

  const finish = (r: LinkResult) => {
    finished = true;
    settle(r);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req.headers.host, port)) throw new HttpError(421, 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (req.method === 'GET' && url.pathname === '/') {
      if (!tokenMatches(token, url.searchParams.get('token'))) {
        await send(res, 403, renderForbidden(), 'text/html; charset=utf-8');
        return;
      }
      if (!page) throw new HttpError(503, 'fc is still preparing the page; reload in a moment.');
      if (!opened) {
        opened = true;
        opts.onOpened?.();
      }
      const nonce = randomBytes(16).toString('base64');
      await send(res, 200, renderPage(page, { token, nonce }), 'text/html; charset=utf-8', {
        'content-security-policy': contentSecurityPolicy(page.mode, nonce),
        'x-frame-options': 'DENY',
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') {
      await send(res, 204, '', 'text/plain');
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) throw new HttpError(404, 'Not found.');
    if (!tokenMatches(token, req.headers['x-fc-token'])) throw new HttpError(403, 'This request does not carry the token of this fc link run.');
    const body = await readJson(req);
    if (finished) throw new HttpError(409, 'This link flow is already finished; go back to your terminal.');

    switch (url.pathname) {
      case '/api/cancel':
        if (completing) throw new HttpError(409, 'Already linking; wait for the answer.');
        await sendJson(res, 200, { ok: true });
        finish({ kind: 'cancelled' });
        return;
      case '/api/complete': {
        if (!opts.complete) throw new HttpError(404, 'Not found.');
        const choice = parseSandboxChoice(page, body);
        if (completing) throw new HttpError(409, 'Already linking; wait for the answer.');
        completing = true;
        let linked: LinkedSummary[];
        try {
          linked = await opts.complete(choice);
        } catch (err) {
          await sendJson(res, 400, { error: describe(err) });
          return;
        } finally {
          completing = false;
        }
        await sendJson(res, 200, { ok: true, accounts: linked });
        finish({ kind: 'linked', accounts: linked.map((a) => a.id) });
        return;
      }
      case '/api/result': {
        if (page?.mode !== 'stripe') throw new HttpError(404, 'Not found.');
        const r = parseStripeResult(body);
        await sendJson(res, 200, { ok: true });
        finish(r);
        return;
      }
      default:
        throw new HttpError(404, 'Not found.');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(async (err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'fc failed to handle this request.';
      if (!res.headersSent) await sendJson(res, status, { error: { message } });
      else res.destroy();
    });
  });
  // A slow or idle browser connection must never keep fc alive after the flow ends.
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    result,
    setPage(p) {
      page = p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
