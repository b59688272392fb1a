import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { conformance } from '../../helpers/dts-shape.js';
import { seedFcAccount } from '../../helpers/seed-fc.js';
import { ONLINE_ACCEPTANCE } from '../../helpers/stripe-client.js';
import { advance, FC_KEY, link, openSandbox } from './fc-setup.js';

/**
 * Conformance with expectations no one here wrote: each object the sandbox serves
 * is checked against its interface in stripe-node's own .d.ts files (see
 * test/helpers/dts-shape.ts), and every error code the sandbox can send against
 * the error-code union stripe-node publishes.
 */
let sandbox: RunningSandbox;
let stripe: Stripe;
const served: [string, string, unknown][] = [];

beforeAll(async () => {
  ({ sandbox, stripe } = await openSandbox({ settleDelayMs: 1_000 }));
  const { customer, session, accounts } = await link(stripe, { prefetch: ['balances', 'ownership', 'transactions'] });
  advance(sandbox, 5_000);
  const account = await stripe.financialConnections.accounts.retrieve(accounts[0]!.id);
  const ownership = account.ownership as string;
  const owners = await stripe.financialConnections.accounts.listOwners(account.id, { ownership });
  const txns = await stripe.financialConnections.transactions.list({ account: account.id, limit: 3 });
  const fca = seedFcAccount(sandbox.forKey(FC_KEY), { customer });
  const pi = await stripe.paymentIntents.create({
    amount: 12_345,
    currency: 'usd',
    customer,
    allowed_payment_method_types: ['us_bank_account'],
    payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: fca.id }, billing_details: { name: 'Jenny Rosen' } },
    confirm: true,
    mandate_data: { customer_acceptance: ONLINE_ACCEPTANCE },
  });
  advance(sandbox, 5_000);
  const settled = await stripe.paymentIntents.retrieve(pi.id);
  const charge = await stripe.charges.retrieve(settled.latest_charge as string);
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
  const seti = await stripe.setupIntents.create({ customer, allowed_payment_method_types: ['us_bank_account'] });
  const v2 = await stripe.v2.core.accounts.create({ contact_email: 'jenny@example.com', configuration: { customer: {} }, include: ['configuration.customer', 'identity', 'defaults', 'requirements'] });
  served.push(
    ['Customers.d.ts', 'Customer', await stripe.customers.retrieve(customer)],
    ['Accounts.d.ts', 'Account', await stripe.accounts.retrieveCurrent()],
    ['FinancialConnections/Sessions.d.ts', 'Session', await stripe.financialConnections.sessions.retrieve(session.id)],
    ['FinancialConnections/Accounts.d.ts', 'Account', account],
    ['FinancialConnections/AccountOwners.d.ts', 'AccountOwner', owners.data[0]],
    ['FinancialConnections/Transactions.d.ts', 'Transaction', txns.data[0]],
    ['PaymentIntents.d.ts', 'PaymentIntent', settled],
    ['PaymentMethods.d.ts', 'PaymentMethod', await stripe.paymentMethods.retrieve(settled.payment_method as string)],
    ['Charges.d.ts', 'Charge', charge],
    ['BalanceTransactions.d.ts', 'BalanceTransaction', await stripe.balanceTransactions.retrieve(charge.balance_transaction as string)],
    ['Refunds.d.ts', 'Refund', refund],
    ['Balance.d.ts', 'Balance', await stripe.balance.retrieve()],
    ['Mandates.d.ts', 'Mandate', await stripe.mandates.retrieve(charge.payment_method_details!.us_bank_account!.mandate as string)],
    ['SetupIntents.d.ts', 'SetupIntent', seti],
    // The envelope; each data.object type is checked on its own above.
    ['Events.d.ts', 'EventBase', { ...(await stripe.events.list({ limit: 1 })).data[0]!, data: { object: {} } }],
    ['V2/Core/Accounts.d.ts', 'Account', v2],
  );
}, 60_000);
afterAll(() => sandbox.close());

describe("objects match stripe-node's .d.ts types", () => {
  it('serves one of each', () => {
    expect(served.map(([, , o]) => (o as { object?: string } | undefined)?.object)).not.toContain(undefined);
  });
  it.each([
    'Customer',
    'Account',
    'Session',
    'AccountOwner',
    'Transaction',
    'PaymentIntent',
    'PaymentMethod',
    'Charge',
    'BalanceTransaction',
    'Refund',
    'Balance',
    'Mandate',
    'SetupIntent',
    'EventBase',
  ])('a served %s has the fields of its stripe-node type', (name) => {
    const objects = served.filter(([f, n]) => n === name && !f.startsWith('V2/'));
    expect(objects.length, `the sandbox served a ${name} to check`).toBeGreaterThan(0);
    for (const [file, iface, obj] of objects) expect({ file, problems: conformance(file, iface, obj) }).toEqual({ file, problems: [] });
  });
  it('the check itself fails on an invented field, a stray null and a missing field', () => {
    const [file, iface, obj] = served.find(([, n]) => n === 'BalanceTransaction')!;
    const { fee: _fee, ...withoutFee } = obj as Stripe.BalanceTransaction;
    expect(conformance(file, iface, { ...(obj as object), invented: 1 })).toEqual(["BalanceTransaction.invented: not in stripe-node's type"]);
    expect(conformance(file, iface, { ...(obj as object), amount: null })).toEqual(['BalanceTransaction.amount: null, but the type has no | null']);
    expect(conformance(file, iface, withoutFee)).toEqual(['BalanceTransaction.fee: required by the type, missing']);
  });
  it('V2 Account', () => {
    const [file, iface, obj] = served.find(([f]) => f.startsWith('V2/'))!;
    expect(conformance(file, iface, obj)).toEqual([]);
  });
});

describe("error codes are Stripe's published ones", () => {
  /** stripe-node's list: the union of codes an API error may carry (PaymentIntent.LastPaymentError.Code). */
  const types = readFileSync(resolve(import.meta.dirname, '../../../node_modules/stripe/cjs/resources/PaymentIntents.d.ts'), 'utf8');
  const unions = [...types.matchAll(/type Code =([^;]+);/g)].map((m) => m[1]!.match(/'([a-z_]+)'/g)!.map((s) => s.slice(1, -1)));
  const published = new Set(unions.sort((a, b) => b.length - a.length)[0]);
  /** Codes Stripe sends that the v1 list lacks, each with its source. */
  const DOCUMENTED_ELSEWHERE: Record<string, string> = {
    invalid_fields: 'v2 APIs; stripe-node cjs/Error.js generateV2Error',
  };

  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
    });
  }

  it('every code the sandbox source can send is in the list, or documented elsewhere', () => {
    expect(published.size).toBeGreaterThan(100);
    const used = new Set<string>();
    for (const file of sources(resolve(import.meta.dirname, '../../../src/sandbox'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/code: '([a-z_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/invalidParam\([^;]*?, '([a-z_]+)'\)/g)) used.add(m[1]!);
      for (const m of text.matchAll(/v2Error\(\d+, '([a-z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    const unknown = [...used].filter((c) => !published.has(c) && !DOCUMENTED_ELSEWHERE[c]);
    expect(unknown).toEqual([]);
  });
});
