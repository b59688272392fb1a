import type Stripe from 'stripe';
import { VERSION } from '../version.js';

/**
 * `fc trigger`: each event type made to happen for real, through the API, the way
 * an integration would cause it. On fc's sandbox a trigger makes everything it
 * needs (customer, linked account, payment) and moves the sandbox clock to finish
 * refreshes and settle debits; against Stripe it does what the API allows on an
 * account given with --account, and says plainly what needs the browser flow.
 */
export interface TriggerInput {
  /** An existing linked account to act on (required against Stripe where one is needed). */
  account?: string;
  /** An existing customer (else one is created, or taken from the account's holder). */
  customer?: string;
}

export interface TriggerResult {
  /** Every object the trigger made or changed, final state, in the order it touched them. */
  objects: { object: string; id: string }[];
  notes: string[];
}

export interface TriggerEnv {
  stripe: Stripe;
  /** True on fc's sandbox (its /_sandbox helpers answer). */
  sandbox: boolean;
  /** Asked before acting on an account the user named (disconnect cuts access for good). */
  confirm: (question: string) => Promise<void>;
}

export class TriggerUnavailable extends Error {}

type Step = (t: Run) => Promise<void>;

export interface Trigger {
  name: string;
  description: string;
  /** Why it cannot be triggered against Stripe, when it cannot. */
  sandboxOnly?: string;
  run: Step;
}

const ACCEPTANCE = { type: 'online', online: { ip_address: '127.0.0.1', user_agent: `fc/${VERSION} (fc trigger)` } } as const;
/** Sandbox clock steps tried in turn until a refresh finishes or a debit settles: short first, so other sandbox state moves little. */
const CLOCK_STEPS_MS = [5_000, 60_000, 600_000, 3_600_000, 86_400_000, 4 * 86_400_000];

class Run {
  readonly objects = new Map<string, { object: string; id: string }>();
  readonly notes: string[] = [];
  private readonly linked = new Map<string, Stripe.FinancialConnections.Account>();
  private customerId: string | undefined;
  constructor(
    readonly env: TriggerEnv,
    readonly input: TriggerInput,
  ) {}

  get stripe(): Stripe {
    return this.env.stripe;
  }

  keep<T extends { object: string; id: string }>(obj: T): T {
    this.objects.delete(obj.id);
    this.objects.set(obj.id, obj);
    return obj;
  }

  needSandbox(what: string): void {
    if (!this.env.sandbox) throw new TriggerUnavailable(what);
  }

  async freshCustomer(): Promise<Stripe.Customer> {
    return this.keep(await this.stripe.customers.create({ email: 'jenny.rosen@example.com', name: 'Jenny Rosen', description: 'made by fc trigger' }));
  }

  /** --customer, else the --account's holder, else one made once for this run. */
  async customer(): Promise<string> {
    if (this.input.customer) return this.input.customer;
    if (this.customerId) return this.customerId;
    if (this.input.account) {
      const holder = (await this.stripe.financialConnections.accounts.retrieve(this.input.account)).account_holder;
      if (holder?.customer) return (this.customerId = typeof holder.customer === 'string' ? holder.customer : holder.customer.id);
    }
    return (this.customerId = (await this.freshCustomer()).id);
  }

  /** The --account given, or (sandbox) a freshly linked test account of this kind. */
  async account(template = 'checking', purpose = 'a linked account'): Promise<Stripe.FinancialConnections.Account> {
    const known = this.linked.get(template);
    if (known) return known;
    if (this.input.account && template === 'checking') {
      const given = this.keep(await this.stripe.financialConnections.accounts.retrieve(this.input.account));
      this.linked.set(template, given);
      return given;
    }
    this.needSandbox(
      this.input.account
        ? `it needs ${purpose}, and Stripe decides a real account's outcome; run it on the sandbox (fc --sandbox trigger …).`
        : `it needs ${purpose}: pass --account fca_… (linking one takes the browser flow: fc link).`,
    );
    const customer = await this.customer();
    const session = await this.stripe.financialConnections.sessions.create({
      account_holder: { type: 'customer', customer },
      permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
    });
    const done = (await this.stripe.rawRequest('POST', `/_sandbox/financial_connections/sessions/${session.id}/complete`, {
      accounts: [template],
    })) as unknown as Stripe.FinancialConnections.Session;
    this.keep(done);
    const account = this.keep(done.accounts.data[0]!);
    this.linked.set(template, account);
    return account;
  }

  async advance(ms: number): Promise<void> {
    await this.stripe.rawRequest('POST', '/_sandbox/clock/advance', { ms });
  }

