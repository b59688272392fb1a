import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inprocSandbox } from '../../../helpers/run-inproc.js';

let env: Awaited<ReturnType<typeof inprocSandbox>>;
beforeAll(async () => {
  env = await inprocSandbox();
});
afterAll(() => env.stop());

describe('fc events resend (no --to)', () => {
  it('queues the event for each registered endpoint, in a table whose every column is named', async () => {
    const we = await env.json<{ id: string }>(['api', 'post', '/v1/webhook_endpoints', '-d', 'url=http://127.0.0.1:9/hook', '-d', 'enabled_events[]=*']);
    const cus = await env.json<{ id: string }>(['customers', 'create', '--email', 'jenny@example.com']);
    const evt = (await env.json<{ id: string; data: { object: { id: string } } }[]>(['events', 'list', '--json'])).find((e) => e.data.object.id === cus.id)!;
    const r = await env.fc(['events', 'resend', evt.id]);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.split('\n').find((l) => l.includes('Endpoint'))!;
    expect(header.split('│').map((c) => c.trim()).filter(Boolean)).toEqual(['Endpoint', 'URL', 'Delivery']);
    expect(r.stdout).toMatch(new RegExp(`${we.id}.*http://127\\.0\\.0\\.1:9/hook.*queued`));
  });
});
