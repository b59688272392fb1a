/**
 * Every failure fc reports is one of these; `exitCodeFor` is the single place
 * that turns a failure into the exit-code table of the CLI contract.
 */
export const ExitCode = {
  ok: 0,
  api: 1,
  usage: 2,
  auth: 3,
  network: 4,
  /** The wait ran out (--timeout) while the operation was still pending; it goes on without fc. */
  pending: 5,
  /** fc itself could not run: a broken installation (e.g. a missing native module) or a bug. */
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class FcError extends Error {
  readonly exitCode: ExitCodeValue;
  /** A hint printed under the message: what to do next. */
  readonly hint?: string;
  constructor(message: string, exitCode: ExitCodeValue, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flags or input. Thrown before anything is sent. */
export class UsageError extends FcError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** The API answered with an error object. */
export class ApiError extends FcError {
  readonly code?: string;
  readonly requestId?: string;
  readonly param?: string;
  readonly type?: string;
  constructor(
    message: string,
    details: { code?: string; requestId?: string; param?: string; type?: string } = {},
    hint?: string,
  ) {
    super(message, ExitCode.api, hint);
    this.code = details.code;
    this.requestId = details.requestId;
    this.param = details.param;
    this.type = details.type;
  }
}

/** Bad key, live key where it is not allowed, missing permission. */
export class AuthError extends FcError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.auth, hint);
  }
}

/** No answer after retries; the message says what is known of the operation's outcome. */
export class NetworkError extends FcError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.network, hint);
  }
}

/**
 * `--timeout` ran out while the operation was still pending (a refresh, a payment
 * settling, a link flow): it goes on, and the hint names the command that follows it.
 */
export class PendingError extends FcError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.pending, hint);
  }
}

/** The user cancelled (Ctrl-C, declined a flow). Printed as a plain sentence, not as an error. */
export class CancelError extends FcError {
  constructor(message = 'Cancelled.') {
    super(message, ExitCode.interrupted);
  }
}

interface StripeLikeError {
  type?: string;
  rawType?: string;
  message?: string;
  code?: string;
  param?: string;
  requestId?: string;
  statusCode?: number;
}

function isStripeError(err: unknown): err is StripeLikeError & Error {
  return (
    err instanceof Error &&
    typeof (err as StripeLikeError).type === 'string' &&
    (err as StripeLikeError).type!.startsWith('Stripe')
  );
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing is listening there)',
  ENOTFOUND: 'DNS lookup failed (no such host)',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/**
 * stripe-node says "An error occurred with our connection to Stripe. Request was retried 2 times."
 * whatever the host; the socket error below it has the cause, and fc's HTTP client (api/http.ts)
 * marks it with the host it was talking to.
 */
function connectionError(err: StripeLikeError & { detail?: unknown }): NetworkError {
  const detail = (err.detail ?? {}) as NodeJS.ErrnoException & { fcHost?: string; hostname?: string; address?: string; port?: number };
  const host = detail.fcHost ?? detail.hostname ?? (detail.address ? `${detail.address}${detail.port ? `:${detail.port}` : ''}` : undefined);
  const code = detail.code;
  const cause = (code && CAUSES[code]) ?? (/timeout/i.test(err.message ?? '') ? 'timed out' : code ? code : detail.message || 'connection failed');
  const retried = /retried (\d+) time/.exec(err.message ?? '')?.[1];
  const tries = retried ? `, after ${retried} ${retried === '1' ? 'retry' : 'retries'}` : '';
  return new NetworkError(
    `Could not reach ${host ?? 'the API'}: ${cause}${code && CAUSES[code] ? ` [${code}]` : ''}${tries}.`,
    'Check your network (and --api-base or FC_API_BASE if you set one). If the command changes something, check whether it was done before running it again.',
  );
}

/** A native module that failed to load, or a module missing from the install. */
function isBrokenInstall(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : '';
  return (
    code === 'ERR_DLOPEN_FAILED' ||
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Could not locate the bindings file|NODE_MODULE_VERSION|invalid ELF header/.test(message)
  );
}

/** Turns any thrown value into an FcError (stripe-node errors included). */
export function toFcError(err: unknown): FcError {
  if (err instanceof FcError) return err;
  if (isStripeError(err)) {
    const details = { code: err.code, requestId: err.requestId, param: err.param, type: err.rawType };
    switch (err.type) {
      case 'StripeAuthenticationError':
      case 'StripePermissionError':
        return new AuthError(err.message ?? 'Authentication failed.');
      case 'StripeConnectionError':
        return connectionError(err as StripeLikeError & { detail?: unknown });
      case 'StripeRateLimitError':
        return new NetworkError(
          'The API is rate limiting requests and retries ran out.',
          'Wait a moment, then run the same command again.',
        );
      case 'StripeAPIError':
        if ((err.statusCode ?? 500) >= 500) {
          return new NetworkError(
            `The API failed with a server error (${err.statusCode ?? 'no status'}) after retries: ${err.message}`,
            // Only the command knows whether repeating it is harmless; those that are say so (api/write-journal.ts).
            'If the command changes something, check whether it was done before running it again.',
          );
        }
        return new ApiError(err.message ?? 'API error', details);
      default:
        // A missing permission on the account is a permission problem (exit 3), whatever HTTP status carried it.
        if (err.code && /missing_permission$/.test(err.code)) return new AuthError(err.message ?? 'Missing permission.');
        return new ApiError(err.message ?? 'API error', details);
    }
  }
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    return new NetworkError(`Could not connect: ${err.message}`);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (isBrokenInstall(err)) {
    const broken = new FcError(
      `fc's installation is incomplete: ${message.split('\n')[0]}`,
      ExitCode.internal,
      'Reinstall its dependencies (npm ci, or npm install -g again) with the Node.js version you run fc with.',
    );
    if (err instanceof Error) broken.stack = err.stack;
    return broken;
  }
  const internal = new FcError(`Unexpected error (a bug in fc; please report it): ${message}`, ExitCode.internal);
  if (err instanceof Error) internal.stack = err.stack;
  return internal;
}
