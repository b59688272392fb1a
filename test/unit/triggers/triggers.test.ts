import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { isFcSandbox, runTrigger, TRIGGERS, TriggerUnavailable, type TriggerEnv } from '../../../src/triggers/triggers.js';
import { stripeFor } from '../../helpers/stripe-client.js';

let sandbox: RunningSandbox;
let stripe: Stripe;
const noConfirm = async () => {
  throw new Error('no confirmation expected on the sandbox');
};

beforeAll(async () => {
  // Default delays, as a user's sandbox has them: the trigger must move the clock itself.
  sandbox = await startSandbox({ dbPath: ':memory:' });
  stripe = stripeFor(sandbox, 'sk_test_triggers');
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.forKey('sk_test_triggers').store.reset());

describe('fc trigger on a fresh sandbox', () => {
  it('knows it is on fc\'s sandbox', async () => {
    expect(await isFcSandbox(stripe)).toBe(true);
  });

  for (const trigger of TRIGGERS) {
    it(`${trigger.name} produces its event about an object it made`, async () => {
      const env: TriggerEnv = { stripe, sandbox: true, confirm: noConfirm };
      const result = await runTrigger(trigger, env, {});
      const events = (await stripe.events.list({ type: trigger.name, limit: 10 })).data;
      expect(events.length).toBeGreaterThan(0);
      const made = new Set(result.objects.map((o) => o.id));
      expect(events.some((e) => made.has((e.data.object as { id: string }).id))).toBe(true);
    });
  }
});

describe('fc trigger against a server that is not fc\'s sandbox', () => {
  it('refuses what needs the browser flow or the bank, naming why, before sending anything', async () => {
    const env: TriggerEnv = { stripe, sandbox: false, confirm: noConfirm };
    for (const name of ['financial_connections.account.created', 'financial_connections.account.deactivated', 'mandate.updated']) {
      const before = sandbox.store.requestLog().length;
      const trigger = TRIGGERS.find((t) => t.name === name)!;
      await expect(runTrigger(trigger, env, {})).rejects.toBeInstanceOf(TriggerUnavailable);
      expect(sandbox.store.requestLog().length).toBe(before);
    }
    const refresh = TRIGGERS.find((t) => t.name === 'financial_connections.account.refreshed_balance')!;
    await expect(runTrigger(refresh, env, {})).rejects.toThrow(/--account fca_/);
  });

  it('with --account, refreshes that account and says the event follows when Stripe finishes', async () => {
    const made = await runTrigger(TRIGGERS.find((t) => t.name === 'financial_connections.account.created')!, { stripe, sandbox: true, confirm: noConfirm }, {});
    const fca = made.objects.find((o) => o.object === 'financial_connections.account')!.id;
    const result = await runTrigger(
      TRIGGERS.find((t) => t.name === 'financial_connections.account.refreshed_ownership')!,
      { stripe, sandbox: false, confirm: noConfirm },
      { account: fca },
    );
    expect(result.notes.join(' ')).toMatch(/refreshed_ownership when it finishes/);
    expect(result.objects.map((o) => o.id)).toContain(fca);
  });

  it('asks before disconnecting an account the user named, and does nothing when refused', async () => {
    const made = await runTrigger(TRIGGERS.find((t) => t.name === 'financial_connections.account.created')!, { stripe, sandbox: true, confirm: noConfirm }, {});
    const fca = made.objects.find((o) => o.object === 'financial_connections.account')!.id;
    const disconnect = TRIGGERS.find((t) => t.name === 'financial_connections.account.disconnected')!;
    const asked: string[] = [];
    const refuse = async (q: string) => {
      asked.push(q);
      throw new Error('declined');
    };
    await expect(runTrigger(disconnect, { stripe, sandbox: false, confirm: refuse }, { account: fca })).rejects.toThrow('declined');
    expect(asked[0]).toContain(fca);
    expect((await stripe.financialConnections.accounts.retrieve(fca)).status).toBe('active');
    await runTrigger(disconnect, { stripe, sandbox: false, confirm: async () => undefined }, { account: fca });
    expect((await stripe.financialConnections.accounts.retrieve(fca)).status).toBe('disconnected');
  });
});
