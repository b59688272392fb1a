import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { listOwners, transactions, waitForRefresh, type FcOwner, type FcTransaction, type RefreshFeature } from '../../api/accounts.js';
import { createStripeClient } from '../../api/client.js';
import { createCustomer } from '../../api/customers.js';
import { confirmAchPayment, createAchPayment, getPayment, mandateIdOf, waitForPayment } from '../../api/payments.js';
import { completeSession } from '../../api/sandbox-helpers.js';
import { createSession } from '../../api/sessions.js';
import type { Context } from '../../context.js';
import { ApiError, UsageError } from '../../errors.js';
import { formatMoney } from '../../io/format.js';
import { printDetails, printJson } from '../../io/render.js';
import { explainFailure } from '../../payments/failures.js';
import { newAttemptId, outcomeOf } from '../../payments/record.js';
import { VERSION } from '../../version.js';
import { accountLabel, moneyMap, printBalance, printOwners, printTransactions } from '../accounts/render.js';
import { outputFormat } from '../shared/output.js';
import { defineCommand, option } from '../define.js';

/** Short sandbox delays so the throwaway run takes seconds, while still showing pending → succeeded. */
const THROWAWAY_SETTINGS = { FC_SANDBOX_REFRESH_DELAY_MS: '400', FC_SANDBOX_SETTLE_DELAY_MS: '1500' };
/** A documentation address (RFC 5737): the demo's customer accepts the mandate from it. */
const DEMO_IP = '192.0.2.10';
const FEATURES: RefreshFeature[] = ['balance', 'ownership', 'transactions'];
const TOTAL_STEPS = 7;

interface Sandbox {
  stripe: Stripe;
  where: string;
  close(): Promise<void>;
}

