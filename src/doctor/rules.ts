import type Stripe from 'stripe';
import { explainFailure } from '../payments/failures.js';

/**
 * fc doctor's checks, as pure functions over plain API objects, so each rule is
 * table-tested without a server. A finding names one object, says what is wrong
 * in plain words, and the next step a support agent can take or tell the customer.
 */
export type Severity = 'error' | 'warning' | 'ok';

export interface Finding {
  severity: Severity;
  /** Stable, for scripts: `account_disconnected`, `payment_failed`… */
  code: string;
  /** The id of the object the finding is about. */
  object: string;
  title: string;
  /** Null for `ok` entries. */
  next_step: string | null;
  /** The facts behind the finding (unix seconds for times, minor units for money). */
  details: Record<string, string | number | boolean | null>;
}

type FcAccount = Stripe.FinancialConnections.Account;

export interface RuleContext {
  /** Unix seconds: the API's clock (the sandbox's may be advanced). */
  now: number;
  /** `cus_…` / `acct_…` used in the commands a next step suggests; null when unknown. */
  holder: string | null;
  /** Unix seconds → how a person reads it (local time). */
  time(unix: number): string;
  money(minor: number, currency: string): string;
  /** Days a debit may stay `processing` before it counts as stuck. */
  stuckAfterDays?: number;
  /** Days after which unsubscribed transactions count as stale. */
  staleTransactionsAfterDays?: number;
}

const FEATURE_LABEL = { balance: 'Balance', ownership: 'Ownership', transactions: 'Transaction' } as const;
const PERMISSION_FOR = { balance: 'balances', ownership: 'ownership', transactions: 'transactions' } as const;

export function accountName(a: Pick<FcAccount, 'display_name' | 'last4' | 'institution_name'>): string {
  return `${a.display_name ?? 'Account'}${a.last4 ? ` ••${a.last4}` : ''} at ${a.institution_name}`;
}

function relinkCommand(ctx: RuleContext, permissions: readonly string[] | null | undefined): string {
  const holderFlag = ctx.holder?.startsWith('acct_') ? `--customer-account ${ctx.holder}` : `--customer ${ctx.holder ?? '<cus_…>'}`;
  const perms = permissions?.length ? permissions.join(',') : 'payment_method,balances';
  return `fc link ${holderFlag} --permissions ${perms}`;
}

/** The FC account a payment method debits, if it is a linked bank account. */
export function accountOfPaymentMethod(pm: Stripe.PaymentMethod | string | null | undefined): string | null {
  if (!pm || typeof pm === 'string') return null;
  return pm.us_bank_account?.financial_connections_account ?? null;
}

/** The FC account a payment debited (or tried to): a failed debit keeps its method only in the error. */
export function accountOfPayment(pi: Stripe.PaymentIntent, methods: readonly Stripe.PaymentMethod[] = []): string | null {
  const direct = accountOfPaymentMethod(pi.payment_method) ?? accountOfPaymentMethod(pi.last_payment_error?.payment_method);
  if (direct) return direct;
  const id = typeof pi.payment_method === 'string' ? pi.payment_method : undefined;
  return accountOfPaymentMethod(methods.find((m) => m.id === id));
}

export interface AccountUse {
  /** A payment method or payment debits this account. */
  payments: boolean;
}

