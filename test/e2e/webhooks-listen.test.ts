import { spawn } from 'node:child_process';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, runFc, tempHome } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `fc listen` in its own process, as in a second terminal. */
function listen(home: string, args: string[]) {
  const child = spawn(process.execPath, [BIN, 'listen', ...args], { env: baseEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => (/Ready!/.test(err) ? resolve() : undefined);
    child.stderr.on('data', check);
    child.once('exit', () => reject(new Error(`fc listen exited: ${err}`)));
  });
  return { child, ready, exited, stdout: () => out, stderr: () => err };
}

describe('fc listen + fc trigger (two terminals, embedded sandbox)', { timeout: 90_000 }, () => {
  it('forwards the triggered event to a receiver that verifies it with constructEvent; another secret rejects it', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const printed = await runFc(home.path, ['listen', '--print-secret']);
    expect(printed.code, printed.stderr).toBe(0);
    const secret = printed.stdout.trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    // Stable per profile: a second run prints the same secret.
    expect((await runFc(home.path, ['listen', '--print-secret'])).stdout.trim()).toBe(secret);

    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    const l = listen(home.path, ['--forward-to', receiver.url]);
    await l.ready;
    expect(l.stderr()).toContain(secret);

    const t = await runFc(home.path, ['trigger', 'financial_connections.account.refreshed_transactions', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const made = JSON.parse(t.stdout) as { object: string; id: string; type?: string }[];
    const event = made.find((o) => o.object === 'event')!;
    expect(event.type).toBe('financial_connections.account.refreshed_transactions');

    await receiver.waitFor(() => receiver.verified().some((e) => e.id === event.id));
    expect(l.stderr()).toContain(`Forwarding every event to ${receiver.url};`);
    const got = receiver.received.find((r) => r.event?.id === event.id)!;
    expect(got.status).toBe(200);
    expect(got.event!.type).toBe('financial_connections.account.refreshed_transactions');
    expect(() => new Stripe('sk_test_x').webhooks.constructEvent(got.raw, got.signature, 'whsec_notthesecret')).toThrow(/signature/i);
    // One line per delivery: time, type, id, the receiver's status, latency.
    await receiver.waitFor(() => new RegExp(`refreshed_transactions\\s+${event.id}\\s+→ 200\\s+\\d+ms`).test(l.stdout()));

    l.child.kill('SIGINT');
    expect(await l.exited).toBe(130);
    expect(l.stderr()).toContain('Stopped listening.');
  });

  it('listen --events filters, --json prints each forwarded event as one JSON line, and a receiver that is down is reported', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const l = listen(home.path, ['--forward-to', 'http://127.0.0.1:9/hook', '--events', 'customer.*', '--json']);
    await l.ready;
    expect((await runFc(home.path, ['trigger', 'customer.updated'])).code).toBe(0);
    const deadline = Date.now() + 15_000;
    while (l.stdout().trim().split('\n').filter(Boolean).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = l.stdout().trim().split('\n').map((s) => JSON.parse(s) as Stripe.Event);
    expect(lines.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    expect(l.stderr()).toMatch(/customer\.created\s+evt_\w+\s+→ connection refused/);
    expect(l.stderr()).toContain('Forwarding customer.* events to http://127.0.0.1:9/hook;');
  });

  it('refuses a --forward-to that is not an http or https URL with exit 2, before anything is sent', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const r = await runFc(home.path, ['listen', '--forward-to', 'ftp://localhost:4242/hook']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--forward-to must be an http:// or https:// URL');
  });

  it('fc events resend --to sends a past event again, signed with the listen secret; exit 1 on a non-2xx answer, 4 when nobody answers', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    const secret = (await runFc(home.path, ['listen', '--print-secret'])).stdout.trim();
    const t = await runFc(home.path, ['trigger', 'customer.created', '--json']);
    const event = (JSON.parse(t.stdout) as { object: string; id: string }[]).find((o) => o.object === 'event')!;
    const receiver = await startReceiver(() => secret, [500]);
    cleanups.push(() => receiver.close());

    const failed = await runFc(home.path, ['events', 'resend', event.id, '--to', receiver.url]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Your handler answered 500');
    const ok = await runFc(home.path, ['events', 'resend', event.id, '--to', receiver.url]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`customer\\.created\\s+${event.id}\\s+→ 200`));
    expect(receiver.verified().map((e) => e.id)).toEqual([event.id, event.id]);

    const down = await runFc(home.path, ['events', 'resend', event.id, '--to', 'http://127.0.0.1:9/hook']);
    expect(down.code).toBe(4);
    const nowhere = await runFc(home.path, ['events', 'resend', event.id]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('No enabled webhook endpoint takes customer.created');
  });

  it('on the embedded sandbox, fc listen also delivers to endpoints registered with fc api, including events recorded before it started', async () => {
    const home = tempHome();
    cleanups.push(() => home.cleanup());
    let secret: string | undefined;
    const receiver = await startReceiver(() => secret);
    cleanups.push(() => receiver.close());
    const created = await runFc(home.path, ['api', 'post', '/v1/webhook_endpoints', '-d', `url=${receiver.url}`, '-d', 'enabled_events[]=customer.created']);
    expect(created.code, created.stderr).toBe(0);
    secret = (JSON.parse(created.stdout) as Stripe.WebhookEndpoint).secret;
    const cus = await runFc(home.path, ['customers', 'create', '--email', 'jenny@example.com', '--json']);
    const customerId = (JSON.parse(cus.stdout) as Stripe.Customer).id;
    // Short-lived commands only record the delivery.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toEqual([]);
    const l = listen(home.path, []);
    await l.ready;
    await receiver.waitFor(() => receiver.verified().length === 1);
    expect((receiver.verified()[0]!.data.object as Stripe.Customer).id).toBe(customerId);
    await receiver.waitFor(() => /customer\.created\s+evt_\w+\s+→ 200\s+\d+ms\s+to we_/.test(l.stderr()));
  });
});
