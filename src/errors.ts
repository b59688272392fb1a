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

/** The user cancelled (Ctrl-C, declined a flow). */
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
        return new NetworkError(
          `Could not reach the API: ${err.message ?? 'connection failed'}.`,
          'Check your network or --api-base. If the command changes something, check whether it was done before running it again.',
        );
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
        return new ApiError(err.message ?? 'API error', details);
    }
  }
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    return new NetworkError(`Could not connect: ${err.message}`);
  }
  const message = err instanceof Error ? err.message : String(err);
  const internal = new FcError(`Unexpected error: ${message}`, ExitCode.api);
  if (err instanceof Error) internal.stack = err.stack;
  return internal;
}
