import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paramsOf, parsePath, requestPath } from '../../../../src/api/raw.js';
import { inprocSandbox, runInproc } from '../../../helpers/run-inproc.js';

let env: Awaited<ReturnType<typeof inprocSandbox>>;
beforeAll(async () => {
  env = await inprocSandbox();
});
afterAll(() => env.stop());

interface List {
  object: string;
  data: { id: string; ownership?: unknown }[];
  has_more: boolean;
}

describe('fc api', () => {
  it('decodes bracket pairs the way the API does, nested for v2 JSON bodies', () => {
    expect(paramsOf({ pairs: [['account_holder[customer]', 'cus_1'], ['a[b][c]', 'x=y']], expand: ['data.ownership'] })).toEqual({
      account_holder: { customer: 'cus_1' },
      a: { b: { c: 'x=y' } },
      expand: ['data.ownership'],
    });
    expect(requestPath({ method: 'GET', path: '/v1/x', pairs: [['starting_after', 'a'], ['limit', '2']], expand: [] }, [['starting_after', 'b']])).toBe(
      '/v1/x?limit=2&starting_after=b',
    );
    expect(() => parsePath('https://evil.example/v1/x')).toThrow(/API path/);
  });

  it('GET a list with a filter and --expand prints the list as JSON', async () => {
    const cus = (await env.json<{ id: string }>(['customers', 'create', '--email', 'jenny@example.com'])).id;
    const sess = (await env.json<{ id: string }>(['sessions', 'create', '--customer', cus, '--permissions', 'ownership,payment_method'])).id;
    expect((await env.fc(['sandbox', 'complete', sess])).code).toBe(0);
    await env.fc(['accounts', 'refresh', '--customer', cus, '--all', '--features', 'ownership']);
    const r = await env.fc(['api', 'get', '/v1/financial_connections/accounts', '-d', `account_holder[customer]=${cus}`, '--expand', 'data.ownership']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as List;
    expect(list.object).toBe('list');
    expect(list.data.length).toBe(2);
    expect(list.data.every((a) => a.ownership !== null && typeof a.ownership === 'object')).toBe(true);
  });

  it('POST with the same --idempotency-key twice makes one customer', async () => {
    const args = ['api', 'post', '/v1/customers', '-d', 'email=once@example.com', '--idempotency-key', 'k1'];
    const a = JSON.parse((await env.fc(args)).stdout) as { id: string };
    const b = JSON.parse((await env.fc(args)).stdout) as { id: string };
    expect(b.id).toBe(a.id);
    const found = JSON.parse((await env.fc(['api', 'get', '/v1/customers', '-d', 'email=once@example.com'])).stdout) as List;
    expect(found.data.map((c) => c.id)).toEqual([a.id]);
  });

  it('says on stderr when a list has more, and --all returns every item as one array', async () => {
    const created: string[] = [];
    for (const n of [1, 2, 3]) created.push((JSON.parse((await env.fc(['api', 'post', '/v1/customers', '-d', `email=page${n}@example.com`])).stdout) as { id: string }).id);
    const one = await env.fc(['api', 'get', '/v1/customers', '-d', 'limit=1']);
    expect((JSON.parse(one.stdout) as List).has_more).toBe(true);
    expect(one.stderr).toMatch(/More results exist: add --all .*starting_after=cus_/);
    const all = await env.fc(['api', 'get', '/v1/customers', '-d', 'limit=1', '--all']);
    const items = (JSON.parse(all.stdout) as { id: string }[]).map((c) => c.id);
    // Page by page, the same customers as one page of 100: whatever other tests in this file made, and these three.
    const onePage = (JSON.parse((await env.fc(['api', 'get', '/v1/customers', '-d', 'limit=100'])).stdout) as List).data.map((c) => c.id);
    expect(items).toEqual(onePage);
    expect(items).toEqual(expect.arrayContaining(created));
    expect(all.stderr).not.toMatch(/More results/);
  });

  it('v2 lists, data and next_page_url with no object field, page with --all and say when more exist', async () => {
    for (const n of [1, 2, 3]) {
      const r = await env.fc(['api', 'post', '/v2/core/accounts', '-d', `contact_email=v2-${n}@example.com`, '-d', 'configuration[customer][capabilities][automatic_indirect_tax][requested]=true']);
      expect(r.code, r.stderr).toBe(0);
    }
    const one = await env.fc(['api', 'get', '/v2/core/accounts', '-d', 'limit=1']);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { next_page_url: string | null }).next_page_url).toBeTruthy();
    // The hint, run as printed, gives the next page.
    const page = /-d (page=\S+) for the next one/.exec(one.stderr)?.[1];
    expect(page, one.stderr).toBeTruthy();
    const two = await env.fc(['api', 'get', '/v2/core/accounts', '-d', 'limit=1', '-d', page!]);
    expect(two.code, two.stderr).toBe(0);
    const [a, b] = [one, two].map((r) => (JSON.parse(r.stdout) as { data: { id: string }[] }).data[0]!.id);
    expect(b).not.toBe(a);
    const all = await env.fc(['api', 'get', '/v2/core/accounts', '-d', 'limit=1', '--all']);
    expect(all.code, all.stderr).toBe(0);
    const items = JSON.parse(all.stdout) as { id: string }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(new Set(items.map((a) => a.id)).size).toBe(items.length);
  });

  it('an API error prints its error object and exits 1; DELETE off a terminal needs --yes', async () => {
    const r = await env.fc(['api', 'get', '/v1/customers/cus_missing']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe('resource_missing');
    const cus = (await env.json<{ id: string }>(['customers', 'create', '--email', 'del@example.com'])).id;
    const refused = await env.fc(['api', 'delete', `/v1/customers/${cus}`]);
    expect(refused.code).toBe(2);
    expect((await env.fc(['api', 'get', `/v1/customers/${cus}`])).code).toBe(0);
  });

  it('bad usage exits 2 before sending', async () => {
    for (const args of [
      ['api', 'put', '/v1/customers'],
      ['api', 'get', 'customers'],
      ['api', 'get', '/v1/customers', '-d', 'novalue'],
      ['api', 'get', '/v1/customers', '--idempotency-key', 'k'],
      ['api', 'post', '/v1/customers', '--all'],
      ['--stripe-account', 'nope', 'api', 'get', '/v1/customers'],
      ['--stripe-version', 'yesterday', 'api', 'get', '/v1/customers'],
    ]) {
      const r = await env.fc(args);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('the global --stripe-account and --stripe-version reach the server on every command', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/customers' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const args of [['customers', 'list'], ['api', 'get', '/v1/customers']]) {
        const r = await runInproc(['--stripe-account', 'acct_1Connected', '--stripe-version', '2026-01-28.clover', ...args], { env: { FC_API_BASE: base } });
        expect(r.code, r.stderr).toBe(0);
      }
    } finally {
      server.close();
    }
    expect(seen.length).toBe(2);
    for (const h of seen) {
      expect(h['stripe-account']).toBe('acct_1Connected');
      expect(h['stripe-version']).toBe('2026-01-28.clover');
    }
  });

  it('the sandbox acts on a connected account the key made, echoing Stripe-Account, and refuses any other like Stripe', async () => {
    const headers = { Authorization: 'Bearer sk_test_x' };
    const made = await fetch(`${env.sandbox.url}/v2/core/accounts`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'Stripe-Version': '2025-09-30.preview' },
      body: JSON.stringify({ contact_email: 'jenny@example.com', configuration: { customer: {} } }),
    });
    expect(made.status, await made.clone().text()).toBe(200);
    const acct = ((await made.json()) as { id: string }).id;
    const ok = await fetch(`${env.sandbox.url}/v1/customers`, { headers: { ...headers, 'Stripe-Account': acct } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('stripe-account')).toBe(acct);
    for (const other of ['nope', 'acct_1NeverMade']) {
      const refused = await fetch(`${env.sandbox.url}/v1/customers`, { headers: { ...headers, 'Stripe-Account': other } });
      expect(refused.status, other).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('account_invalid');
    }
    const r = await env.fc(['--api-key', 'sk_test_x', '--stripe-account', acct, 'api', 'get', '/v1/customers']);
    expect(r.code, r.stderr).toBe(0);
    const unknown = await env.fc(['--api-key', 'sk_test_x', '--stripe-account', 'acct_1NeverMade', 'customers', 'list']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("does not have access to account 'acct_1NeverMade'");
  });
});
