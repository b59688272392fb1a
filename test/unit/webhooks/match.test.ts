import { describe, expect, it } from 'vitest';
import { parseEventList, parseReceiverUrl } from '../../../src/webhooks/match.js';

describe('--forward-to / --to', () => {
  it('takes http and https URLs, and localhost:4242/webhook as Stripe\'s docs write it for stripe listen', () => {
    expect(parseReceiverUrl('localhost:4242/webhook', '--forward-to')).toBe('http://localhost:4242/webhook');
    expect(parseReceiverUrl('https://example.test/hook', '--forward-to')).toBe('https://example.test/hook');
    expect(parseReceiverUrl('127.0.0.1:3000', '--to')).toBe('http://127.0.0.1:3000/');
  });
  it('refuses other schemes and junk, naming the flag', () => {
    expect(() => parseReceiverUrl('ftp://example.test/x', '--forward-to')).toThrow(/--forward-to must be an http/);
    expect(() => parseReceiverUrl('http://', '--to')).toThrow(/--to must be/);
  });
});

describe('--events', () => {
  it('matches exact names and group.* wildcards; absent means every event', () => {
    const m = parseEventList('payment_intent.succeeded, financial_connections.account.*');
    expect(m('payment_intent.succeeded')).toBe(true);
    expect(m('payment_intent.created')).toBe(false);
    expect(m('financial_connections.account.refreshed_balance')).toBe(true);
    expect(parseEventList(undefined)('anything.at_all')).toBe(true);
  });
  it('refuses what is not an event type', () => {
    expect(() => parseEventList('payment intent')).toThrow(/--events must be event types/);
    expect(() => parseEventList(' , ')).toThrow(/--events needs/);
  });
  it('refuses a name or group Stripe does not send, suggesting the near ones, as a typo would forward nothing', () => {
    expect(() => parseEventList('payment_intent.suceeded')).toThrow(/--events: "payment_intent\.suceeded" is not a Stripe event type\. Did you mean payment_intent\.succeeded/);
    expect(() => parseEventList('banana.thing')).toThrow(/is not a Stripe event type/);
    expect(() => parseEventList('financial_connection.*')).toThrow(/Did you mean financial_connections\./);
    expect(parseEventList('*')('customer.created')).toBe(true);
    expect(parseEventList('refund.*,mandate.updated')('refund.updated')).toBe(true);
  });
});
