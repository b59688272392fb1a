import type Stripe from 'stripe';

/**
 * fc's sandbox-only test helpers (paths outside /v1). They go through
 * stripe-node's rawRequest like every other call, so keys, retries and --debug
 * logging behave the same.
 */
export interface SandboxClockState {
  object: 'sandbox.clock';
  now: number;
  offset_ms: number;
}

export function resetSandbox(stripe: Stripe): Promise<{ reset: boolean }> {
  return stripe.rawRequest('POST', '/_sandbox/reset', {}) as Promise<{ reset: boolean }>;
}

export function advanceSandboxClock(stripe: Stripe, ms: number): Promise<SandboxClockState> {
  return stripe.rawRequest('POST', '/_sandbox/clock/advance', { ms }) as Promise<SandboxClockState>;
}

export interface SandboxInstitutionAccount {
  key: string;
  display_name: string;
  category: string;
  subcategory: string;
  last4: string;
  supports_payments: boolean;
  payment_outcome: string;
}

export interface SandboxInstitution {
  id: string;
  object: 'sandbox.institution';
  name: string;
  status: 'up' | 'down';
  accounts: SandboxInstitutionAccount[];
}

export async function listInstitutions(stripe: Stripe): Promise<SandboxInstitution[]> {
  const res = (await stripe.rawRequest('GET', '/_sandbox/institutions')) as { data: SandboxInstitution[] };
  return res.data;
}

export function completeSession(
  stripe: Stripe,
  sessionId: string,
  choice: { institution?: string; accounts?: string[] },
): Promise<Stripe.FinancialConnections.Session> {
  const params: Record<string, unknown> = {};
  if (choice.institution) params.institution = choice.institution;
  if (choice.accounts?.length) params.accounts = choice.accounts;
  return stripe.rawRequest(
    'POST',
    `/_sandbox/financial_connections/sessions/${encodeURIComponent(sessionId)}/complete`,
    params,
  ) as Promise<Stripe.FinancialConnections.Session>;
}

export function seedHistory(stripe: Stripe, accountId: string, count: number): Promise<{ account: string; count: number }> {
  return stripe.rawRequest('POST', `/_sandbox/financial_connections/accounts/${encodeURIComponent(accountId)}/history`, {
    count,
  }) as Promise<{ account: string; count: number }>;
}
