import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { MemoryConfigStore } from '../../../src/config/store.js';
import { createIO } from '../../../src/io/io.js';
import type { Prompter } from '../../../src/io/prompter.js';

/**
 * With a live key, pay, payments cancel and accounts disconnect must not proceed
 * unless a person types the object's id, or a script passes --yes --live. The API
 * here is a loopback stand-in that answers reads and records every write, so the
 * test sees whether anything that changes state was sent.
 */
const LIVE_KEY = 'sk_live_guardtestkey1234567890';
const FCA = 'fca_LiveGuard1234567890';
const CUS = 'cus_LiveGuard1234567890';
const PI = 'pi_LiveGuard1234567890';

const account = {
  id: FCA,
  object: 'financial_connections.account',
  account_holder: { type: 'customer', customer: CUS },
  balance: null,
  balance_refresh: null,
  category: 'cash',
  created: 1,
  display_name: 'Checking',
  institution_name: 'StripeBank',
  last4: '6789',
  livemode: true,
  ownership: null,
  ownership_refresh: null,
  permissions: ['payment_method'],
  status: 'active',
  subcategory: 'checking',
  subscriptions: [],
  supported_payment_method_types: ['us_bank_account'],
  transaction_refresh: null,
  account_numbers: [],
};

let server: http.Server;
let base: string;
const writes: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Request-Id', 'req_fake');
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'POST') {
      writes.push(path);
      res.statusCode = 400;
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'stand-in API: write recorded, not processed' } }));
      return;
    }
    const bodies: Record<string, unknown> = {
      [`/v1/financial_connections/accounts/${FCA}`]: account,
      [`/v1/customers/${CUS}`]: { id: CUS, object: 'customer', name: 'Jenny Rosen', email: 'jenny@example.com', metadata: {}, livemode: true },
      [`/v1/payment_intents/${PI}`]: { id: PI, object: 'payment_intent', amount: 100, currency: 'usd', status: 'processing', livemode: true, metadata: {} },
    };
    const body = bodies[path];
    res.statusCode = body ? 200 : 404;
    res.end(JSON.stringify(body ?? { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: ${path}` } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function prompterAnswering(typed: string | undefined): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const answer = async (message: string) => {
    asked.push(message);
    if (typed === undefined) throw new Error('no prompt expected');
    return typed;
  };
  return {
    asked,
    canPrompt: () => typed !== undefined,
    confirm: async (m) => (await answer(m), true),
    input: (m) => answer(m),
    password: (m) => answer(m),
    select: async () => {
      throw new Error('no select expected');
    },
    checkbox: async () => {
      throw new Error('no checkbox expected');
    },
  };
}

async function run(args: string[], typed?: string): Promise<{ code: number; stderr: string; asked: string[] }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = Object.assign(new PassThrough(), { isTTY: typed !== undefined });
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  stdout.resume();
  const io = createIO({ stdout, stderr, stdin, env: { NO_COLOR: '1' } });
  const prompter = prompterAnswering(typed);
  const code = await main(args, {
    io,
    env: { FC_HOME: '/nonexistent-fc-home', NO_COLOR: '1', STRIPE_API_KEY: LIVE_KEY, FC_API_BASE: base },
    overrides: { prompter, config: new MemoryConfigStore() },
  });
  return { code, stderr: err, asked: prompter.asked };
}

const COMMANDS: [string, string[], string][] = [
  ['pay', ['pay', '--account', FCA, '--customer', CUS, '--amount', '100', '--mandate-ip', '71.183.194.54', '--name', 'Jenny Rosen', '--no-wait'], FCA],
  ['payments cancel', ['payments', 'cancel', PI], PI],
  ['accounts disconnect', ['accounts', 'disconnect', FCA], FCA],
];

describe('live-mode guard', () => {
  it.each(COMMANDS)('%s in a script without --yes --live: exit 2, nothing written', async (_name, args) => {
    writes.length = 0;
    for (const extra of [[], ['--yes'], ['--live']]) {
      const r = await run([...args, ...extra]);
      expect(r.code, `${args.join(' ')} ${extra.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/--yes/);
      // --yes alone is what a copied test-mode script has: the live guard must be what stops it.
      if (extra.join() === '--yes') expect(r.stderr).toMatch(/LIVE mode.*--yes --live/);
    }
    expect(writes).toEqual([]);
  });

  it.each(COMMANDS)('%s on a terminal: a wrong id typed cancels, nothing written', async (_name, args) => {
    writes.length = 0;
    const r = await run(args, 'not-the-id');
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/LIVE MODE/);
    expect(r.asked.some((q) => q.includes('Type'))).toBe(true);
    expect(writes).toEqual([]);
  });

  it.each(COMMANDS)('%s proceeds when the id is typed, or with --yes --live', async (_name, args, id) => {
    writes.length = 0;
    const typed = await run(args, id);
    expect(typed.stderr).toMatch(/LIVE MODE/);
    expect(writes.length).toBeGreaterThan(0);
    writes.length = 0;
    await run([...args, '--yes', '--live']);
    expect(writes.length).toBeGreaterThan(0);
  });
});
