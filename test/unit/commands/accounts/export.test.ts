import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FcTransaction } from '../../../../src/api/accounts.js';
import { csvRecord, CSV_COLUMNS, isoSeconds, primed, take, writeCsv, writeJsonArray } from '../../../../src/commands/accounts/shared/export.js';

function txn(i: number, over: Partial<FcTransaction> = {}): FcTransaction {
  return {
    id: `fctxn_${i}`,
    object: 'financial_connections.transaction',
    account: 'fca_1',
    amount: -1234 - i,
    currency: 'usd',
    description: `Shop ${i}`,
    livemode: false,
    status: 'posted',
    status_transitions: { posted_at: 1_767_225_600, void_at: null },
    transacted_at: 1_767_225_600 + i,
    transaction_refresh: 'fctxnref_1',
    updated: 1_767_225_600,
    ...over,
  };
}

async function* gen<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

function sink(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('transaction export', () => {
  it('maps a transaction to the CSV columns', () => {
    expect(CSV_COLUMNS).toEqual(['id', 'transacted_at', 'description', 'amount', 'amount_formatted', 'currency', 'status']);
    expect(csvRecord(txn(0))).toEqual(['fctxn_0', '2026-01-01T00:00:00Z', 'Shop 0', -1234, '-$12.34', 'usd', 'posted']);
    expect(csvRecord(txn(0, { amount: 250000, currency: 'jpy' }))[4]).toBe('¥250,000');
    expect(isoSeconds(1_767_225_601)).toBe('2026-01-01T00:00:01Z');
  });

  it('streams a header and quoted rows', async () => {
    const out = sink();
    const n = await writeCsv(out.stream, gen([txn(1), txn(2, { description: 'Coffee, "large"', status: 'pending' })]));
    expect(n).toBe(2);
    expect(out.text().split('\n')).toEqual([
      'id,transacted_at,description,amount,amount_formatted,currency,status',
      'fctxn_1,2026-01-01T00:00:01Z,Shop 1,-1235,-$12.35,usd,posted',
      'fctxn_2,2026-01-01T00:00:02Z,"Coffee, ""large""",-1236,-$12.36,usd,pending',
      '',
    ]);
    expect(out.stream.writableEnded).toBe(false);
  });

  it('writes only the header when there are no rows', async () => {
    const out = sink();
    expect(await writeCsv(out.stream, gen([]))).toBe(0);
    expect(out.text()).toBe('id,transacted_at,description,amount,amount_formatted,currency,status\n');
  });

  it('streams JSON exactly as JSON.stringify with 2-space indentation', async () => {
    for (const items of [[], [txn(1)], [txn(1), txn(2), txn(3)]]) {
      const out = sink();
      await writeJsonArray(out.stream, gen(items));
      expect(out.text()).toBe(`${JSON.stringify(items, null, 2)}\n`);
    }
  });

  it('take stops pulling from the source after n items', async () => {
    let pulled = 0;
    async function* counting() {
      for (let i = 0; ; i++) {
        pulled++;
        yield i;
      }
    }
    const got: number[] = [];
    for await (const x of take(counting(), 5)) got.push(x);
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(pulled).toBe(5);
  });

  it('primed surfaces a first-page error before anything is written, and replays the first item', async () => {
    async function* failing(): AsyncGenerator<number> {
      throw new Error('no refresh yet');
    }
    await expect(primed(failing())).rejects.toThrow('no refresh yet');
    const rows: number[] = [];
    for await (const x of await primed(gen([1, 2, 3]))) rows.push(x);
    expect(rows).toEqual([1, 2, 3]);
  });
});
