import { listAccounts, type FcAccount } from '../../api/accounts.js';
import { listCustomers } from '../../api/customers.js';
import { PERMISSIONS, type SessionPermission } from '../../api/sessions.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { whyNoPrompt, type Choice } from '../../io/prompter.js';
import { listPayments } from '../../api/payments.js';
import { formatMoney } from '../../io/format.js';
import { formatTimestamp } from '../../io/format.js';
import { parseId } from '../../validate.js';

/**
 * Asking for what a command was not given (issue 8 §5): on a terminal a person
 * chooses from lists instead of copying ids around; without one the command
 * fails with exit 2 before sending anything, as it always did.
 */
export interface PickOptions {
  /** What is missing, as usage writes it, and why it is needed: "<fca_…>: the account to fill". Without a terminal the error says "Missing " and this. */
  missing: string;
}

function requireTerminal(ctx: Context, opts: PickOptions): void {
  if (!ctx.prompter.canPrompt()) throw new UsageError(`Missing ${opts.missing} (${whyNoPrompt(ctx.io, ctx.env)}).`);
}

const PAGE = 100;

export async function pickCustomer(ctx: Context, opts: PickOptions = { missing: '--customer: give a customer id (cus_…)' }): Promise<string> {
  requireTerminal(ctx, opts);
  const customers = await listCustomers(await ctx.stripe(), { limit: PAGE, all: false });
  if (customers.length === 0) {
    throw new UsageError('There are no customers yet.', 'Create one with: fc customers create --email jenny@example.com --name "Jenny Rosen"');
  }
  const choices: Choice<string>[] = customers.map((c) => ({
    name: `${c.name ?? c.email ?? '(no name)'}${c.name && c.email ? ` <${c.email}>` : ''}  ${c.id}`,
    value: c.id,
    description: `created ${formatTimestamp(c.created)}`,
  }));
  return ctx.prompter.select(customers.length === PAGE ? `Choose a customer (the ${PAGE} newest)` : 'Choose a customer', choices, opts);
}

function accountChoice(a: FcAccount): Choice<string> {
  const name = `${a.display_name ?? a.subcategory}${a.last4 ? ` ••${a.last4}` : ''}`;
  return {
    name: `${name} · ${a.institution_name}${a.status === 'active' ? '' : ` (${a.status})`}  ${a.id}`,
    value: a.id,
    description: `permissions: ${(a.permissions ?? []).join(', ') || 'none'}`,
  };
}

/** One of `customer`'s linked accounts (asking for the customer first when not given). */
export async function pickAccount(ctx: Context, customer?: string, opts: PickOptions = { missing: '<fca_…>: give a Financial Connections account id' }): Promise<string> {
  requireTerminal(ctx, opts);
  const holder = customer ?? (await pickCustomer(ctx, opts));
  const filter = holder.startsWith('acct_') ? { customerAccount: holder } : { customer: holder };
  const accounts = await listAccounts(await ctx.stripe(), filter, { limit: PAGE, all: false });
  if (accounts.length === 0) {
    throw new UsageError(`${holder} has no linked accounts.`, `Link one with: fc link --customer ${holder} --permissions balances,payment_method`);
  }
  // Active accounts first: those are the ones that can be read.
  const sorted = [...accounts].sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
  return ctx.prompter.select('Choose an account', sorted.map(accountChoice), opts);
}

const PERMISSION_HELP: Record<SessionPermission, string> = {
  balances: 'current and available balance',
  ownership: "account holders' names, emails, phones, addresses",
  payment_method: 'debit the account by ACH',
  transactions: 'up to 180 days of transactions',
};

export async function pickPermissions(ctx: Context, opts: PickOptions = { missing: '--permissions: one or more of balances, ownership, payment_method, transactions' }): Promise<SessionPermission[]> {
  requireTerminal(ctx, opts);
  const choices = PERMISSIONS.map((p) => ({ name: p, value: p as SessionPermission, description: PERMISSION_HELP[p], checked: p === 'payment_method' }));
  return ctx.prompter.checkbox('Which data may be read? (space to toggle, enter to confirm)', choices, opts);
}

/**
 * For `fc sessions create`: asks for the holder and permissions a person left
 * out. Flags given are kept as they are, so validation stays where it was.
 */