export function accountFindings(a: FcAccount, use: AccountUse, ctx: RuleContext): Finding[] {
  const name = accountName(a);
  const f = (severity: Severity, code: string, title: string, next: string | null, details: Finding['details'] = {}): Finding => ({
    severity,
    code,
    object: a.id,
    title,
    next_step: next,
    details: { status: a.status, ...details },
  });

  // A dead connection makes every other check moot: say only that.
  if (a.status === 'disconnected') {
    return [
      f(
        'error',
        'account_disconnected',
        `${name} is disconnected: its data can no longer be read or refreshed, and it cannot be debited.`,
        `Ask the customer to link the account again (${relinkCommand(ctx, a.permissions)}), then use the new account id.`,
      ),
    ];
  }
  if (a.status === 'inactive') {
    return [
      f(
        'error',
        'account_inactive',
        `${name} is inactive: the connection to the bank stopped (access expired or was revoked at the bank).`,
        `Ask the customer to link the account again (${relinkCommand(ctx, a.permissions)}).`,
      ),
    ];
  }

  const out: Finding[] = [];
  const permissions = a.permissions ?? [];
  const active = a.status_details?.active;
  if (active?.action === 'relink_required') {
    const when = active.expected_deactivation_date ? ` by ${ctx.time(active.expected_deactivation_date)}` : ' soon';
    out.push(
      f('warning', 'relink_required', `${name} needs to be linked again${when} (${active.cause.replace(/_/g, ' ')}), or it will stop working.`, `Ask the customer to link it again: ${relinkCommand(ctx, permissions)}.`, {
        expected_deactivation_date: active.expected_deactivation_date ?? null,
      }),
    );
  }

  if (use.payments && !permissions.includes('payment_method')) {
    out.push(
      f(
        'error',
        'missing_permission',
        `${name} is used for payments but was linked without the payment_method permission, so it cannot be debited.`,
        `Link it again with payment_method added: ${relinkCommand(ctx, [...new Set([...permissions, 'payment_method'])])}.`,
        { permission: 'payment_method' },
      ),
    );
  } else if (use.payments || permissions.includes('payment_method')) {
    out.push(...accountNumberFindings(a, name, ctx));
  }

  for (const feature of ['balance', 'ownership', 'transactions'] as const) {
    if (!permissions.includes(PERMISSION_FOR[feature])) continue;
    const r = feature === 'balance' ? a.balance_refresh : feature === 'ownership' ? a.ownership_refresh : a.transaction_refresh;
    if (r?.status !== 'failed') continue;
    const refresh = `fc accounts refresh ${a.id} --features ${feature}`;
    const waitUntil = r.next_refresh_available_at !== null && r.next_refresh_available_at > ctx.now ? r.next_refresh_available_at : null;
    const details = { feature, last_attempted_at: r.last_attempted_at, next_refresh_available_at: r.next_refresh_available_at };
    out.push(
      waitUntil !== null
        ? f(
            'warning',
            'refresh_too_early',
            `${FEATURE_LABEL[feature]} refresh of ${name} failed (tried ${ctx.time(r.last_attempted_at)}); another refresh is too early until ${ctx.time(waitUntil)}.`,
            `After ${ctx.time(waitUntil)}, run \`${refresh}\`. If it fails again, ask the customer to link the account again.`,
            details,
          )
        : f(
            'warning',
            'refresh_failed',
            `${FEATURE_LABEL[feature]} refresh of ${name} failed (tried ${ctx.time(r.last_attempted_at)}).`,
            `Run \`${refresh}\` to try again. If it fails again, ask the customer to link the account again.`,
            details,
          ),
    );
  }

  // Without a subscription, transactions are as old as the last refresh: a problem once that is stale.
  const lastTxnRefresh = a.transaction_refresh?.last_attempted_at ?? null;
  const staleAfter = (ctx.staleTransactionsAfterDays ?? 7) * 86_400;
  if (
    permissions.includes('transactions') &&
    !a.subscriptions?.includes('transactions') &&
    a.transaction_refresh?.status !== 'failed' &&
    a.transaction_refresh?.status !== 'pending' &&
    (lastTxnRefresh === null || ctx.now - lastTxnRefresh > staleAfter)
  ) {
    const last = lastTxnRefresh === null ? 'they were never refreshed' : `they were last refreshed ${ctx.time(lastTxnRefresh)}`;
    out.push(
      f(
        'warning',
        'transactions_not_subscribed',
        `${name} has the transactions permission but no subscription, and ${last}.`,
        `Run \`fc accounts subscribe ${a.id}\` for daily refreshes, or \`fc accounts refresh ${a.id} --features transactions\` before reading them.`,
        { last_attempted_at: lastTxnRefresh },
      ),
    );
  }

  if (out.length === 0) {
    const balance = a.balance_refresh?.status === 'succeeded' ? `; balance refreshed ${ctx.time(a.balance_refresh.last_attempted_at)}` : '';
    out.push(f('ok', 'account_ok', `${name} is active and healthy (permissions: ${permissions.join(', ') || 'none'}${balance}).`, null));
  }
  return out;
}