  /** Moves the sandbox clock in growing steps until `done` holds. */
  async until(done: () => Promise<boolean>, what: string): Promise<void> {
    if (await done()) return;
    for (const step of CLOCK_STEPS_MS) {
      await this.advance(step);
      if (await done()) return;
    }
    throw new Error(`the sandbox did not finish ${what}`);
  }

  async refresh(feature: 'balance' | 'ownership' | 'transactions'): Promise<void> {
    const account = await this.account();
    await this.stripe.financialConnections.accounts.refresh(account.id, { features: [feature] });
    const field = `${feature === 'transactions' ? 'transaction' : feature}_refresh` as const;
    if (!this.env.sandbox) {
      this.notes.push(`Refresh started; Stripe sends financial_connections.account.refreshed_${feature} when it finishes.`);
      this.keep(await this.stripe.financialConnections.accounts.retrieve(account.id));
      return;
    }
    await this.until(async () => {
      const a = this.keep(await this.stripe.financialConnections.accounts.retrieve(account.id));
      return a[field]?.status !== 'pending';
    }, `the ${feature} refresh`);
  }

  async pay(template = 'checking', purpose?: string): Promise<Stripe.PaymentIntent> {
    const account = await this.account(template, purpose);
    const customer = await this.customer();
    const pi = this.keep(
      await this.stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        customer,
        description: 'made by fc trigger',
        allowed_payment_method_types: ['us_bank_account'],
        payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: account.id }, billing_details: { name: 'Jenny Rosen' } },
        mandate_data: { customer_acceptance: ACCEPTANCE },
        confirm: true,
      }),
    );
    if (typeof pi.latest_charge === 'string') this.keep(await this.stripe.charges.retrieve(pi.latest_charge));
    return pi;
  }

  async settle(pi: Stripe.PaymentIntent): Promise<Stripe.PaymentIntent> {
    if (!this.env.sandbox) {
      this.notes.push('Stripe settles the ACH debit on its own schedule; payment_intent.succeeded (or payment_failed) follows then.');
      return pi;
    }
    let latest = pi;
    await this.until(async () => {
      latest = this.keep(await this.stripe.paymentIntents.retrieve(pi.id));
      return latest.status !== 'processing';
    }, 'settling the payment');
    if (typeof latest.latest_charge === 'string') this.keep(await this.stripe.charges.retrieve(latest.latest_charge));
    return latest;
  }

  async setup(): Promise<void> {
    const account = await this.account();
    const customer = await this.customer();
    const seti = await this.stripe.setupIntents.create({
      customer,
      allowed_payment_method_types: ['us_bank_account'],
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: account.id }, billing_details: { name: 'Jenny Rosen' } },
      mandate_data: { customer_acceptance: ACCEPTANCE },
      confirm: true,
    });
    this.keep(seti);
    if (typeof seti.payment_method === 'string') this.keep(await this.stripe.paymentMethods.retrieve(seti.payment_method));
  }

  /** Turns the linked account inactive or active on the bank's side: only the sandbox can. */
  async setStatus(action: 'deactivate' | 'reactivate'): Promise<void> {
    this.needSandbox(`${BANK_SIDE}.`);
    const account = await this.account();
    this.keep((await this.stripe.rawRequest('POST', `/_sandbox/financial_connections/accounts/${account.id}/${action}`, {})) as unknown as Stripe.FinancialConnections.Account);
  }
}

const ACCOUNT_FLOW = 'Stripe creates a linked account only when a person finishes the authentication flow in a browser (fc link)';
const BANK_SIDE = 'Stripe changes an account to inactive and back on the bank\'s side; no API call does it';

