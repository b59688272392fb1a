import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { eventsAfter } from '../../../src/api/events.js';
import { parseInterval, parseTypeFilter } from '../../../src/commands/events/shared/filter.js';
import { UsageError } from '../../../src/errors.js';

describe('--type and --interval', () => {
  // Labelled: a star in a test's name would not select it with vitest -t (a regex).
  it.each([
    ['no --type', undefined, {}],
    ['one event type', 'customer.created', { type: 'customer.created' }],
    ['a group ending in a star', 'financial_connections.account.*', { type: 'financial_connections.account.*' }],
    ['a lone star for every type', '*', {}],
    ['two types separated by a comma', 'payment_intent.succeeded, payment_intent.payment_failed', { types: ['payment_intent.succeeded', 'payment_intent.payment_failed'] }],
  ])('takes %s', (_label, value, expected) => {
    expect(parseTypeFilter(value)).toEqual(expected);
  });

  it.each([
    ['an empty value', ''],
    ['words instead of a type', 'Customer Created'],
    ['a group mixed with a type', 'customer.*,charge.failed'],
    ['shell syntax after a type', 'customer.created;rm -rf'],
    ['a double star', `${'a.'.repeat(2)}**`],
  ])('refuses %s', (_label, value) => {
    expect(() => parseTypeFilter(value)).toThrow(UsageError);
  });

  it('refuses a type Stripe never sends, naming the nearest, where it would list nothing and exit 0', () => {
    expect(() => parseTypeFilter('banana.thing')).toThrow(/--type: "banana\.thing" is not a Stripe event type/);
    expect(() => parseTypeFilter('payment_intent.suceeded')).toThrow(/Did you mean payment_intent\.succeeded/);
    expect(() => parseTypeFilter('financial_conections.account.*')).toThrow(/Did you mean financial_connections\.account\.\*/);
  });

  it('interval: seconds from 0.2 to 3600', () => {
    expect(parseInterval(undefined)).toBe(2);
    expect(parseInterval('0.5')).toBe(0.5);
    for (const bad of ['0', '0.1', 'fast', '-1', '3601']) expect(() => parseInterval(bad)).toThrow(UsageError);
  });
});

describe('eventsAfter', () => {
  /** A fake events.list over ids evt_1…evt_n (newest = highest), paging like Stripe with ending_before. */
  function fake(n: number, pageSize = 100) {
    const all = Array.from({ length: n }, (_, i) => ({ id: `evt_${i + 1}`, type: 'customer.created' }) as Stripe.Event);
    const calls: Stripe.EventListParams[] = [];
    const list = (params: Stripe.EventListParams) => {
      calls.push(params);
      const limit = Math.min(params.limit ?? 10, pageSize);
      const newestFirst = [...all].reverse();
      if (params.ending_before) {
        const at = all.findIndex((e) => e.id === params.ending_before);
        const newer = all.slice(at + 1, at + 1 + limit);
        return Promise.resolve({ data: newer.reverse(), has_more: at + 1 + limit < all.length });
      }
      const page = { data: newestFirst.slice(0, limit), has_more: newestFirst.length > limit };
      return Object.assign(Promise.resolve(page), {
        async *[Symbol.asyncIterator]() {
          yield* newestFirst;
        },
      });
    };
    return { stripe: { events: { list } } as unknown as Stripe, calls, add: (k: number) => all.push(...Array.from({ length: k }, (_, i) => ({ id: `evt_${n + i + 1}`, type: 'customer.created' }) as Stripe.Event)) };
  }

  it('returns every event after the cursor, oldest first, across pages', async () => {
    const f = fake(250, 100);
    const got = await eventsAfter(f.stripe, {}, 'evt_10');
    expect(got.map((e) => e.id)).toEqual(Array.from({ length: 240 }, (_, i) => `evt_${i + 11}`));
    expect(f.calls.map((c) => c.ending_before)).toEqual(['evt_10', 'evt_110', 'evt_210']);
  });

  it('nothing new: one request, no events; no cursor yet: everything, oldest first', async () => {
    const f = fake(5);
    expect(await eventsAfter(f.stripe, { type: 'customer.*' }, 'evt_5')).toEqual([]);
    expect(f.calls).toEqual([{ type: 'customer.*', limit: 100, ending_before: 'evt_5' }]);
    expect((await eventsAfter(f.stripe, {}, undefined)).map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5']);
  });
});
