import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface Received {
  /** The event as constructEvent returned it, or undefined when verification failed. */
  event?: Stripe.Event;
  error?: string;
  raw: string;
  signature: string;
  status: number;
}

/**
 * A webhook handler written the way Stripe's docs tell a developer to: it verifies
 * the raw body with stripe-node's `webhooks.constructEvent` and the endpoint secret,
 * answers 400 when that fails. `answers` scripts the status codes of the first
 * deliveries (e.g. [500, 500]) before it answers 200.
 */
export async function startReceiver(secret: () => string | undefined, answers: number[] = []) {
  const stripe = new Stripe('sk_test_receiver');
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['stripe-signature'] ?? '');
      let status = 200;
      const r: Received = { raw, signature, status };
      try {
        r.event = stripe.webhooks.constructEvent(raw, signature, secret() ?? '');
        status = answers.shift() ?? 200;
      } catch (err) {
        r.error = (err as Error).message;
        status = 400;
      }
      r.status = status;
      received.push(r);
      res.statusCode = status;
      res.end(status === 200 ? '{"received":true}' : 'no');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    verified: () => received.filter((r) => r.event).map((r) => r.event!),
    /** Resolves when `until` holds, or rejects after timeoutMs. */
    async waitFor(until: () => boolean, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!until()) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met in ${timeoutMs}ms; got ${received.map((r) => r.event?.type ?? r.error).join(', ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
