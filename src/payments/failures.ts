/**
 * Why an ACH debit failed, in words a support agent can repeat to a customer,
 * and what to do next. Keyed by Stripe's `last_payment_error.code`.
 */
export interface FailureExplanation {
  code: string;
  reason: string;
  next: string;
}

const KNOWN: Record<string, Omit<FailureExplanation, 'code'>> = {
  insufficient_funds: {
    reason: 'The bank returned the debit because the account did not have enough money to cover it.',
    next: 'Ask the customer to add funds or to pay from another account. Nacha rules allow at most two more attempts for a debit returned for insufficient funds.',
  },
  account_closed: {
    reason: 'The bank returned the debit because the account has been closed.',
    next: 'Ask the customer to link an open account (fc sessions create … --permissions payment_method) and pay from it.',
  },
  no_account: {
    reason: 'The bank returned the debit because it could not find an account with these numbers.',
    next: 'Ask the customer to link the account again, or another account, and pay from it.',
  },
  debit_not_authorized: {
    reason: 'The customer told their bank that they did not authorize this debit, so the bank returned it.',
    next: 'Do not retry. Contact the customer and collect a new mandate before debiting this account again.',
  },
};

export function explainFailure(code: string | null | undefined, stripeMessage?: string | null): FailureExplanation {
  const known = code ? KNOWN[code] : undefined;
  if (known) return { code: code!, ...known };
  return {
    code: code ?? 'payment_failed',
    reason: stripeMessage?.trim() ? `The payment failed: ${stripeMessage.trim()}` : 'The payment failed, and the API gave no reason.',
    next: 'See the error code in the Stripe docs (https://docs.stripe.com/error-codes) and fc payments get for details.',
  };
}
