import type { Context } from '../../context.js';
import { formatMoney } from '../../io/format.js';
import { printDetails, printJson } from '../../io/render.js';
import { DEMO_AMOUNT, DEMO_FEATURES, DEMO_IP, DEMO_STEP_COUNT, runDemo, type DemoSteps, type DemoUi } from '../../demo/flow.js';
import { openDemoSandbox } from '../../demo/sandbox.js';
import { mandateIdOf } from '../../api/payments.js';
import { VERSION } from '../../version.js';
import { accountLabel, moneyMap, printBalance, printOwners, printTransactions } from '../accounts/shared/render.js';
import { defineCommand, option } from '../define.js';

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Each step's title, and the line that says what it made. */
const NARRATION: { [K in keyof DemoSteps]: { title: string; done: (v: DemoSteps[K]) => string } } = {
  customer: { title: 'Create a customer', done: (cus) => `${cus.id} ${cus.name} <${cus.email}>` },
  session: {
    title: 'Create a Financial Connections session',
    done: (s) => `${s.id} asking for balances, ownership, payment_method and transactions`,
  },
  link: {
    title: 'Link a checking account (the sandbox plays the customer in the bank popup)',
    done: (a) => `${a.id} ${accountLabel(a)} at ${a.institution_name}`,
  },
  refresh: {
    title: 'Wait for the prefetched balance, ownership and transactions',
    done: () => DEMO_FEATURES.map((f) => `${f} succeeded`).join(', '),
  },
  read: {
    title: 'Read the balance, the owners and the 5 most recent transactions',
    done: (d) => `${moneyMap(d.account.balance?.current) ?? 'no balance'}, ${d.owners.length} owner(s), ${d.recent.length} transactions`,
  },
  debit: {
    title: `Debit ${formatMoney(DEMO_AMOUNT, 'usd')} by ACH, with the mandate accepted from ${DEMO_IP}`,
    done: (pi) => `${pi.id} ${pi.status}`,
  },
  settle: { title: 'Follow the payment until the bank settles it', done: (pi) => `${pi.status}, mandate ${mandateIdOf(pi) ?? '—'}` },
};

/** Steps as spinners, numbered, each with its time (plain ✔/✖ lines off a TTY). */
function narratedSteps(ctx: Context): DemoUi {
  const io = ctx.io;
  const now = () => ctx.clock.now().getTime();
  // ora prints its own ✔; plain progress lines need one in the text.
  const fancy = io.stderrIsTTY && ctx.env.TERM !== 'dumb' && !ctx.env.CI;
  let n = 0;
  return {
    async step(name, work) {
      n += 1;
      const { title, done } = NARRATION[name];
      const label = `[${n}/${DEMO_STEP_COUNT}] ${title}`;
      const spinner = io.spinner(`${label}…`);
      const t0 = now();
      try {
        // Plain progress lines print on every change of text, so they leave the ticking timer out.
        const value = await work((text, elapsedMs) => spinner.update(`${label}: ${text}${fancy && elapsedMs !== undefined ? ` (${seconds(elapsedMs)})` : ''}`));
        spinner.succeed(`${fancy ? '' : '✔ '}${label}: ${(done as (v: typeof value) => string)(value)} ${io.color.dim(`(${seconds(now() - t0)})`)}`);
        return value;
      } catch (err) {
        spinner.fail(`${fancy ? '' : '✖ '}${label}: failed`);
        throw err;
      }
    },
  };
}

export default defineCommand({
  description: 'the whole flow on the sandbox, narrated: customer → session → linked accounts → data → $1.00 ACH debit → succeeded',
  options: [
    option('--keep', "use fc's own sandbox data instead of a throwaway one, so the demo's objects stay"),
  ],
  examples: ['fc demo', 'fc demo --keep'],
  run: async (ctx, opts) => {
    const io = ctx.io;
    const c = io.color;
    const began = ctx.clock.now().getTime();
    const sandbox = await openDemoSandbox(ctx, Boolean(opts.keep));
    try {
      io.err(c.bold(`fc ${VERSION} demo: the whole Financial Connections flow on ${sandbox.where}`));
      io.err('');
      const { customer, session, account: refreshed, owners, transactions, payment: settled } = await runDemo(sandbox.stripe, { clock: ctx.clock, ui: narratedSteps(ctx) });

      io.err('');
      io.err(c.green(`✔ Done in ${seconds(ctx.clock.now().getTime() - began)}.`) + c.dim(' Next: fc --help, or try the same steps one command at a time (fc customers create, fc sessions create, fc link, fc pay).'));

      if (opts.format === 'json') {
        printJson(io, { customer, session: session.id, account: refreshed, owners, transactions, payment: settled });
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
      printOwners(io, owners);
      io.out('');
      io.out(c.bold('Recent transactions'));
      printTransactions(io, transactions, 'No transactions yet.');
    } finally {
      await sandbox.close();
    }
  },
});
