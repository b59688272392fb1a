import type Stripe from 'stripe';
import { completeSession, listInstitutions } from '../../api/sandbox-helpers.js';
import { createSession, getSession, holderId, sessionAccounts, type FcLinkedAccount, type FcSession, type NewSession } from '../../api/sessions.js';
import type { Context } from '../../context.js';
import { ApiError, CancelError, PendingError, toFcError, UsageError } from '../../errors.js';
import { printJson } from '../../io/render.js';
import type { PageSession } from '../../link/page.js';
import type { LinkResult, LinkServer, PageError } from '../../link/server.js';
import { parseSessionFlags, type SessionFlags } from '../sessions/shared/options.js';
import { printLinkedAccounts } from '../sessions/shared/render.js';
import { parseId, parseInteger } from '../shared/validate.js';
import { argument, defineCommand, option } from '../define.js';
import { pickCustomer } from '../shared/pick.js';

export interface LinkOptions extends SessionFlags {
  open?: boolean;
  port: string;
  timeout: string;
}

const PUBLISHABLE_KEY = /^pk_(test|live)_[A-Za-z0-9_]+$/;

/** The publishable key Stripe.js needs, checked before anything is sent. */
function publishableKeyFor(ctx: Context, live: boolean): string {
  const profile = ctx.profileName();
  const pk = ctx.config().profile(profile)?.publishableKey;
  const save = `fc config login --publishable-key pk_${live ? 'live' : 'test'}_…${profile === 'default' ? '' : ` --profile ${profile}`}`;
  if (!pk) {
    throw new UsageError(
      `fc link with a Stripe key needs your publishable key to load Stripe.js, and profile '${profile}' has none: save it with ${save}.`,
      'Or link on the sandbox: fc --sandbox link …',
    );
  }
  if (!PUBLISHABLE_KEY.test(pk)) throw new UsageError(`The publishable key of profile '${profile}' is not a pk_test_… or pk_live_… key.`, `Save it again with: ${save}`);
  if (pk.startsWith('pk_live_') !== live) {
    throw new UsageError(
      `The publishable key of profile '${profile}' is a ${live ? 'test' : 'live'} key, but the secret key is a ${live ? 'live' : 'test'} key; they must match.`,
      `Save the matching one with: ${save}`,
    );
  }
  return pk;
}

function pageSession(session: FcSession): PageSession {
  return {
    id: session.id,
    holder: holderId(session) ?? null,
    permissions: session.permissions,
    subcategories: session.filters?.account_subcategories ?? null,
    requirePayments: session.filters?.require_payment_method_support === 'all',
  };
}

function describeError(err: unknown): PageError {
  const e = toFcError(err);
  return e instanceof ApiError ? { message: e.message, code: e.code, type: e.type } : { message: e.message };
}

function shouldOpenBrowser(ctx: Context, opts: LinkOptions): boolean {
  if (opts.open === false) return false;
  // Nobody is there to look at a browser in CI or when fc runs without a terminal.
  if (ctx.env.CI && ctx.env.CI !== 'false' && ctx.env.CI !== '0') return false;
  return ctx.io.stderrIsTTY;
}

async function openBrowser(ctx: Context, url: string): Promise<void> {
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.once('error', () => ctx.io.err('Could not open a browser; open the URL above yourself.'));
  } catch {
    ctx.io.err('Could not open a browser; open the URL above yourself.');
  }
}

