import type Stripe from 'stripe';
import type { FcTransaction, TransactionQuery } from './accounts.js';
import { limiterOf } from './client.js';

/**
 * Every transaction of an account, newest first, in exactly the order one
 * `starting_after` walk gives, but with several pages in flight at once: against
 * Stripe a page costs 100-300 ms, so one walk is bound by latency, not by the
 * 25 requests/s Stripe allows.
 *
 * The range still to fetch (`rest`) is cut, from its newest end, into time
 * windows (`transacted_at` [gte, lt)) of about WINDOW_ROWS rows at the density
 * seen so far; each window is walked page by page with its own cursor, several
 * windows at a time, and rows leave in window order. Equal timestamps never
 * straddle two windows, so the order within a second is the API's own.
 *
 * A window's first page is asked for without its lower bound ("everything below
 * lt"): rows below the window are dropped, but the page still says what lies
 * below. Empty and no more: the history has ended there, so windows cut below it
 * are dropped and no request is needed to prove the end. Only rows below the
 * window: a gap, and where the data resumes. Only the windows just ahead of the
 * writer are fetched, so memory is bounded by maxBufferedRows whatever the
 * export's length.
 */

export interface WindowedOptions {
  /** Resume after this transaction (its id and transacted_at): rows up to it were written already. */
  after?: { id: string; transactedAt: number };
  /** Windows fetched at once; by default from the client's rate limit and the latency seen. */
  parallel?: number;
  /** Rows a window aims at. */
  windowRows?: number;
  /** Rows held ahead of the writer before fetching pauses. */
  maxBufferedRows?: number;
  /** One line per decision, for --debug. */
  debug?: (line: string) => void;
}

const PAGE = 100;

interface Window {
  gte?: number;
  lt?: number;
  /** Cursor: the last row already taken from this window. */
  after?: string;
  rows: unknown[];
  more: boolean;
  fetching: boolean;
  /** Its next page is its first, asked for without gte (see the top of this file). */
  openBelow: boolean;
  /** Below the end of the history: whatever is in flight for it is ignored. */
  dead?: boolean;
  /** Rows it was cut to hold (at the density of the time), and rows it held. */
  planned?: number;
  count: number;
  /** The history ends (or pauses) inside it: its count says nothing about the density. */
  truncated?: boolean;
}

/** One page of any list that filters on a time range and pages with starting_after. */
export type PageFetcher<T> = (range: { gte?: number; lt?: number }, after: string | undefined, limit: number) => Promise<{ data: T[]; has_more: boolean }>;

/** A list's rows, newest first, fetched in windows of its time field (`created`, `transacted_at`…). */
export interface WindowedList<T> {
  fetch: PageFetcher<T>;
  timeOf: (row: T) => number;
  idOf: (row: T) => string;
  /** The endpoint the limiter paces these pages under. */
  endpoint: string;
}

/** Every transaction of an account in the order of one walk (see the top of this file). */
export function windowedTransactions(stripe: Stripe, q: TransactionQuery, opts: WindowedOptions = {}): AsyncGenerator<FcTransaction, void, undefined> {
  const wanted = q.statuses?.length ? new Set<string>(q.statuses) : undefined;
  const rows = windowed<FcTransaction>(
    stripe,
    {
      endpoint: 'GET /v1/financial_connections/transactions',
      timeOf: (t) => t.transacted_at,
      idOf: (t) => t.id,
      fetch: (range, after, limit) =>
        stripe.financialConnections.transactions.list({
          account: q.account,
          limit,
          ...(Object.keys(range).length ? { transacted_at: range } : {}),
          ...(after ? { starting_after: after } : {}),
        }),
    },
    { gte: q.gte, lt: q.lt },
    opts,
  );
  return wanted ? filter(rows, (t) => wanted.has(t.status)) : rows;
}

async function* filter<T>(rows: AsyncIterable<T>, keep: (row: T) => boolean): AsyncGenerator<T, void, undefined> {
  for await (const r of rows) if (keep(r)) yield r;
}

