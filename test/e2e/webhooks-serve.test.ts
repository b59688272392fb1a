import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Stripe from 'stripe';
import StripeCtor from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDb } from '../../src/sandbox/index.js';
import { SANDBOX_KEY } from '../../src/api/target.js';
import { deliveriesOf } from '../../src/sandbox/webhooks/outbox.js';
import { BIN, baseEnv, runFc, tempHome } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';

const IP = '71.183.194.54';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `fc sandbox serve --port 0` as a user runs it; resolves with its URL once it listens. */
async function serve(home: string, env: Record<string, string> = {}, port = '0'): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', port, '--settle-delay', '1500'], {
    env: { ...baseEnv(home), FC_SANDBOX_WEBHOOK_RETRY_MS: '300', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/\S+/.exec(out);
      if (m) resolveUrl(m[0]);
    });
    child.once('exit', () => reject(new Error(`sandbox exited early: ${err}`)));
  });
  return { url, child, stderr: () => err };
}

function client(url: string): Stripe {
  const u = new URL(url);
  // The key fc itself sends to --api-base, so endpoints and fc's objects share one sandbox account.
  return new StripeCtor(SANDBOX_KEY, { host: u.hostname, port: Number(u.port), protocol: 'http' });
}

async function linkedAccount(home: string, url: string): Promise<{ customer: string; account: string }> {
  const fc = async <T>(args: string[]) => {
    const r = await runFc(home, [...args, '--json'], { env: { FC_API_BASE: url } });
    if (r.code !== 0) throw new Error(`fc ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const cus = await fc<Stripe.Customer>(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen']);
  const sess = await fc<Stripe.FinancialConnections.Session>(['sessions', 'create', '--customer', cus.id, '--permissions', 'payment_method,balances']);
  const done = await fc<Stripe.FinancialConnections.Session>(['sandbox', 'complete', sess.id, '--accounts', 'checking']);
  return { customer: cus.id, account: done.accounts.data[0]!.id };
}

describe('fc sandbox serve sends webhooks', { timeout: 90_000 }, () => {
  it('a fc pay through the server delivers payment_intent.processing, then succeeded after settlement, both verifying with constructEvent', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const server = await serve(home.path);
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    const we = await client(server.url).webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ['payment_intent.processing', 'payment_intent.succeeded', 'payment_intent.payment_failed'],
    });
    secret = we.secret;
    const { customer, account } = await linkedAccount(home.path, server.url);
    const pay = await runFc(home.path, ['pay', '--account', account, '--customer', customer, '--amount', '100', '--mandate-ip', IP, '--yes', '--no-wait', '--json'], {
      env: { FC_API_BASE: server.url },
    });
    expect(pay.code, pay.stderr).toBe(0);
    const pi = JSON.parse(pay.stdout) as Stripe.PaymentIntent;
    await receiver.waitFor(() => receiver.verified().some((e) => e.type === 'payment_intent.succeeded'), 20_000);
    expect(receiver.verified().map((e) => [e.type, (e.data.object as Stripe.PaymentIntent).id])).toEqual([
      ['payment_intent.processing', pi.id],
      ['payment_intent.succeeded', pi.id],
    ]);
    // One line per delivery on the server's stderr.
    await receiver.waitFor(() => /payment_intent\.succeeded\s+evt_\w+\s+→ 200/.test(server.stderr()));
  });

  it('a receiver answering 500 twice then 200 gets the same event id three times; a server killed between attempts delivers after a restart', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const first = await serve(home.path);
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret, [500, 500]);
    cleanups.push(() => receiver.close());
    secret = (await client(first.url).webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] })).secret;
    const made = await runFc(home.path, ['customers', 'create', '--email', 'jenny@example.com', '--json'], { env: { FC_API_BASE: first.url } });
    expect(made.code, made.stderr).toBe(0);
    await receiver.waitFor(() => receiver.received.length === 1);
    // Kill it hard once the failed attempt is on disk, before the retry is due.
    const store = new SandboxDb(join(home.path, 'sandbox.db'));
    cleanups.push(() => store.close());
    const eventId = receiver.verified()[0]!.id;
    await receiver.waitFor(() => deliveriesOf(store, eventId)[0]?.attempts === 1);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.received.length).toBe(1);

    const second = await serve(home.path);
    await receiver.waitFor(() => receiver.received.some((r) => r.status === 200), 20_000);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(receiver.verified().map((e) => e.id)).toEqual([eventId, eventId, eventId]);
    await receiver.waitFor(() => deliveriesOf(store, eventId)[0]?.state === 'delivered');
    const shown = await runFc(home.path, ['sandbox', 'deliveries', '--event', eventId, '--json'], { env: { FC_API_BASE: second.url } });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject([{ event: eventId, event_type: 'customer.created', status: 'delivered', attempts: 3, last_response_status: 200 }]);
  });

  it('fc trigger through --api-base knows the served sandbox and runs sandbox-only triggers there', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const server = await serve(home.path);
    const other = tempHome();
    cleanups.push(() => other.cleanup());
    const r = await runFc(other.path, ['trigger', 'mandate.updated', '--json'], { env: { FC_API_BASE: server.url } });
    expect(r.code, r.stderr).toBe(0);
    const made = JSON.parse(r.stdout) as { object: string; status?: string; type?: string }[];
    expect(made.find((o) => o.object === 'mandate')?.status).toBe('inactive');
    expect(made.find((o) => o.object === 'event')?.type).toBe('mandate.updated');
  });

  const python = '/usr/bin/python3';
  const hasPythonStripe = existsSync(python) && existsSync('/usr/lib/python3/dist-packages/stripe/__init__.py');
  it.skipIf(!hasPythonStripe && !process.env.CI)('a receiver using the official Python client, python3-stripe, verifies the same deliveries', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const server = await serve(home.path);
    const stripe = client(server.url);
    // The secret is known only after the endpoint exists; point it at the receiver once that listens.
    const we = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/', enabled_events: ['customer.created', 'customer.updated'] });
    const py = spawn(python, [resolve(import.meta.dirname, '../helpers/receiver.py'), we.secret!], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((r) => py.once('exit', r));
    cleanups.push(async () => {
      py.kill();
      await exited;
    });
    const lines: { status: number; id?: string; type?: string; error?: string }[] = [];
    const port = await new Promise<number>((resolvePort) => {
      let buf = '';
      py.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop()!;
        for (const l of parts) {
          const m = /^listening (\d+)$/.exec(l);
          if (m) resolvePort(Number(m[1]));
          else if (l.trim()) lines.push(JSON.parse(l));
        }
      });
    });
    await stripe.webhookEndpoints.update(we.id, { url: `http://127.0.0.1:${port}/hook` });
    const cus = await stripe.customers.create({ email: 'jenny@example.com' });
    await stripe.customers.update(cus.id, { name: 'Jenny Rosen' });
    const deadline = Date.now() + 15_000;
    while (lines.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lines.map((l) => [l.status, l.type])).toEqual([
      [200, 'customer.created'],
      [200, 'customer.updated'],
    ]);
  });
});