function accountNumberFindings(a: FcAccount, name: string, ctx: RuleContext): Finding[] {
  const numbers = a.account_numbers ?? [];
  const f = (severity: Severity, code: string, title: string, next: string, details: Finding['details'] = {}): Finding => ({
    severity,
    code,
    object: a.id,
    title,
    next_step: next,
    details,
  });
  if (!a.supported_payment_method_types.includes('us_bank_account') || a.account_numbers === null || numbers.length === 0) {
    const list = ctx.holder ? `fc accounts list --customer ${ctx.holder}` : 'fc accounts list --customer <cus_…>';
    return [
      f(
        'warning',
        'not_debitable',
        `${name} cannot be debited by ACH: the bank shares no account number for it (${a.subcategory.replace(/_/g, ' ')} account).`,
        `Pay from another of the customer's accounts (${list}), such as a checking account.`,
        { subcategory: a.subcategory },
      ),
    ];
  }
  const out: Finding[] = [];
  const transactable = numbers.filter((n) => n.status === 'transactable');
  if (transactable.length === 0) {
    const statuses = [...new Set(numbers.map((n) => n.status))].join(', ');
    out.push(
      numbers.some((n) => n.status === 'pending')
        ? f('warning', 'account_numbers_pending', `${name}'s account numbers are still pending at the bank, so it cannot be debited yet.`, `Wait and check again with \`fc accounts get ${a.id}\`; pay once they are transactable.`, { statuses })
        : f('error', 'account_numbers_not_transactable', `${name}'s account numbers are ${statuses}, so it cannot be debited.`, `Ask the customer to link the account again (${relinkCommand(ctx, a.permissions)}).`, { statuses }),
    );
  }
  const soon = ctx.now + 30 * 86_400;
  const expiring = transactable.filter((n) => n.expected_expiry_date !== null && n.expected_expiry_date <= soon);
  if (expiring.length && expiring.length === transactable.length) {
    const at = Math.min(...expiring.map((n) => n.expected_expiry_date!));
    out.push(
      f('warning', 'account_numbers_expiring', `${name}'s tokenized account number expires ${ctx.time(at)}; debits after that will fail.`, `Ask the customer to link the account again before then (${relinkCommand(ctx, a.permissions)}).`, {
        expected_expiry_date: at,
      }),
    );
  }
  return out;
}

export function paymentFindings(pi: Stripe.PaymentIntent, ctx: RuleContext): Finding[] {
  const amount = ctx.money(pi.amount, pi.currency);
  const base = { status: pi.status, amount: pi.amount, currency: pi.currency, created: pi.created };
  const charge = typeof pi.latest_charge === 'object' && pi.latest_charge ? pi.latest_charge : null;
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
    const e = pi.last_payment_error;
    const why = explainFailure(e.code ?? charge?.failure_code, e.message ?? charge?.failure_message);
    return [
      {
        severity: 'error',
        code: 'payment_failed',
        object: pi.id,
        title: `Payment of ${amount} (${ctx.time(pi.created)}) failed: ${why.code.replace(/_/g, ' ')}. ${why.reason}`,
        next_step: why.next,
        details: { ...base, failure_code: why.code, decline_code: e.decline_code ?? null },
      },
    ];
  }
  if (pi.status === 'processing') {
    const since = charge?.created ?? pi.created;
    const days = Math.floor((ctx.now - since) / 86_400);
    if (days >= (ctx.stuckAfterDays ?? 7)) {
      return [
        {
          severity: 'warning',
          code: 'payment_stuck_processing',
          object: pi.id,
          title: `Payment of ${amount} has been processing for ${days} days (since ${ctx.time(since)}); ACH debits usually settle within 4 business days.`,
          next_step: `Check it with \`fc payments get ${pi.id}\`; if it does not move, contact Stripe support with the payment id, or cancel it (\`fc payments cancel ${pi.id}\`) and pay again.`,
          details: { ...base, processing_since: since },
        },
      ];
    }
    return [];
  }
  if (pi.status === 'requires_action') {
    return [
      {
        severity: 'warning',
        code: 'payment_requires_action',
        object: pi.id,
        title: `Payment of ${amount} waits for the customer: ${pi.next_action?.type === 'verify_with_microdeposits' ? 'the bank account must be verified with microdeposits' : 'an action is required'}.`,
        next_step: 'Ask the customer to finish verifying (the microdeposits take 1-2 business days to arrive), or link the account instantly with fc link.',
        details: { ...base, next_action: pi.next_action?.type ?? null },
      },
    ];
  }
  if (pi.status === 'requires_confirmation') {
    return [
      {
        severity: 'warning',
        code: 'payment_not_confirmed',
        object: pi.id,
        title: `Payment of ${amount} was created ${ctx.time(pi.created)} but never confirmed, so no debit was started.`,
        next_step: `Run the same fc pay command again to resume it, or cancel it with \`fc payments cancel ${pi.id}\`.`,
        details: base,
      },
    ];
  }
  return [];
}