export async function askSessionFlags<T extends { customer?: string; customerAccount?: string; permissions?: string }>(ctx: Context, flags: T): Promise<T> {
  if (!ctx.prompter.canPrompt()) return flags;
  const out = { ...flags };
  if (out.customer === undefined && out.customerAccount === undefined) out.customer = await pickCustomer(ctx);
  if (out.permissions === undefined) out.permissions = (await pickPermissions(ctx)).join(',');
  return out;
}

/** One of the newest payments (of `customer` when given). */
export async function pickPayment(ctx: Context, opts: PickOptions = { missing: '<pi_…>: give a PaymentIntent id' }, filter: (status: string) => boolean = () => true): Promise<string> {
  requireTerminal(ctx, opts);
  const list = (await listPayments(await ctx.stripe(), { limit: PAGE, all: false })).filter((p) => filter(p.status));
  if (list.length === 0) throw new UsageError('There are no payments to choose from.', 'Make one with: fc pay');
  const choices: Choice<string>[] = list.map((p) => ({
    name: `${formatMoney(p.amount, p.currency)} ${p.status}${p.description ? ` · ${p.description}` : ''}  ${p.id}`,
    value: p.id,
    description: `created ${formatTimestamp(p.created)}${typeof p.customer === 'string' ? ` · ${p.customer}` : ''}`,
  }));
  return ctx.prompter.select('Choose a payment', choices, opts);
}

/** An id that cannot be listed from the API (a session): typed in on a terminal. */
export async function askId(ctx: Context, what: string, prefix: string, opts: PickOptions): Promise<string> {
  requireTerminal(ctx, opts);
  const id = await ctx.prompter.input(`${what} (${prefix}_…)`, {
    missing: opts.missing,
    validate: (v) => (new RegExp(`^${prefix}_[A-Za-z0-9]+$`).test(v.trim()) ? true : `give a ${what} id starting with ${prefix}_`),
  });
  return id.trim();
}

/** One of the newest events. */
export async function pickEvent(ctx: Context, opts: PickOptions = { missing: '<evt_…>: the event' }): Promise<string> {
  requireTerminal(ctx, opts);
  const { listEvents } = await import('../../api/events.js');
  const events = await listEvents(await ctx.stripe(), {}, { limit: PAGE, all: false });
  if (events.length === 0) throw new UsageError('There are no events yet.', 'Make one happen with: fc trigger --help');
  return ctx.prompter.select(
    'Choose an event',
    events.map((e) => ({ name: `${e.type}  ${e.id}`, value: e.id, description: `created ${formatTimestamp(e.created)}` })),
    opts,
  );
}

/** An id argument: its prefixes, how errors name it, and how a person picks one on a terminal. */
export interface IdKind {
  readonly arg: string;
  readonly prefixes: string[];
  readonly noun: string;
  pick(ctx: Context, opts: PickOptions): Promise<string>;
}

export const CUSTOMER_ID: IdKind = { arg: '<id>', prefixes: ['cus', 'acct'], noun: 'customer or customer Account', pick: pickCustomer };
export const ACCOUNT_ID: IdKind = { arg: '<fca_…>', prefixes: ['fca'], noun: 'Financial Connections account', pick: (ctx, o) => pickAccount(ctx, undefined, o) };
export const PAYMENT_ID: IdKind = { arg: '<pi_…>', prefixes: ['pi'], noun: 'PaymentIntent', pick: (ctx, o) => pickPayment(ctx, o) };
export const EVENT_ID: IdKind = { arg: '<evt_…>', prefixes: ['evt'], noun: 'event', pick: pickEvent };
export const SESSION_ID: IdKind = {
  arg: '<fcsess_…>',
  prefixes: ['fcsess'],
  noun: 'Financial Connections Session',
  pick: (ctx, o) => askId(ctx, 'Financial Connections Session', 'fcsess', o),
};

/**
 * The id a verb works on: the one given, or one a person picks on a terminal
 * (without one, `missing` is the usage error); checked against its kind either way.
 */
export async function idOrPick(ctx: Context, given: string | undefined, kind: IdKind, missing: string, pick = kind.pick): Promise<string> {
  return parseId(given ?? (await pick(ctx, { missing })), kind.prefixes, kind.arg, kind.noun);
}
