import { SANDBOX_KEY } from '../../api/target.js';
import { sandboxDbPath, sandboxSettingsFromEnv } from '../../api/embedded.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { parseInteger } from '../shared/validate.js';
import { parseLatency, parseRateLimit, trafficFromEnv, type TrafficSettings } from '../../sandbox/wire/traffic.js';
import { FAULT_KINDS, faultsFromEnv, parseFaultKinds, type FaultKind, type FaultSettings } from '../../sandbox/faults.js';
import { defineCommand, option } from '../define.js';
import { embeddedSandboxKey } from '../../api/sandbox-key.js';

export interface ServeOptions {
  port: string;
  host: string;
  refreshDelay?: string;
  settleDelay?: string;
  faults?: string;
  faultSeed?: string;
  faultKinds?: string;
  faultSlowMs?: string;
  latency?: string;
  rateLimit?: string;
  logRequests?: boolean;
}

function parseTraffic(ctx: Context, opts: ServeOptions): TrafficSettings {
  let traffic: TrafficSettings;
  try {
    traffic = trafficFromEnv(ctx.env);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}.`);
  }
  try {
    if (opts.latency !== undefined) traffic.latency = parseLatency(opts.latency);
  } catch (e) {
    throw new UsageError(`--latency ${(e as Error).message}.`);
  }
  try {
    if (opts.rateLimit !== undefined) traffic.rateLimit = parseRateLimit(opts.rateLimit);
  } catch (e) {
    throw new UsageError(`--rate-limit ${(e as Error).message}.`);
  }
  return traffic;
}

function parseFaults(ctx: Context, opts: ServeOptions): FaultSettings | undefined {
  const fromEnv = faultsFromEnv(ctx.env);
  const slowMs = opts.faultSlowMs !== undefined ? parseInteger(opts.faultSlowMs, '--fault-slow-ms', 0, 600_000) : undefined;
  if (opts.faults === undefined) return fromEnv && slowMs !== undefined ? { ...fromEnv, slowMs } : fromEnv;
  const rate = Number(opts.faults);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(opts.faults) || !Number.isFinite(rate)) {
    throw new UsageError(`--faults must be a share of requests between 0 and 1 (e.g. 0.3), got "${opts.faults.slice(0, 20)}".`);
  }
  let kinds: FaultKind[] = [...FAULT_KINDS];
  if (opts.faultKinds !== undefined) {
    try {
      kinds = parseFaultKinds(opts.faultKinds);
    } catch (e) {
      throw new UsageError(`--fault-kinds: ${(e as Error).message}.`);
    }
  }
  return {
    rate,
    seed: opts.faultSeed !== undefined ? parseInteger(opts.faultSeed, '--fault-seed', 0, 2 ** 31) : (fromEnv?.seed ?? 1),
    kinds,
    slowMs: slowMs ?? fromEnv?.slowMs ?? 1500,
  };
}

export default defineCommand({
  description: 'run the sandbox as a standalone server any stripe-node app can use',
  options: [
    option('--port <n>', 'port to listen on (0 picks a free one)', { default: '12111' }),
    option('--host <host>', 'interface to listen on', { default: '127.0.0.1' }),
    option('--refresh-delay <ms>', 'how long refreshes stay pending (ms)'),
    option('--settle-delay <ms>', 'how long ACH debits stay processing (ms)'),
    option('--faults <share>', 'fail this share of requests like a network would, e.g. 0.3 (env: FC_SANDBOX_FAULTS)'),
    option('--fault-seed <n>', 'seed for --faults, to replay a run (env: FC_SANDBOX_FAULT_SEED)'),
    option('--fault-kinds <list>', '500,429,reset-before,reset-after,slow (default: all; env: FC_SANDBOX_FAULT_KINDS)'),
    option('--fault-slow-ms <ms>', 'how long a `slow` fault delays its answer, default 1500 (env: FC_SANDBOX_FAULT_SLOW_MS)'),
    option('--latency <ms|min-max>', 'add this latency to every API request, e.g. 100 or 100-300 (env: FC_SANDBOX_LATENCY)'),
    option('--rate-limit <req/s>', 'answer 429 beyond this many requests per second per key, e.g. 25 (env: FC_SANDBOX_RATE_LIMIT)'),
    option('--log-requests', 'keep every request in the database for fc sandbox log (env: FC_SANDBOX_LOG_REQUESTS=1; default: the last 10,000 in memory)'),
  ],
  examples: [
    'fc sandbox serve --port 12111',
    'fc sandbox serve --latency 100-300 --rate-limit 25   # waits like Stripe test mode',
  ],
  help: `
Then, in any stripe-node app:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })
or point fc at it: fc --api-base http://127.0.0.1:12111 customers list
Each API key is its own account (objects, events, clock, reset), as on Stripe:
parallel test suites isolate themselves by each using its own sk_test_… key.
`,
  run: async (ctx, opts) => {
    const port = parseInteger(opts.port, '--port', 0, 65535);
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(opts.host)) throw new UsageError(`--host must be a host name or address, got "${opts.host.slice(0, 40)}".`);
    const settings = sandboxSettingsFromEnv(ctx.env);
    if (opts.refreshDelay !== undefined) settings.refreshDelayMs = parseInteger(opts.refreshDelay, '--refresh-delay', 0, 86_400_000);
    if (opts.settleDelay !== undefined) settings.settleDelayMs = parseInteger(opts.settleDelay, '--settle-delay', 0, 86_400_000 * 30);
    const faults = parseFaults(ctx, opts);
    const traffic = parseTraffic(ctx, opts);
    const { startSandbox } = await import('../../sandbox/index.js');
    const dbPath = sandboxDbPath(ctx.paths.data);
    const io = ctx.io;
    const { webhookDeliveryFromEnv, deliveryLine } = await import('./shared/webhook-log.js');
    let sandbox: Awaited<ReturnType<typeof startSandbox>>;
    try {
      sandbox = await startSandbox({
        dbPath,
        // Data from an fc that had one account for every key stays with fc's own commands.
        legacyOwner: embeddedSandboxKey(ctx.paths.data),
        port,
        host: opts.host,
        settings,
        faults,
        traffic,
        logRequests: opts.logRequests === true || ctx.env.FC_SANDBOX_LOG_REQUESTS === '1',
        // The long-lived server is the one that sends webhooks: short-lived fc commands only queue them.
        webhooks: { ...webhookDeliveryFromEnv(ctx.env), onDelivery: (d) => io.err(deliveryLine(io, d)) },
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new UsageError(`Port ${port} on ${opts.host} is already in use: choose another with --port <n> (--port 0 picks a free one).`);
      }
      if (code === 'EACCES') throw new UsageError(`Not allowed to listen on port ${port}: choose one above 1023 with --port <n>.`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${opts.host} is not an address of this machine.`);
      throw err;
    }
    io.err(`fc sandbox listening on ${sandbox.url} (data: ${dbPath})`);
    // Each test key is an account of its own here, as on Stripe: the hints share one, so what one client makes the other sees.
    io.err(`stripe-node: new Stripe('${SANDBOX_KEY}', { host: '${sandbox.host}', port: ${sandbox.port}, protocol: 'http' })`);
    io.err(`curl:        curl ${sandbox.url}/v1/customers -u ${SANDBOX_KEY}:`);
    io.err(`fc:          fc --api-base ${sandbox.url} customers list   (key ${SANDBOX_KEY}; --api-key for another)`);
    io.err('Any sk_test_… key works; each key sees only its own data.');
    io.err('Webhooks: endpoints registered with POST /v1/webhook_endpoints get every matching event, signed.');
    if (traffic.latency || traffic.rateLimit) {
      const l = traffic.latency;
      const parts = [l ? `${l.minMs === l.maxMs ? l.minMs : `${l.minMs}-${l.maxMs}`} ms latency` : '', traffic.rateLimit ? `${traffic.rateLimit} requests/s per key (429 beyond)` : ''];
      io.err(`Shaping traffic: ${parts.filter(Boolean).join(', ')}.`);
    }
    if (faults) io.err(`Injecting faults into ${Math.round(faults.rate * 100)}% of requests (${faults.kinds.join(', ')}; seed ${faults.seed}).`);
    io.err('Press Ctrl-C to stop.');
    // Scripts that start the server read its address from stdout.
    io.out(sandbox.url);
    // Ctrl-C (or SIGTERM) is how a server is meant to end: it stops serving and says so.
    const stopped = ctx.lifecycle.claimInterrupt();
    const stop = ctx.lifecycle.defer(() => sandbox.close());
    await new Promise<void>((resolve) => stopped.addEventListener('abort', () => resolve(), { once: true }));
    await stop();
    io.err('Sandbox stopped.');
  },
});
