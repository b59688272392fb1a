/**
 * Stripe's error object. Resources throw SandboxApiError; the server turns it into
 * `{"error":{...}}` with the status code Stripe uses for that kind of failure.
 */
export type StripeErrorType =
  | 'invalid_request_error'
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'authentication_error'
  | 'rate_limit_error';

export interface StripeErrorBody {
  type: StripeErrorType | string;
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  decline_code?: string;
  payment_intent?: unknown;
  request_log_url?: string;
}

export class SandboxApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

function docUrl(code: string | undefined): string | undefined {
  return code ? `https://docs.stripe.com/error-codes/${code.replace(/_/g, '-')}` : undefined;
}

export function invalidRequest(message: string, opts: { code?: string; param?: string; status?: number } = {}): SandboxApiError {
  return new SandboxApiError(opts.status ?? 400, {
    type: 'invalid_request_error',
    code: opts.code,
    message,
    param: opts.param,
    doc_url: docUrl(opts.code),
  });
}

/**
 * Stripe's 404 names the parameter that held the missing id: the body/query
 * parameter when there is one, else `id` for an id in the path (what Stripe
 * answers for `GET /v1/customers/cus_missing`).
 */
export function missingResource(kind: string, id: string, param = 'id'): SandboxApiError {
  return new SandboxApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
    doc_url: docUrl('resource_missing'),
  });
}

export function missingParam(param: string): SandboxApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function invalidParam(param: string, message: string, code?: string): SandboxApiError {
  return invalidRequest(message, { code, param });
}

export function unknownParam(param: string): SandboxApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

export function authError(message: string): SandboxApiError {
  return new SandboxApiError(401, { type: 'invalid_request_error', message });
}

export function errorJson(body: StripeErrorBody): string {
  // Drop undefined members so the object is exactly what Stripe sends.
  return JSON.stringify({ error: Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) });
}
