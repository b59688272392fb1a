import type Stripe from 'stripe';
import { nearestNames } from '../../similar.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { printJson, printTable } from '../../io/render.js';
import { findTrigger, isFcSandbox, runTrigger, TRIGGERS, TriggerUnavailable, type Trigger } from '../../triggers/triggers.js';
import { confirmAction } from '../shared/confirm.js';
import type { OutputFormat } from '../shared/output.js';
import { parseId, shown } from '../shared/validate.js';
import { argument, defineCommand, option } from '../define.js';

function listTriggers(ctx: Context, format: OutputFormat): void {
  if (format === 'json') {
    printJson(
      ctx.io,
      TRIGGERS.map((t) => ({ event: t.name, description: t.description, on_stripe: t.sandboxOnly ? false : true, ...(t.sandboxOnly ? { why_not_on_stripe: t.sandboxOnly } : {}) })),
    );
    return;
  }
  printTable(
    ctx.io,
    ['Event', 'What fc does', 'With a Stripe test key'],
    TRIGGERS.map((t) => [t.name, t.description, t.sandboxOnly ? 'sandbox only' : 'yes']),
  );
}

function statusOf(o: object): string {
  const { status, deleted } = o as { status?: unknown; deleted?: unknown };
  if (deleted === true) return 'deleted';
  return typeof status === 'string' ? status : '';
}

/** The closest names first, so a typo gets an answer rather than just a refusal. */
function suggestions(name: string): string[] {
  const containing = TRIGGERS.map((t) => t.name).filter((n) => name.length >= 4 && n.includes(name));
  if (containing.length) return containing.slice(0, 3);
  return nearestNames(name, TRIGGERS.map((t) => t.name), Math.max(3, Math.floor(name.length / 3)));
}

async function pickTrigger(ctx: Context, name: string | undefined): Promise<Trigger> {
  if (name === undefined) {
    if (!ctx.prompter.canPrompt()) throw new UsageError('Name the event to trigger, e.g. fc trigger payment_intent.succeeded; fc trigger --list shows them all.');
    return ctx.prompter.select(
      'Which event?',
      TRIGGERS.map((t) => ({ name: `${t.name}  (${t.description})`, value: t })),
      { missing: '<event-type>' },
    );
  }
  const trigger = findTrigger(name);
  if (!trigger) {
    const near = suggestions(name);
    throw new UsageError(`fc cannot trigger ${shown(name)}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''} fc trigger --list shows every event it can.`);
  }
  return trigger;
}

export default defineCommand({
  description: 'make an event happen for real: creates what it needs, on the sandbox or with a Stripe test key',
  args: [argument('[event-type]', 'e.g. financial_connections.account.refreshed_transactions (see --list)')],
  options: [
    option('--list', 'show every event fc can trigger'),
    option('--account <fca_…>', 'act on this linked account instead of linking a test one (needed with a Stripe key)'),
    option('--customer <cus_…>', 'use this customer instead of creating one'),
  ],
  examples: [
    'fc trigger --list',
    'fc trigger financial_connections.account.refreshed_transactions',
    'fc trigger payment_intent.succeeded --json | jq -r \'.[] | select(.object == "event") | .id\'',
    'fc --api-key sk_test_… trigger financial_connections.account.refreshed_balance --account fca_123',
  ],
  help: `
On fc's sandbox every trigger works: it makes a customer, links a test account, pays,
and moves the sandbox clock so refreshes finish and debits settle. With a Stripe test
key, account events need --account (linking takes the browser flow: fc link), and the
events that only a bank or a person can cause are refused with the reason.
Run fc listen --forward-to <url> in another terminal to receive the events.
`,
  run: async (ctx, name, opts) => {
    if (opts.list) {
      listTriggers(ctx, opts.format);
      return;
    }
    const trigger = await pickTrigger(ctx, name);
    if (opts.account !== undefined) parseId(opts.account, ['fca'], '--account', 'Financial Connections account');
    if (opts.customer !== undefined) parseId(opts.customer, ['cus'], '--customer', 'customer');
    const target = ctx.target();
    if (target.live) throw new UsageError('fc trigger makes test objects and payments: it refuses live keys. Use a test key (sk_test_…) or the sandbox.');
    if (target.kind === 'stripe' && trigger.sandboxOnly) {
      throw new UsageError(`${trigger.name} cannot be triggered with a Stripe key: ${trigger.sandboxOnly}. Try it on the sandbox: fc --sandbox trigger ${trigger.name}`);
    }
    const stripe = await ctx.stripe();
    const sandbox = target.kind === 'sandbox' || (target.kind === 'base' && (await isFcSandbox(stripe)));
    if (!sandbox && trigger.sandboxOnly) {
      throw new UsageError(`${trigger.name} cannot be triggered on this server: ${trigger.sandboxOnly}. Try it on fc's sandbox: fc --sandbox trigger ${trigger.name}`);
    }
    const startedAt = Math.floor(Date.now() / 1000) - 1;
    let result;
    try {
      result = await runTrigger(trigger, { stripe, sandbox, confirm: (q) => confirmAction(ctx, q) }, { account: opts.account, customer: opts.customer });
    } catch (err) {
      if (err instanceof TriggerUnavailable) throw new UsageError(`${trigger.name} cannot be triggered here: ${err.message}`);
      throw err;
    }
    // The events it caused (Stripe may send some later; the sandbox has them now).
    const made = new Set(result.objects.map((o) => o.id));
    const recent = (await stripe.events.list({ type: trigger.name, limit: 20, ...(sandbox ? {} : { created: { gte: startedAt } }) })).data;
    const events: Stripe.Event[] = recent.filter((e) => made.has((e.data.object as { id?: string }).id ?? '')).reverse();
    if (opts.format === 'json') {
      printJson(ctx.io, [...result.objects, ...events]);
    } else {
      ctx.io.out(`Triggered ${ctx.io.color.bold(trigger.name)}:`);
      printTable(
        ctx.io,
        ['Object', 'ID', 'Status'],
        [
          ...result.objects.map((o) => [o.object, o.id, statusOf(o)]),
          ...events.map((e) => ['event', e.id, e.type]),
        ],
      );
    }
    for (const n of result.notes) ctx.io.err(n);
    if (events.length === 0 && sandbox) ctx.io.err(ctx.io.color.yellow(`No ${trigger.name} event was recorded; this is a bug in fc's sandbox.`));
  },
});
