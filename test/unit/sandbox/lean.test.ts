import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDb, startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { tempHome } from '../../helpers/cli.js';

const KEY = 'sk_test_lean';

async function call(sb: RunningSandbox, method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...headers },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the sandbox request path', () => {
  const homes: { cleanup(): void }[] = [];
  const sandboxes: RunningSandbox[] = [];
  afterEach(async () => {
    for (const s of sandboxes.splice(0)) await s.close();
    for (const h of homes.splice(0)) h.cleanup();
  });
  async function start(opts: { logRequests?: boolean } = {}) {
    const home = tempHome();
    homes.push(home);
    const sb = await startSandbox({ dbPath: join(home.path, 'sandbox.db'), ...opts });
    sandboxes.push(sb);
    return sb;
  }

  it('answers reads without writing to the database, and keeps recent requests in memory only', async () => {
    const sb = await start();
    const customer = await call(sb, 'POST', '/v1/customers', { email: 'lean@example.com' });
    const changes = () => (sb.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    for (let i = 0; i < 50; i++) expect((await call(sb, 'GET', `/v1/customers/${customer.body.id as string}`)).status).toBe(200);
    expect(changes()).toBe(before);
    expect((sb.store.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n).toBe(0);
    // …yet the recent requests are there for tests and `fc sandbox log`.
    const log = await call(sb, 'GET', '/_sandbox/requests?limit=3');
    expect((log.body.data as { path: string }[]).map((r) => r.path)).toEqual([
      `/v1/customers/${customer.body.id as string}`,
      `/v1/customers/${customer.body.id as string}`,
      `/v1/customers/${customer.body.id as string}`,
    ]);
    expect(sb.store.requestLog()).toHaveLength(51 + 1);
  });

  it('keeps the newest 10,000 requests in the order they came, once the ring has wrapped', async () => {
    const sb = await start();
    const entry = (i: number, account: string) => ({ at: i, method: 'GET', path: `/v1/customers/cus_${i}`, status: 200, requestId: `req_${i}`, account });
    for (let i = 0; i < 12_345; i++) sb.store.logRequest(entry(i, i % 2 ? 'acct_odd' : 'acct_even'));
    const log = sb.store.requestLog();
    expect(log).toHaveLength(10_000);
    expect(log[0]!.request_id).toBe('req_2345');
    expect(log.at(-1)!.request_id).toBe('req_12344');
    expect(log.every((r, i) => i === 0 || r.at === log[i - 1]!.at + 1)).toBe(true);
    expect(sb.store.requestLog(2).map((r) => r.request_id)).toEqual(['req_12343', 'req_12344']);
    expect(sb.store.requestLog(2, 'acct_even').map((r) => r.request_id)).toEqual(['req_12342', 'req_12344']);
  });

  it("sees another process's clock change on its next GET, though it keeps what GETs read between requests", async () => {
    const sb = await start();
    expect((await call(sb, 'GET', '/_sandbox/clock')).body.offset_ms).toBe(0);
    // Its own write is seen…
    await call(sb, 'POST', '/_sandbox/clock/advance', { ms: '1000' });
    expect((await call(sb, 'GET', '/_sandbox/clock')).body.offset_ms).toBe(1000);
    // …and so is one committed by another connection to the same file (another fc process).
    const other = new SandboxDb(sb.store.path);
    try {
      other.forKey(KEY).setMeta('clock_offset_ms', '5000');
    } finally {
      other.close();
    }
    expect((await call(sb, 'GET', '/_sandbox/clock')).body.offset_ms).toBe(5000);
  });

  it('persists every request with logRequests', async () => {
    const sb = await start({ logRequests: true });
    await call(sb, 'GET', '/v1/customers');
    await call(sb, 'POST', '/v1/customers', { email: 'a@example.com' });
    const rows = sb.store.db.prepare('SELECT method, path, status FROM requests ORDER BY seq').all();
    expect(rows).toEqual([
      { method: 'GET', path: '/v1/customers', status: 200 },
      { method: 'POST', path: '/v1/customers', status: 200 },
    ]);
  });

  it('forgets events after 30 days and idempotency keys after 24 hours of sandbox time', async () => {
    const sb = await start();
    const first = await call(sb, 'POST', '/v1/customers', { email: 'old@example.com' }, { 'Idempotency-Key': 'k1' });
    expect(((await call(sb, 'GET', '/v1/events')).body.data as unknown[]).length).toBeGreaterThan(0);
    // Within 24 h the key replays…
    sb.forKey(KEY).clock.advance(23 * 3600_000);
    const replay = await call(sb, 'POST', '/v1/customers', { email: 'old@example.com' }, { 'Idempotency-Key': 'k1' });
    expect(replay.body.id).toBe(first.body.id);
    // …after, the same key makes a new customer.
    sb.forKey(KEY).clock.advance(2 * 3600_000);
    const fresh = await call(sb, 'POST', '/v1/customers', { email: 'old@example.com' }, { 'Idempotency-Key': 'k1' });
    expect(fresh.body.id).not.toBe(first.body.id);
    sb.forKey(KEY).clock.advance(31 * 86_400_000);
    await call(sb, 'POST', '/v1/customers', { email: 'new@example.com' });
    const events = (await call(sb, 'GET', '/v1/events?limit=100')).body.data as { data: { object: { email: string } } }[];
    expect(events.map((e) => e.data.object.email)).toEqual(['new@example.com']);
  });

  it('cuts its WAL back after each checkpoint', async () => {
    const sb = await start();
    expect(sb.store.db.pragma('journal_size_limit', { simple: true })).toBe(4 * 1024 * 1024);
  });
});
