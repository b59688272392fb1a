import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { runFcProcess, tempHome } from '../helpers/cli.js';

// The build keeps only the stripe-node resources fc calls (scripts/build.mjs,
// STRIPE_RESOURCES); every other one is an empty class in dist/cli.js, and stripe-node's
// https agent is made by its first https request (lazyHttps). These tests hold the built
// client to what src/ calls on it.
const ROOT = resolve(import.meta.dirname, '../..');
const DIST_CLI = join(ROOT, 'dist', 'cli.js');

type StripeClass = typeof Stripe;

/** The Stripe class dist/cli.js bundles, from a client it makes, loaded as bin/fc.js loads it. */
async function builtStripe(): Promise<StripeClass> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'fc-bundles-'));
  try {
    const { bundleLoader } = createRequire(import.meta.url)('../../bin/bundles.js') as {
      bundleLoader: (o: { cacheDir: string; argv: string[] }) => {
        load: (file: string) => { createStripeClient: (o: { key: string }) => Promise<Stripe> };
      };
    };
    const client = await bundleLoader({ cacheDir, argv: [] }).load(DIST_CLI).createStripeClient({ key: 'sk_test_x' });
    return (Object.getPrototypeOf(client) as { constructor: StripeClass }).constructor;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** Every resource of a client by its path (`customers`, `financialConnections.accounts`, `v2.core.accounts`) → its method names. */
function resources(client: object, ctor: StripeClass): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (obj: object, path: string, depth: number) => {
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith('_') || key === 'stripe' || typeof value !== 'object' || value === null) continue;
      const at = path ? `${path}.${key}` : key;
      if (value instanceof ctor.StripeResource) {
        const methods: string[] = [];
        for (let proto = Object.getPrototypeOf(value) as object; proto !== ctor.StripeResource.prototype; proto = Object.getPrototypeOf(proto) as object) {
          methods.push(...Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor'));
        }
        found.set(at, methods.sort());
      } else if (depth < 4) {
        walk(value as object, at, depth + 1);
      }
    }
  };
  walk(client, '', 0);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `stripe.<resource path>.<method>(` in src/: fc's client is always called `stripe`. */
function calledInSrc(paths: Iterable<string>): Map<string, Set<string>> {
  const text = sourceFiles(join(ROOT, 'src'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const called = new Map<string, Set<string>>();
  for (const path of paths) {
    const re = new RegExp(`\\bstripe\\.${path.replace(/\./g, '\\.')}\\.(\\w+)\\(`, 'g');
    for (const m of text.matchAll(re)) {
      if (!called.has(path)) called.set(path, new Set());
      called.get(path)!.add(m[1]!);
    }
  }
  return called;
}

describe('the stripe-node client in dist/', () => {
  it('has every resource src/ calls, whole: the same methods as stripe-node itself', async () => {
    const Built = await builtStripe();
    const full = resources(new Stripe('sk_test_x'), Stripe);
    const built = resources(new Built('sk_test_x'), Built);
    const called = calledInSrc(full.keys());
    // The scan must see fc's calls (a renamed client variable would hide them all).
    expect([...called.keys()]).toEqual(expect.arrayContaining(['customers', 'financialConnections.accounts', 'paymentIntents', 'v2.core.accounts']));
    for (const [path, methods] of called) {
      expect(built.get(path), `stripe.${path} in dist/cli.js`).toEqual(full.get(path));
      for (const m of methods) expect(full.get(path), `stripe.${path}.${m}() is a stripe-node method`).toContain(m);
    }
    // …and the build did leave the rest out, which is what it is for.
    expect(built.size).toBeLessThan(full.size / 4);
  });

  it('still sends what no kept resource covers through rawRequest, as fc api does', async () => {
    const home = tempHome();
    try {
      const created = await runFcProcess(home.path, ['customers', 'create', '--email', 'raw@example.com', '--json']);
      expect(created.code).toBe(0);
      const id = (JSON.parse(created.stdout) as { id: string }).id;
      // The refunds resource is not in the build: `fc api` reaches the endpoint anyway.
      const refunds = await runFcProcess(home.path, ['api', 'get', '/v1/refunds', '-d', 'limit=1']);
      expect(refunds.code).toBe(0);
      expect(JSON.parse(refunds.stdout)).toMatchObject({ object: 'list', url: '/v1/refunds' });
      const got = await runFcProcess(home.path, ['api', 'get', `/v1/customers/${id}`]);
      expect(JSON.parse(got.stdout)).toMatchObject({ id, email: 'raw@example.com' });
    } finally {
      home.cleanup();
    }
  });

  it('reaches an https server, as it reaches api.stripe.com', async () => {
    // A self-signed certificate for 127.0.0.1 (valid to 2126), trusted through NODE_EXTRA_CA_CERTS.
    const fixtures = join(import.meta.dirname, 'fixtures');
    const cert = join(fixtures, 'tls-127.0.0.1.crt');
    const seen: string[] = [];
    const server = createServer({ cert: readFileSync(cert), key: readFileSync(join(fixtures, 'tls-127.0.0.1.key')) }, (req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Request-Id': 'req_tls' });
      res.end(JSON.stringify({ id: 'cus_tls', object: 'customer', email: 'tls@example.com', created: 1700000000, livemode: false, metadata: {} }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const home = tempHome();
    try {
      const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const env = { NODE_EXTRA_CA_CERTS: cert };
      const r = await runFcProcess(home.path, ['--api-base', base, '--api-key', 'sk_test_tls', 'customers', 'get', 'cus_tls', '--json'], { env });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ id: 'cus_tls', email: 'tls@example.com' });
      expect(seen).toEqual(['/v1/customers/cus_tls']);
    } finally {
      home.cleanup();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
