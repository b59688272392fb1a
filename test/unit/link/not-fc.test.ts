import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runInproc } from '../../helpers/run-inproc.js';

/** A web server that is neither Stripe nor fc's sandbox. */
async function stranger(answer: (res: http.ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => server.close(() => r())) };
}

describe('fc link against a server that is not fc', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

  it.each([
    ['a 404 page', (res: http.ServerResponse) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>')],
    ['a 200 that is not JSON', (res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('hello')],
  ])('%s: one line naming what fc link needs, exit 2', async (_name, answer) => {
    const s = await stranger(answer);
    servers.push(s);
    const r = await runInproc(['link', 'fcsess_123', '--port', '0'], { env: { FC_API_BASE: s.url } });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${s.url} is neither Stripe nor fc's sandbox`);
    expect(r.stdout).toBe('');
  });
});
