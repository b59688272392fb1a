import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FcTransaction } from '../../../api/accounts.js';
import { csvLine, csvRow } from '../../../io/csv.js';
import { formatMoney } from '../../../io/format.js';
import { NurseryCap } from '../../../io/nursery.js';

/**
 * Streaming writers for transaction exports: rows go from the paginated API to
 * stdout one at a time (with backpressure), so memory stays flat at any length.
 */
export const CSV_COLUMNS = ['id', 'transacted_at', 'description', 'amount', 'amount_formatted', 'currency', 'status'] as const;

/** Unix seconds → `2026-01-31T18:04:05Z`. */
export function isoSeconds(unix: number): string {
  return new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function csvRecord(t: FcTransaction): (string | number)[] {
  return [t.id, isoSeconds(t.transacted_at), t.description, t.amount, formatMoney(t.amount, t.currency), t.currency, t.status];
}

/** Records written together: one write a page instead of one a row. */
const CSV_BATCH = 100;

/** Writes a header and one CSV record per transaction; returns how many. */
export async function writeCsv(out: NodeJS.WritableStream, rows: AsyncIterable<FcTransaction>, toTerminal = false): Promise<number> {
  let count = 0;
  const nursery = new NurseryCap();
  // A stream stage per row (csv-stringify's transform, Readable.from of single records) and the
  // library's per-field work were most of an export's CPU and garbage: records are joined here
  // (csvLine writes what csv-stringify does) and leave a batch at a time.
  async function* batches() {
    let text = csvLine(CSV_COLUMNS);
    for await (const t of rows) {
      text += csvLine(csvRow(csvRecord(t), toTerminal));
      if (++count % CSV_BATCH === 0) {
        nursery.check();
        yield text;
        text = '';
      }
    }
    if (text) yield text;
  }
  // stdout belongs to the process: the export must not end it.
  await pipeline(Readable.from(batches()), out, { end: false });
  return count;
}

async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** The same text `JSON.stringify(array, null, 2)` gives, written one object at a time. */
export async function writeJsonArray(out: NodeJS.WritableStream, rows: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  const nursery = new NurseryCap();
  for await (const row of rows) {
    if (count % 512 === 511) nursery.check();
    await write(out, `${count === 0 ? '[\n' : ',\n'}  ${JSON.stringify(row, null, 2).replace(/\n/g, '\n  ')}`);
    count++;
  }
  await write(out, count === 0 ? '[]\n' : '\n]\n');
  return count;
}

/**
 * Stops after `n` items. Given `more`, it looks at one item past `n` to say whether
 * more exist (so the caller can say so); otherwise pages beyond are never fetched.
 */
export async function* take<T>(source: AsyncIterable<T>, n: number, more?: { value: boolean }): AsyncGenerator<T, void, undefined> {
  if (n <= 0) return;
  let i = 0;
  for await (const item of source) {
    if (i >= n) {
      if (more) more.value = true;
      return;
    }
    yield item;
    if (++i >= n && !more) return;
  }
}

/**
 * Pulls the first item before anything is printed, so an API error on the first
 * page (no refresh yet, bad account) fails cleanly instead of after a CSV header.
 */
export async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  return {
    [Symbol.asyncIterator]() {
      let head: IteratorResult<T> | undefined = first;
      return {
        next() {
          if (head) {
            const r = head;
            head = undefined;
            return Promise.resolve(r);
          }
          return it.next();
        },
        return(value?: unknown) {
          return it.return ? it.return(value) : Promise.resolve({ done: true, value: undefined as unknown as T });
        },
      };
    },
  };
}
