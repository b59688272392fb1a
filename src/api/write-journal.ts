import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { NetworkError, toFcError } from '../errors.js';
import { canonicalBase } from './target.js';

/**
 * What makes a create safe to re-run after fc lost the answer.
 *
 * Before the request goes out, fc writes a small file under `$FC_HOME/pending/`
 * keyed by what the write is (target, command, inputs) holding a random
 * idempotency key. If the answer never comes (connection reset, 5xx after
 * retries), the file stays, and running the same command again sends the same
 * key: the API answers with the object it already made instead of making a
 * second one. Once an answer arrives (success or a refusal) the file is removed,
 * so a later identical command is a new write, as it should be.
 *
 * A caller's own `--idempotency-key` replaces all of this.
 */
export interface WriteSpec {
  /** `customers create`: part of the key and of the messages. */
  command: string;
  /** Everything that defines "this write": the request parameters. */
  inputs: unknown;
  /** The caller's --idempotency-key, if any. */
  idempotencyKey?: string;
  /** How to look for the object if in doubt, e.g. `fc customers list --email jenny@example.com`. */
  check?: string;
}

/** Stripe keeps idempotency keys for 24 hours; a pending file older than this no longer protects anything. */
const LIFETIME_MS = 23 * 3600 * 1000;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function targetId(ctx: Context): string {
  const t = ctx.target();
  // The key is hashed: the journal never holds a secret. The embedded sandbox lives in this same folder.
  const who = createHash('sha256').update(t.kind === 'sandbox' ? 'embedded' : t.key || ctx.profileName()).digest('hex').slice(0, 16);
  return [t.kind, t.apiBase ? canonicalBase(t.apiBase) : '', t.live ? 'live' : 'test', who, ctx.globals.stripeAccount ?? ''].join('|');
}

interface Pending {
  key: string;
  created_at_ms: number;
}

export async function journaledWrite<T>(ctx: Context, spec: WriteSpec, send: (idempotencyKey: string) => Promise<T>): Promise<T> {
  if (spec.idempotencyKey !== undefined) {
    try {
      return await send(spec.idempotencyKey);
    } catch (err) {
      throw explain(err, `Run it again with the same --idempotency-key: the API then answers with the first result instead of doing it twice (for 24 hours).`);
    }
  }
  const dir = join(ctx.paths.data, 'pending');
  const id = createHash('sha256').update(`${targetId(ctx)}\n${spec.command}\n${canonical(spec.inputs)}`).digest('hex').slice(0, 40);
  const file = join(dir, `${id}.json`);
  const now = ctx.clock.now().getTime();
  let pending = read(file);
  if (pending && now - pending.created_at_ms > LIFETIME_MS) pending = undefined;
  let kept = true;
  if (pending) ctx.notice(`Resuming an earlier ${spec.command} that never heard back: sending it again with the same idempotency key, so it is done at most once.`);
  else {
    pending = { key: `fc-${spec.command.replace(/\s+/g, '-')}-${randomBytes(12).toString('base64url')}`, created_at_ms: now };
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, `${JSON.stringify(pending)}\n`, { mode: 0o600 });
    } catch {
      // A read-only FC_HOME must not stop the write; only a lost answer then cannot be resumed (and fc says so).
      kept = false;
    }
  }
  try {
    const result = await send(pending.key);
    rmSync(file, { force: true });
    return result;
  } catch (err) {
    const e = toFcError(err);
    if (!(e instanceof NetworkError)) {
      // The API answered: nothing is in doubt, and a corrected command is a new write.
      rmSync(file, { force: true });
      throw err;
    }
    const look = spec.check ? ` To look first: ${spec.check}` : '';
    throw explain(
      err,
      kept
        ? `Run the same command again: it reuses idempotency key ${pending.key}, so the API does it at most once (within 23 hours).${look}`
        : `fc could not keep its idempotency key under ${dir}, so a re-run would be a new request: check whether it was done first.${look} Or re-run with --idempotency-key ${pending.key}.`,
    );
  }
}

function read(file: string): Pending | undefined {
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Partial<Pending>;
    return typeof p.key === 'string' && typeof p.created_at_ms === 'number' ? { key: p.key, created_at_ms: p.created_at_ms } : undefined;
  } catch {
    return undefined;
  }
}

/** A lost answer, told with what the caller can actually rely on. */
function explain(err: unknown, hint: string): unknown {
  const e = toFcError(err);
  if (!(e instanceof NetworkError)) return err;
  return new NetworkError(`${e.message.replace(/\s*$/, '')} fc does not know whether it was done.`, hint);
}

/**
 * For writes that set a state (refresh, subscribe, disconnect, cancel): running
 * them twice leaves the same state, and the message says exactly that.
 */
export async function stateWrite<T>(send: () => Promise<T>, again: string): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw explain(err, again);
  }
}
