import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { waitForPayment } from '../../../src/api/payments.js';

/** A stripe-node stand-in whose retrieve walks through the given statuses, and a clock that sleeping moves. */
function fakes(statuses: string[]) {
  let t = 0;
  let i = 0;
  const calls: string[] = [];
  const stripe = {
    paymentIntents: {
      retrieve: async (id: string) => {
        calls.push(id);
        const status = statuses[Math.min(i++, statuses.length - 1)]!;
        return { id, status, last_payment_error: status === 'requires_payment_method' ? { code: 'insufficient_funds' } : null };
      },
    },
  } as unknown as Stripe;
  return { stripe, calls, clock: { now: () => new Date(t) }, sleep: async (ms: number) => void (t += ms) };
}

describe('waitForPayment', () => {
  it('polls until the debit settles, backing off', async () => {
    const f = fakes(['processing', 'processing', 'processing', 'succeeded']);
    const seen: number[] = [];
    const r = await waitForPayment(f.stripe, 'pi_1', { timeoutMs: 60_000, clock: f.clock, sleep: f.sleep, onProgress: (_p, ms) => seen.push(ms) });
    expect(r).toMatchObject({ timedOut: false, pi: { status: 'succeeded' } });
    expect(f.calls).toHaveLength(4);
    expect(seen).toEqual([0, 250, 625, 1188]);
  });

  it('stops at a failure', async () => {
    const f = fakes(['processing', 'requires_payment_method']);
    const r = await waitForPayment(f.stripe, 'pi_1', { timeoutMs: 60_000, clock: f.clock, sleep: f.sleep });
    expect(r.pi.status).toBe('requires_payment_method');
    expect(r.timedOut).toBe(false);
  });

  it('gives up at the timeout without throwing', async () => {
    const f = fakes(['processing']);
    const r = await waitForPayment(f.stripe, 'pi_1', { timeoutMs: 2_000, clock: f.clock, sleep: f.sleep });
    expect(r).toMatchObject({ timedOut: true, pi: { status: 'processing' } });
  });

  it('returns at once for a payment that does not move by itself', async () => {
    const f = fakes(['requires_confirmation']);
    const r = await waitForPayment(f.stripe, 'pi_1', { timeoutMs: 2_000, clock: f.clock, sleep: f.sleep });
    expect(f.calls).toHaveLength(1);
    expect(r.timedOut).toBe(false);
  });
});