/**
 * Only a multi-use mandate matters for future debits: a single-use one goes
 * inactive once its debit is done, as it should.
 */
export function mandateFindings(m: Stripe.Mandate): Finding[] {
  if (m.type !== 'multi_use' || m.status !== 'inactive') return [];
  const pm = typeof m.payment_method === 'string' ? m.payment_method : m.payment_method.id;
  return [
    {
      severity: 'error',
      code: 'mandate_inactive',
      object: m.id,
      title: `Mandate ${m.id} for ${pm} is inactive: debits that rely on it will fail.`,
      next_step: 'Collect a new authorization from the customer: the next fc pay (with --mandate-ip) records a new mandate.',
      details: { status: m.status, type: m.type, payment_method: pm },
    },
  ];
}

export interface DoctorInput {
  accounts: readonly FcAccount[];
  paymentMethods: readonly Stripe.PaymentMethod[];
  payments: readonly Stripe.PaymentIntent[];
  mandates: readonly Stripe.Mandate[];
  /** A customer with no linked accounts gets a finding saying so. */
  customer?: { id: string; deleted?: boolean } | null;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, ok: 2 };

/** Every rule over everything gathered; problems first, then what is fine. */
export function diagnose(input: DoctorInput, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  if (input.customer?.deleted) {
    out.push({ severity: 'error', code: 'customer_deleted', object: input.customer.id, title: `Customer ${input.customer.id} was deleted.`, next_step: 'Create a new customer (fc customers create) and link the accounts again.', details: {} });
  } else if (input.customer && input.accounts.length === 0) {
    out.push({
      severity: 'warning',
      code: 'no_accounts',
      object: input.customer.id,
      title: `Customer ${input.customer.id} has no linked bank accounts.`,
      next_step: `Ask the customer to link one: ${relinkCommand(ctx, null)}.`,
      details: {},
    });
  }
  const debited = new Set<string>();
  for (const pm of input.paymentMethods) {
    const fca = accountOfPaymentMethod(pm);
    if (fca) debited.add(fca);
  }
  for (const pi of input.payments) {
    const fca = accountOfPayment(pi, input.paymentMethods);
    if (fca) debited.add(fca);
  }
  for (const a of input.accounts) out.push(...accountFindings(a, { payments: debited.has(a.id) }, ctx));
  for (const pi of input.payments) out.push(...paymentFindings(pi, ctx));
  // A mandate on a dead account adds nothing to the account's own finding.
  const dead = new Set(input.accounts.filter((a) => a.status !== 'active').map((a) => a.id));
  for (const m of input.mandates) {
    const pmId = typeof m.payment_method === 'string' ? m.payment_method : m.payment_method.id;
    const pm = input.paymentMethods.find((p) => p.id === pmId) ?? (typeof m.payment_method === 'string' ? undefined : m.payment_method);
    const fca = accountOfPaymentMethod(pm);
    if (fca && dead.has(fca)) continue;
    out.push(...mandateFindings(m));
  }
  return out.map((f, i) => ({ f, i })).sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i).map((x) => x.f);
}