export const TRIGGERS: readonly Trigger[] = [
  { name: 'customer.created', description: 'creates a customer', run: async (t) => void (await t.freshCustomer()) },
  {
    name: 'customer.updated',
    description: 'creates a customer, then changes its description',
    run: async (t) => {
      const c = await t.freshCustomer();
      t.keep(await t.stripe.customers.update(c.id, { description: 'updated by fc trigger' }));
    },
  },
  {
    name: 'customer.deleted',
    description: 'creates a customer, then deletes it',
    run: async (t) => {
      const c = await t.freshCustomer();
      t.keep(await t.stripe.customers.del(c.id));
    },
  },
  {
    name: 'financial_connections.account.created',
    description: 'links a test checking account through a session (sandbox)',
    sandboxOnly: ACCOUNT_FLOW,
    run: async (t) => {
      t.needSandbox(`${ACCOUNT_FLOW}.`);
      await t.account();
    },
  },
  { name: 'financial_connections.account.refreshed_balance', description: 'refreshes the balance of a linked account', run: (t) => t.refresh('balance') },
  { name: 'financial_connections.account.refreshed_ownership', description: 'refreshes the owners of a linked account', run: (t) => t.refresh('ownership') },
  {
    name: 'financial_connections.account.refreshed_transactions',
    description: 'refreshes the transactions of a linked account',
    run: (t) => t.refresh('transactions'),
  },
  {
    name: 'financial_connections.account.disconnected',
    description: 'disconnects a linked account',
    run: async (t) => {
      const account = await t.account();
      if (t.input.account) await t.env.confirm(`Disconnect ${account.id}? Its data and payments stop for good.`);
      t.keep(await t.stripe.financialConnections.accounts.disconnect(account.id));
    },
  },
  {
    name: 'financial_connections.account.deactivated',
    description: 'links an account, then the bank connection stops working (sandbox)',
    sandboxOnly: BANK_SIDE,
    run: async (t) => {
      await t.setStatus('deactivate');
    },
  },
  {
    name: 'financial_connections.account.reactivated',
    description: 'deactivates a linked account, then the connection works again (sandbox)',
    sandboxOnly: BANK_SIDE,
    run: async (t) => {
      await t.setStatus('deactivate');
      await t.setStatus('reactivate');
    },
  },
  {
    name: 'payment_intent.created',
    description: 'creates a $10.00 ACH Direct Debit PaymentIntent',
    run: async (t) => {
      const customer = await t.customer();
      t.keep(await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer, allowed_payment_method_types: ['us_bank_account'], description: 'made by fc trigger' }));
    },
  },
  {
    name: 'payment_intent.canceled',
    description: 'creates a PaymentIntent, then cancels it',
    run: async (t) => {
      const customer = await t.customer();
      const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer, allowed_payment_method_types: ['us_bank_account'], description: 'made by fc trigger' });
      t.keep(await t.stripe.paymentIntents.cancel(pi.id));
    },
  },
  { name: 'payment_intent.processing', description: 'debits $10.00 from a linked account (mandate accepted online)', run: async (t) => void (await t.pay()) },
  { name: 'charge.pending', description: 'debits $10.00 from a linked account: its charge is pending', run: async (t) => void (await t.pay()) },
  { name: 'payment_intent.succeeded', description: 'debits a linked account, then settles the debit', run: async (t) => void (await t.settle(await t.pay())) },
  { name: 'charge.succeeded', description: 'debits a linked account, then settles the debit', run: async (t) => void (await t.settle(await t.pay())) },
  {
    name: 'payment_intent.payment_failed',
    description: 'debits an account with insufficient funds; the ACH debit is returned (sandbox)',
    sandboxOnly: 'Stripe decides whether a real account\'s debit fails',
    run: async (t) => void (await t.settle(await t.pay('insufficient_funds', 'an account whose debit fails'))),
  },
  {
    name: 'charge.failed',
    description: 'debits an account with insufficient funds; the charge fails (sandbox)',
    sandboxOnly: 'Stripe decides whether a real account\'s debit fails',
    run: async (t) => void (await t.settle(await t.pay('insufficient_funds', 'an account whose debit fails'))),
  },
  {
    name: 'mandate.updated',
    description: 'debits a closed account; the return ends its mandate (sandbox)',
    sandboxOnly: 'a mandate changes when a real bank returns a debit',
    run: async (t) => {
      const pi = await t.settle(await t.pay('account_closed', 'a closed account'));
      const charge = typeof pi.latest_charge === 'string' ? await t.stripe.charges.retrieve(pi.latest_charge) : undefined;
      const mandate = charge?.payment_method_details?.us_bank_account?.mandate;
      if (typeof mandate === 'string') t.keep(await t.stripe.mandates.retrieve(mandate));
    },
  },
  {
    name: 'setup_intent.created',
    description: 'creates a SetupIntent for ACH Direct Debit',
    run: async (t) => {
      const customer = await t.customer();
      t.keep(await t.stripe.setupIntents.create({ customer, allowed_payment_method_types: ['us_bank_account'] }));
    },
  },
  { name: 'setup_intent.succeeded', description: 'saves a linked account as a payment method with a mandate', run: (t) => t.setup() },
  { name: 'payment_method.attached', description: 'saves a linked account as a payment method on a customer', run: (t) => t.setup() },
];

export function findTrigger(name: string): Trigger | undefined {
  return TRIGGERS.find((t) => t.name === name);
}

export async function runTrigger(trigger: Trigger, env: TriggerEnv, input: TriggerInput): Promise<TriggerResult> {
  const run = new Run(env, input);
  await trigger.run(run);
  return { objects: [...run.objects.values()], notes: run.notes };
}

/** fc's sandbox answers its own helpers; Stripe and other servers do not. */
export async function isFcSandbox(stripe: Stripe): Promise<boolean> {
  try {
    const clock = (await stripe.rawRequest('GET', '/_sandbox/clock')) as unknown as { object?: string };
    return clock.object === 'sandbox.clock';
  } catch {
    return false;
  }
}