function waitFor(server: LinkServer, seconds: number, sessionId: string): Promise<LinkResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PendingError(
            `Timed out after ${seconds}s waiting for the link flow; nothing was linked yet (the session stays open).`,
            `Try again with the same session: fc link ${sessionId} (or wait longer with --timeout <s>).`,
          ),
        ),
      seconds * 1000,
    );
  });
  return Promise.race([server.result, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Off Stripe, fc link needs fc's sandbox to offer its test banks. A server that
 * answers /_sandbox/institutions with a 404 or with something that is not JSON is
 * neither: say so in one line (exit 2) rather than show its 404. Network failures
 * and 5xx stay what they are.
 */
async function sandboxInstitutions(stripe: Stripe, apiBase: URL | undefined) {
  try {
    const list = await listInstitutions(stripe);
    if (Array.isArray(list)) return list;
  } catch (err) {
    const e = err as { type?: string; statusCode?: number };
    const notFc = e.statusCode === 404 || e.statusCode === 405 || (e.type === 'StripeAPIError' && (e.statusCode === undefined || e.statusCode < 500));
    if (!notFc) throw err;
  }
  throw new UsageError(
    `${apiBase?.origin ?? 'The API base'} is neither Stripe nor fc's sandbox (it has no /_sandbox/institutions): fc link needs fc's sandbox (fc sandbox serve) or Stripe's own API.`,
  );
}

export default defineCommand({
  description: 'link bank accounts from the terminal: serves the authentication page locally and prints the linked accounts',
  args: [
    argument('[fcsess_…]', 'an existing session (otherwise one is created from --customer and --permissions)'),
  ],
  options: [
    option('--customer <cus_…>', 'the customer who will link accounts'),
    option('--customer-account <acct_…>', 'or: a v2 Account configured as a customer'),
    option('--permissions <list>', 'balances,ownership,payment_method,transactions', { default: 'balances,ownership,payment_method,transactions' }),
    option('--prefetch <list>', 'data to fetch as soon as accounts link: balances,ownership,transactions'),
    option('--no-open', 'print the URL instead of opening a browser'),
    option('--port <n>', 'local port for the page (0 picks a free one)', { default: '0' }),
    option('--timeout <s>', 'seconds to wait for the flow to finish', { default: '600' }),
  ],
  examples: [
    'fc link --customer cus_123',
    'fc link fcsess_123 --no-open',
    'fc link --customer cus_123 --permissions payment_method --json',
  ],
  run: async (ctx, id, opts) => {
    const port = parseInteger(opts.port, '--port', 0, 65535);
    const timeout = parseInteger(opts.timeout, '--timeout', 1, 86_400);
    let input: NewSession | undefined;
    if (id !== undefined) {
      parseId(id, ['fcsess'], '<fcsess_…>', 'Financial Connections Session');
      if (opts.customer !== undefined || opts.customerAccount !== undefined || opts.prefetch !== undefined) {
        throw new UsageError(`Give either a session (${id}) or --customer/--customer-account to create one, not both.`);
      }
    } else {
      if (opts.customer === undefined && opts.customerAccount === undefined) {
        opts = { ...opts, customer: await pickCustomer(ctx, { missing: '<fcsess_…>, or --customer <cus_…> or --customer-account <acct_…>: whose accounts to link' }) };
      }
      input = parseSessionFlags(opts);
    }
    const target = ctx.target();
    const viaStripe = target.kind === 'stripe';
    const publishableKey = viaStripe ? publishableKeyFor(ctx, target.live) : undefined;

    // The port is bound first, so a busy --port fails before anything is sent.
    const { startLinkServer } = await import('../../link/server.js');
    let session: FcSession | undefined;
    let completed: FcSession | undefined;
    let server: LinkServer;
    try {
      server = await startLinkServer({
        port,
        describeError,
        onOpened: () => ctx.io.err(ctx.io.color.dim('The page is open; waiting for you to finish there…')),
        complete: viaStripe
          ? undefined
          : async (choice) => {
              completed = await completeSession(stripe, session!.id, choice);
              return completed.accounts.data.map((a) => ({ id: a.id, display_name: a.display_name, institution_name: a.institution_name, last4: a.last4 }));
            },
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`--port ${port} is already in use; pick another or use --port 0 for a free one.`);
      if (code === 'EACCES') throw new UsageError(`Not allowed to listen on --port ${port}; use a port above 1023 or --port 0.`);
      throw err;
    }

    let stripe: Stripe;
    let result: LinkResult;
    try {
      stripe = await ctx.stripe();
      const institutions = viaStripe ? undefined : await sandboxInstitutions(stripe, target.apiBase);
      session = id !== undefined ? await getSession(stripe, id) : await createSession(stripe, input!);
      if (id === undefined) ctx.io.err(ctx.io.color.dim(`Created session ${session.id}.`));

      const already = await sessionAccounts(stripe, session);
      if (already.length > 0) {
        ctx.io.err(`Session ${session.id} already finished its flow; these are its linked accounts.`);
        print(ctx, opts.format, already);
        return;
      }
      if (publishableKey !== undefined) {
        if (!session.client_secret) throw new ApiError(`Session ${session.id} has no client_secret, so Stripe.js cannot open it.`);
        server.setPage({ mode: 'stripe', session: pageSession(session), publishableKey, clientSecret: session.client_secret, live: target.live });
      } else {
        server.setPage({ mode: 'sandbox', session: pageSession(session), institutions: institutions ?? [] });
      }

      ctx.io.err(`Open ${server.url} to link accounts`);
      if (shouldOpenBrowser(ctx, opts)) await openBrowser(ctx, server.url);
      ctx.io.err(ctx.io.color.dim(`Waiting up to ${timeout}s; press Ctrl-C to stop.`));
      ctx.lifecycle.inFlight = `Session ${session.id} stays open: nothing was linked yet. Pick up where you left off with: fc link ${session.id}`;
      result = await waitFor(server, timeout, session.id);
    } finally {
      await server.close();
    }

    if (result.kind === 'cancelled') throw new CancelError('Cancelled: nothing was linked.');
    if (result.kind === 'failed') {
      throw new ApiError(`The link flow failed: ${result.error.message}`, { code: result.error.code, type: result.error.type });
    }
    session = completed ?? (await getSession(stripe, session.id));
    const accounts = await sessionAccounts(stripe, session);
    if (opts.format !== 'json') ctx.io.err(`Linked ${accounts.length} account${accounts.length === 1 ? '' : 's'} to session ${session.id}.`);
    print(ctx, opts.format, accounts);
  },
});

function print(ctx: Context, format: string, accounts: FcLinkedAccount[]): void {
  if (format === 'json') printJson(ctx.io, accounts);
  else printLinkedAccounts(ctx.io, accounts);
}