/** A fresh sandbox in a temporary folder, or fc's own with --keep; never Stripe. */
async function openSandbox(ctx: Context, keep: boolean): Promise<Sandbox> {
  const target = ctx.target();
  if (target.kind === 'stripe') {
    // The demo never touches Stripe: a configured key is simply not used.
    if (keep) throw new UsageError('fc demo --keep keeps its objects in fc\'s own sandbox; add --sandbox (your API key is not used by the demo).');
    ctx.notice('fc demo runs on a throwaway sandbox; your API key is not used.');
  } else if (target.kind === 'base') {
    return { stripe: await ctx.stripe(), where: `the sandbox at ${target.apiBase?.origin ?? '--api-base'} (its objects stay there)`, close: async () => {} };
  }
  if (keep && target.kind === 'sandbox') return { stripe: await ctx.stripe(), where: "fc's own sandbox (--keep: the objects stay)", close: async () => {} };
  // Deferred as soon as they exist, so Ctrl-C at any step removes them too.
  const dir = mkdtempSync(join(tmpdir(), 'fc-demo-'));
  const removeDir = ctx.lifecycle.defer(() => rmSync(dir, { recursive: true, force: true }));
  const { startEmbeddedSandbox } = await import('../../api/embedded.js');
  const sandbox = await startEmbeddedSandbox(dir, { ...THROWAWAY_SETTINGS, ...ctx.env });
  const stopSandbox = ctx.lifecycle.defer(() => sandbox.close());
  const stripe = await createStripeClient({
    key: sandbox.key,
    apiBase: new URL(sandbox.url),
    debug: ctx.globals.debug || ctx.env.FC_DEBUG === '1' ? (line) => ctx.debug(line) : undefined,
  });
  return {
    stripe,
    where: 'a throwaway sandbox (deleted at the end; fc demo --keep keeps it)',
    close: async () => {
      await stopSandbox();
      await removeDir();
    },
  };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export default defineCommand({
  description: 'the whole flow on the sandbox, narrated: customer → session → linked accounts → data → $1.00 ACH debit → succeeded',
  options: [
    option('--keep', "use fc's own sandbox data instead of a throwaway one, so the demo's objects stay"),
  ],
  examples: ['fc demo', 'fc demo --keep'],
  run: async (ctx, opts) => {
    const format = outputFormat(ctx);
    const io = ctx.io;
    const c = io.color;
    const now = () => ctx.clock.now().getTime();
    const began = now();
    const sandbox = await openSandbox(ctx, Boolean(opts.keep));
    // ora prints its own ✔; plain progress lines need one in the text.
    const fancy = io.stderrIsTTY && ctx.env.TERM !== 'dumb' && !ctx.env.CI;

    let n = 0;
    async function step<T>(title: string, work: (progress: (text: string, elapsedMs?: number) => void) => Promise<T>, done: (v: T) => string): Promise<T> {
      n += 1;
      const label = `[${n}/${TOTAL_STEPS}] ${title}`;
      const spinner = io.spinner(`${label}…`);
      const t0 = now();
      try {
        // Plain progress lines print on every change of text, so they leave the ticking timer out.
        const value = await work((text, elapsedMs) => spinner.update(`${label}: ${text}${fancy && elapsedMs !== undefined ? ` (${seconds(elapsedMs)})` : ''}`));
        spinner.succeed(`${fancy ? '' : '✔ '}${label}: ${done(value)} ${c.dim(`(${seconds(now() - t0)})`)}`);
        return value;
      } catch (err) {
        spinner.fail(`${fancy ? '' : '✖ '}${label}: failed`);
        throw err;
      }
    }

    try {
      io.err(c.bold(`fc ${VERSION} demo: the whole Financial Connections flow on ${sandbox.where}`));
      io.err('');
      const { stripe } = sandbox;

      const customer = await step(
        'Create a customer',
        () => createCustomer(stripe, { email: 'jenny.rosen@example.com', name: 'Jenny Rosen', description: 'fc demo' }),
        (cus) => `${cus.id} ${cus.name} <${cus.email}>`,
      );

      const session = await step(
        'Create a Financial Connections session',
        () =>
          createSession(stripe, {
            holder: { customer: customer.id },
            permissions: ['balances', 'ownership', 'payment_method', 'transactions'],
            prefetch: ['balances', 'ownership', 'transactions'],
          }),
        (s) => `${s.id} asking for balances, ownership, payment_method and transactions`,
      );

      const linked = await step(
        'Link a checking account (the sandbox plays the customer in the bank popup)',
        async () => {
          const done = await completeSession(stripe, session.id, { accounts: ['checking'] });
          const account = done.accounts.data[0];
          if (!account) throw new ApiError(`Session ${session.id} completed without an account.`);
          return account;
        },
        (a) => `${a.id} ${accountLabel(a)} at ${a.institution_name}`,
      );

      const refreshed = await step(
        'Wait for the prefetched balance, ownership and transactions',
        async (progress) => {
          const r = await waitForRefresh(stripe, linked.id, FEATURES, {
            timeoutMs: 60_000,
            clock: ctx.clock,
            onProgress: (p) => progress(`waiting for ${p.pending.join(', ')}`, p.elapsedMs),
          });
          const bad = r.features.filter((f) => f.status !== 'succeeded');
          if (r.timedOut || bad.length) {
            throw new ApiError(`Refreshes did not succeed: ${bad.map((f) => `${f.feature} ${f.status}`).join(', ') || 'timed out'}.`);
          }
          return r.account;
        },
        () => FEATURES.map((f) => `${f} succeeded`).join(', '),
      );

      const data = await step(
        'Read the balance, the owners and the 5 most recent transactions',
        async () => {
          const ownership = typeof refreshed.ownership === 'string' ? refreshed.ownership : refreshed.ownership?.id;
          const owners: FcOwner[] = ownership ? await listOwners(stripe, refreshed.id, ownership) : [];
          const recent: FcTransaction[] = [];
          for await (const t of transactions(stripe, { account: refreshed.id, pageSize: 5 })) {
            recent.push(t);
            if (recent.length === 5) break;
          }
          return { owners, recent };
        },
        (d) => `${moneyMap(refreshed.balance?.current) ?? 'no balance'}, ${d.owners.length} owner(s), ${d.recent.length} transactions`,
      );

      const attempt = newAttemptId();
      const amount = 100;
      const ownerName = data.owners[0]?.name ?? customer.name ?? 'Jenny Rosen';
      const started = await step(
        `Debit ${formatMoney(amount, 'usd')} by ACH, with the mandate accepted from ${DEMO_IP}`,
        async () => {
          const pi = await createAchPayment(
            stripe,
            { amount, currency: 'usd', account: refreshed.id, customer: customer.id, billingName: ownerName, description: 'fc demo', attempt },
            `fc-demo-${attempt}-create`,
          );
          return confirmAchPayment(
            stripe,
            pi.id,
            { ipAddress: DEMO_IP, userAgent: `fc/${VERSION}`, acceptedAt: Math.floor(now() / 1000) },
            `fc-demo-${attempt}-confirm`,
          );
        },
        (pi) => `${pi.id} ${pi.status}`,
      );

      const settled = await step(
        'Follow the payment until the bank settles it',
        async (progress) => {
          const r = await waitForPayment(stripe, started.id, {
            timeoutMs: 60_000,
            clock: ctx.clock,
            onProgress: (p, ms) => progress(p.status, ms),
          });
          if (outcomeOf(r.pi) !== 'succeeded') {
            const e = r.pi.last_payment_error;
            throw new ApiError(
              r.timedOut ? `Payment ${r.pi.id} is still ${r.pi.status}.` : `Payment ${r.pi.id} ended ${r.pi.status}: ${explainFailure(e?.code, e?.message).reason}`,
              { code: e?.code },
            );
          }
          return r.pi.latest_charge && typeof r.pi.latest_charge === 'object' ? r.pi : getPayment(stripe, r.pi.id);
        },
        (pi) => `${pi.status}, mandate ${mandateIdOf(pi) ?? '—'}`,
      );

      io.err('');
      io.err(c.green(`✔ Done in ${seconds(now() - began)}.`) + c.dim(' Next: fc --help, or try the same steps one command at a time (fc customers create, fc sessions create, fc link, fc pay).'));

      if (format === 'json') {
        printJson(io, { customer, session: session.id, account: refreshed, owners: data.owners, transactions: data.recent, payment: settled });
        return;
      }
      printDetails(io, 'Demo results', [
        ['Customer', `${customer.id} (${customer.name})`],
        ['Session', session.id],
        ['Account', `${refreshed.id} ${accountLabel(refreshed)} at ${refreshed.institution_name}`],
        ['Payment', `${settled.id} ${formatMoney(settled.amount, settled.currency)} ${settled.status}`],
        ['Mandate', mandateIdOf(settled) ?? null],
      ]);
      io.out('');
      if (refreshed.balance) printBalance(io, refreshed);
      io.out('');
      io.out(c.bold('Owners'));
      printOwners(io, data.owners);
      io.out('');
      io.out(c.bold('Recent transactions'));
      printTransactions(io, data.recent, 'No transactions yet.');
    } finally {
      await sandbox.close();
    }
  },
});
