import { afterEach, describe, expect, it } from 'vitest';
import { requestId, seedIds } from '../../../src/sandbox/ids.js';

afterEach(() => seedIds(undefined));

describe('sandbox request ids', () => {
  it('look like Stripe request ids and do not repeat', () => {
    const ids = Array.from({ length: 1000 }, () => requestId());
    for (const id of ids) expect(id).toMatch(/^req_[0-9A-Za-z]{14}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are the same in two runs seeded alike, as golden outputs need', () => {
    seedIds('golden');
    const first = [requestId(), requestId()];
    seedIds('golden');
    expect([requestId(), requestId()]).toEqual(first);
  });
});