export async function* windowed<T>(
  stripe: Stripe,
  list: WindowedList<T>,
  q: { gte?: number; lt?: number },
  opts: WindowedOptions = {},
): AsyncGenerator<T, void, undefined> {
  // Just under three pages: a window's last page is nearly full, and density estimates may be a little off.
  const windowRows = opts.windowRows ?? 290;
  /** Rows held ÷ rows planned, for the last windows that completed whole. */
  const fills: number[] = [];
  const maxBuffered = opts.maxBufferedRows ?? 5_000;
  const limiter = limiterOf(stripe);

  /** Windows in output order; rows leave from the first. */
  const windows: Window[] = [];
  /** What is not cut into windows yet: below every window. */
  let rest: { gte?: number; lt?: number; after?: string; probing: boolean } | undefined = {
    gte: q.gte,
    lt: opts.after ? Math.min(q.lt ?? Infinity, opts.after.transactedAt + 1) : q.lt,
    after: opts.after?.id,
    probing: false,
  };
  if (rest.lt === Infinity) rest.lt = undefined;
  /** Rows per second of transacted_at, once a page has shown it. */
  let density: number | undefined;
  let inFlight = 0;
  let latencyMs = 0;
  let failure: { err: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const buffered = () => windows.reduce((n, w) => n + w.rows.length, 0);

  const parallel = () => {
    if (opts.parallel) return opts.parallel;
    const rate = limiter?.rateOf(list.endpoint) ?? Infinity;
    // Unpaced (a local sandbox): a few at once is all a loopback server can use.
    if (!Number.isFinite(rate)) return 4;
    // Enough requests in flight to use the whole rate at the server's latency (not counting the
    // wait for a slot), and one more for its variation. Any more only wait for a slot, which
    // lengthens each window's chain of pages and, at the start of the history, sends more
    // windows past it before the first comes back empty.
    const serverMs = limiter?.latencyOf(list.endpoint) ?? latencyMs;
    return Math.max(4, Math.min(16, Math.ceil((rate * Math.max(serverMs, 50)) / 1000) + 1));
  };

  const observe = (rows: T[]) => {
    if (rows.length < 2) return;
    const span = list.timeOf(rows[0]!) - list.timeOf(rows.at(-1)!);
    const d = (rows.length - 1) / Math.max(span, 1);
    density = density === undefined ? d : (density + d) / 2;
  };

  async function page(gte: number | undefined, lt: number | undefined, after: string | undefined) {
    const range: { gte?: number; lt?: number } = {};
    if (gte !== undefined) range.gte = gte;
    if (lt !== undefined) range.lt = lt;
    const started = performance.now();
    const res = await list.fetch(range, after, PAGE);
    const ms = performance.now() - started;
    latencyMs = latencyMs === 0 ? ms : latencyMs * 0.8 + ms * 0.2;
    return res;
  }

  /**
   * Fetches w's next page and hands it to take. While it is in flight it counts
   * against the concurrency; the first failure is kept for the reader to throw.
   */
  function fetchInto(w: Window, take: (res: Awaited<ReturnType<typeof page>>) => void): void {
    w.fetching = true;
    inFlight++;
    page(w.openBelow ? q.gte : w.gte, w.lt, w.after).then(take, (err: unknown) => {
      failure ??= { err };
    }).finally(() => {
      w.fetching = false;
      inFlight--;
      pump();
      notify();
    });
  }

  /** Nothing lies below `t` (strictly) in the range: drop the windows there, and the rest. */
  function endsAt(w: Window, t: number): void {
    for (const o of windows) if (o.gte !== undefined && o.gte < t && (o.lt === undefined || o.lt > t)) o.truncated = true;
    for (let i = windows.indexOf(w) + 1; i < windows.length; i++) {
      const o = windows[i]!;
      if (o.lt !== undefined && o.lt <= t && !o.rows.length) {
        o.dead = true;
        o.more = false;
      }
    }
    if (rest && !rest.probing) {
      if (rest.lt !== undefined && rest.lt <= t) rest = undefined;
      else rest.gte = Math.max(rest.gte ?? -Infinity, t);
    }
  }

  function fetchWindow(w: Window): void {
    const openBelow = w.openBelow;
    fetchInto(w, (res) => {
      if (w.dead) return;
      if (res.data.length === PAGE) observe(res.data);
      // A first page asked for without gte may bring rows from below the window: they are not its.
      const below = openBelow && w.gte !== undefined ? res.data.findIndex((r) => list.timeOf(r) < w.gte!) : -1;
      const mine = below === -1 ? res.data : res.data.slice(0, below);
      w.rows.push(...mine);
      w.count += mine.length;
      if (mine.length) w.after = list.idOf(mine.at(-1)!);
      // Rows below the window came along: it is complete. Otherwise has_more is about the window too.
      w.more = below === -1 && res.has_more && res.data.length > 0;
      if (openBelow) {
        w.openBelow = false;
        if (below === 0) w.truncated = true;
        if (!res.has_more) {
          // No more below lt (or the last row): the history ends here.
          endsAt(w, res.data.length ? list.timeOf(res.data.at(-1)!) : (w.gte ?? -Infinity));
        } else if (below === 0 && rest && !rest.probing && rest.after === undefined) {
          // A gap: nothing in the window, and the data resumes further down. Cut the rest from there.
          const resume = list.timeOf(res.data[0]!) + 1;
          if (rest.lt === undefined || rest.lt > resume) rest.lt = resume;
        }
      }
      if (!w.more) filled(w);
    });
  }

  /** A window is complete: how well did the density it was cut by predict its rows? */
  function filled(w: Window): void {
    if (!w.planned || w.truncated) return;
    fills.push(w.count / w.planned);
    if (fills.length > 12) fills.shift();
  }

  /**
   * Rows to aim a window at. A window costs whole pages, so one planned at 290 rows
   * that holds 283 wastes most of a page's worth of the rate. Once a few windows
   * have shown how closely the density predicts their rows, the aim moves up
   * towards its whole pages, by no more than the worst recent overshoot allows;
   * never below the given size.
   */
  function aim(): number {
    if (opts.windowRows !== undefined || fills.length < 4) return windowRows;
    const whole = Math.max(1, Math.round(windowRows / PAGE)) * PAGE - 1;
    return Math.max(windowRows, Math.min(whole, Math.floor(whole / Math.max(...fills))));
  }

  /** Fetches the rest as one page: its rows are the next ones, and its last row shows where the rest now starts. */
  function probe(): void {
    const r = rest!;
    r.probing = true;
    const w: Window = { gte: r.gte, lt: r.lt, after: r.after, rows: [], more: false, fetching: true, openBelow: false, count: 0 };
    windows.push(w);
    fetchInto(w, (res) => {
      w.rows.push(...res.data);
      observe(res.data);
      if (res.has_more && res.data.length) {
        const last = res.data.at(-1)!;
        rest = { gte: r.gte, lt: list.timeOf(last) + 1, after: list.idOf(last), probing: false };
      } else {
        rest = undefined;
      }
      opts.debug?.(`export: ${res.data.length} rows from the rest${rest ? `, next window below ${isoOf(rest.lt)}` : ', none left'}`);
    });
  }

  let cuts = 0;
  /**
   * Cuts the newest window of about windowRows rows off the rest. The first round
   * of windows is cut at a third, two thirds and all of that, in turn: windows cut
   * together all at full size would finish together, the next round would be cut
   * together, and so on; the round that runs past the start of the history is then
   * a whole round of requests for nothing. Staggered, windows finish and are cut a
   * few at a time, and only those few run past the end.
   */
  function cut(): Window {
    const r = rest!;
    const share = cuts < parallel() ? [1 / 3, 2 / 3, 1][cuts % 3]! : 1;
    cuts++;
    const planned = aim() * share;
    const width = Math.max(1, Math.round(planned / density!));
    const lt = r.lt!;
    let gte = lt - width;
    if (r.gte !== undefined && gte <= r.gte) {
      gte = r.gte;
      rest = undefined;
    } else {
      rest = { gte: r.gte, lt: gte, probing: false };
    }
    // The last window of a bounded range has nothing below it to learn about.
    const w: Window = { gte, lt, after: r.after, rows: [], more: true, fetching: false, openBelow: rest !== undefined, count: 0 };
    // Only a window cut whole (at the width the density gave) says how well the density predicts.
    if (rest) w.planned = width * density!;
    windows.push(w);
    return w;
  }

  function pump(): void {
    if (failure) return;
    for (;;) {
      const room = inFlight < parallel() && buffered() + inFlight * PAGE < maxBuffered;
      // The window being written always gets its next page, even when the buffer is full.
      const head = windows[0];
      if (head && head.more && !head.fetching && (room || inFlight === 0)) {
        fetchWindow(head);
        continue;
      }
      if (!room) return;
      const next = windows.find((w) => w.more && !w.fetching);
      if (next) {
        fetchWindow(next);
        continue;
      }
      if (!rest || rest.probing) return;
      if (density === undefined || rest.lt === undefined) {
        // Nothing to cut by yet: the rest's first page gives rows, a density and where to cut from.
        if (inFlight > 0) return;
        probe();
        return;
      }
      fetchWindow(cut());
    }
  }

  pump();
  for (;;) {
    if (failure) throw failure.err;
    const head = windows[0];
    if (head && head.rows.length) {
      const rows = head.rows.splice(0) as T[];
      pump();
      yield* rows;
      continue;
    }
    if (head && !head.more && !head.fetching) {
      windows.shift();
      pump();
      continue;
    }
    if (!head && !rest && inFlight === 0) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

function isoOf(unix: number | undefined): string {
  return unix === undefined ? '-' : new Date(unix * 1000).toISOString();
}
