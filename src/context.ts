import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type Stripe from 'stripe';
import { createStripeClient } from './api/client.js';
import { resolveTarget, SANDBOX_NOTICE, type Target } from './api/target.js';
import { fcPaths, type FcPaths } from './config/paths.js';
import { DEFAULT_PROFILE, FileConfigStore, type ConfigStore } from './config/store.js';
import { osVault, type SecretVault } from './config/vault.js';
import { AuthError, NetworkError, UsageError } from './errors.js';
import { resolveTimeZone, setDisplayTimeZone } from './io/format.js';
import type { IO } from './io/io.js';
import { Lifecycle } from './lifecycle.js';
import { createPrompter, type Prompter } from './io/prompter.js';

/** Options every command accepts (CLI.md "Global options"). */
export interface GlobalOptions {
  apiKey?: string;
  profile?: string;
  sandbox?: boolean;
  apiBase?: string;
  json?: boolean;
  format?: string;
  yes?: boolean;
  color?: boolean;
  debug?: boolean;
  /** Connect: every request acts as this connected account (Stripe-Account). */
  stripeAccount?: string;
  /** Stripe-Version for every request. */
  stripeVersion?: string;
  maxRps?: string;
}

/** --max-rps / FC_MAX_RPS: a positive number of requests per second. */
export function parseMaxRps(value: string | undefined, flag: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 10_000) {
    throw new UsageError(`${flag} must be a number of requests per second above 0 (e.g. 25), got "${value.slice(0, 20)}".`);
  }
  return n;
}

export interface Clock {
  now(): Date;
}

/**
 * The dependencies a command may use, created lazily so a command pays only for
 * what it touches. Tests pass their own pieces through `ContextOverrides`.
 */
export interface Context {
  io: IO;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** The time zone dates are shown and read in (TZ of `env`): renderers and filters alike. */
  timeZone: string;
  paths: FcPaths;
  prompter: Prompter;
  /** The OS keyring, where live keys are kept. */
  vault: SecretVault;
  globals: GlobalOptions;
  /** The command tree of this run, for commands that describe fc itself (the completion script). */
  program?: Command;
  config(): ConfigStore;
  profileName(): string;
  target(): Target;
  stripe(): Promise<Stripe>;
  /** Prints what key resolution has to say (sandbox in use, env key overriding a profile); stripe() does it before the first request. */
  announceTarget(): void;
  /** Says something once on stderr (sandbox in use, env key overriding a profile). */
  notice(message: string): void;
  debug(line: string): void;
  /** What this run opened (temporary folders, servers), closed on every way out, Ctrl-C included. */
  lifecycle: Lifecycle;
  /** Closes everything deferred on `lifecycle`, newest first. */
  /** --timeout: the whole command fails with exit 4 after this many seconds (see cli.ts). */
  setDeadline(seconds: number): void;
  /** Rejects when the deadline passes; never settles without one. */
  readonly expired: Promise<never>;
  close(): Promise<void>;
  /**
   * Set by a command that runs until interrupted (`fc listen`) before its first
   * request: its embedded sandbox then also sends webhooks from the outbox.
   */
  sandboxWebhooks?: import('./sandbox/server.js').WebhookDelivery;
}

export interface ContextOverrides {
  config?: ConfigStore;
  prompter?: Prompter;
  clock?: Clock;
  vault?: SecretVault;
  stripe?: (target: Target) => Promise<Stripe>;
}

const STRIPE_VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

/** `--stripe-account` and `--stripe-version`, checked before anything is sent. */
export function requestScope(globals: GlobalOptions): { stripeAccount?: string; apiVersion?: string } {
  const out: { stripeAccount?: string; apiVersion?: string } = {};
  if (globals.stripeAccount !== undefined) {
    if (!/^acct_[A-Za-z0-9]{1,200}$/.test(globals.stripeAccount)) {
      throw new UsageError(`--stripe-account must be a connected account id (acct_…), got "${globals.stripeAccount.slice(0, 40)}".`);
    }
    out.stripeAccount = globals.stripeAccount;
  }
  if (globals.stripeVersion !== undefined) {
    if (!STRIPE_VERSION.test(globals.stripeVersion)) {
      throw new UsageError(`--stripe-version must be an API version such as 2026-10-28.endive, got "${globals.stripeVersion.slice(0, 40)}".`);
    }
    out.apiVersion = globals.stripeVersion;
  }
  return out;
}

/**
 * A profile that was asked for (by --profile, FC_PROFILE or `fc config use`) and
 * does not exist is a typo, never a reason to quietly run somewhere else.
 */
function checkProfileExists(ctx: Context, name: string): void {
  const profiles = ctx.config().profiles();
  if (name === DEFAULT_PROFILE || Object.hasOwn(profiles, name)) return;
  const source = ctx.globals.profile !== undefined ? '--profile' : ctx.env.FC_PROFILE ? 'FC_PROFILE' : `the default profile in ${ctx.config().path}`;
  const known = Object.keys(profiles);
  throw new UsageError(
    `Profile '${name.slice(0, 40)}' (from ${source}) does not exist; ${known.length ? `saved profiles: ${known.join(', ')}` : 'no profiles are saved yet'}.`,
    `Save it with: fc config login --profile ${name.slice(0, 40)} --api-key sk_test_…`,
  );
}

/**
 * The "no API key: sandbox" notice is news once: it is said on the first run in an
 * FC_HOME (a marker file remembers), and never into a --json run's stderr.
 */
function sandboxNoticeDue(paths: FcPaths, globals: GlobalOptions): boolean {
  if (globals.json || globals.format === 'json' || globals.format === 'csv') return false;
  const marker = join(paths.data, '.sandbox-notice-shown');
  if (existsSync(marker)) return false;
  try {
    mkdirSync(paths.data, { recursive: true, mode: 0o700 });
    writeFileSync(marker, '', { mode: 0o600 });
  } catch {
    // A read-only FC_HOME: the notice is said every time rather than never.
  }
  return true;
}

export function createContext(io: IO, env: NodeJS.ProcessEnv, overrides: ContextOverrides = {}): Context {
  const paths = fcPaths(env);
  // Resolved when first used: `--json` output and most commands show no local date.
  let timeZone: string | undefined;
  const zone = () => (timeZone ??= resolveTimeZone(env));
  setDisplayTimeZone(zone);
  const noticed = new Set<string>();
  const firstSandboxRun = () => sandboxNoticeDue(paths, ctx.globals);
  let config: ConfigStore | undefined = overrides.config;
  let target: Target | undefined;
  let client: Promise<Stripe> | undefined;
  const lifecycle = new Lifecycle();
  let deadline: NodeJS.Timeout | undefined;
  let expire: (err: Error) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  // Nobody may be listening when there is no deadline; that is not an unhandled rejection.
  expired.catch(() => {});
  const pendingNotices: string[] = [];

  const ctx: Context = {
    io,
    env,
    clock: overrides.clock ?? { now: () => new Date() },
    get timeZone() {
      return zone();
    },
    paths,
    prompter: overrides.prompter ?? createPrompter(io, env),
    vault: overrides.vault ?? osVault(env),
    globals: {},
    config() {
      config ??= new FileConfigStore(paths.config);
      return config;
    },
    profileName() {
      return ctx.globals.profile ?? env.FC_PROFILE ?? ctx.config().currentProfile();
    },
    target() {
      if (target) return target;
      const profileName = ctx.profileName();
      checkProfileExists(ctx, profileName);
      const needProfile = !ctx.globals.apiKey && !ctx.globals.sandbox && env.FC_SANDBOX !== '1';
      const profile = needProfile || env.STRIPE_API_KEY ? ctx.config().profile(profileName) : undefined;
      const apiBase = ctx.globals.apiBase ?? (env.FC_API_BASE || undefined) ?? profile?.apiBase;
      const resolved = resolveTarget({
        flagKey: ctx.globals.apiKey,
        envKey: env.STRIPE_API_KEY || undefined,
        profileKey: profile?.apiKey,
        profileKeyringKey: profile?.apiKeyInKeyring,
        profileName,
        sandbox: Boolean(ctx.globals.sandbox) || env.FC_SANDBOX === '1',
        apiBase,
        apiBaseSource: ctx.globals.apiBase ? '--api-base' : env.FC_API_BASE ? 'FC_API_BASE' : `profile '${profileName}' apiBase`,
      });
      // Said when a request is about to go out, so a usage error stays a single line.
      pendingNotices.push(...resolved.notices);
      target = resolved.target;
      return target;
    },
    stripe() {
      client ??= (async () => {
        const t = ctx.target();
        ctx.announceTarget();
        if (overrides.stripe) return overrides.stripe(t);
        let key = t.key;
        if (t.keySource === 'keyring') {
          const stored = await ctx.vault.read(ctx.profileName());
          if (!stored) {
            throw new AuthError(
              `Profile '${ctx.profileName()}' keeps its key in the OS keyring, but the keyring did not give it back.`,
              'Unlock the keyring, or pass the key through STRIPE_API_KEY.',
            );
          }
          key = stored;
        }
        let apiBase = t.apiBase;
        if (t.kind === 'sandbox') {
          const { startEmbeddedSandbox } = await import('./api/embedded.js');
          const sandbox = await startEmbeddedSandbox(paths.data, env, ctx.sandboxWebhooks);
          lifecycle.defer(() => sandbox.close());
          apiBase = new URL(sandbox.url);
          // The embedded sandbox answers only its own key (see api/sandbox-key.ts).
          key = sandbox.key;
        }
        const { waitingIndicator } = await import('./io/waiting.js');
        const waiting = waitingIndicator(io, apiBase ? apiBase.host : 'api.stripe.com');
        lifecycle.defer(waiting.stop);
        return createStripeClient({
          key,
          apiBase,
          onInFlight: io.stderrIsTTY ? waiting.inFlight : undefined,
          ...requestScope(ctx.globals),
          maxRps: ctx.globals.maxRps !== undefined ? parseMaxRps(ctx.globals.maxRps, '--max-rps') : parseMaxRps(env.FC_MAX_RPS, 'FC_MAX_RPS'),
          debug: ctx.globals.debug || env.FC_DEBUG === '1' ? (line) => ctx.debug(line) : undefined,
        });
      })();
      return client;
    },
    announceTarget() {
      ctx.target();
      for (const n of pendingNotices.splice(0)) {
        if (n === SANDBOX_NOTICE && !firstSandboxRun()) continue;
        ctx.notice(n);
      }
    },
    notice(message) {
      if (noticed.has(message)) return;
      noticed.add(message);
      io.err(io.color.dim(message));
    },
    debug(line) {
      if (ctx.globals.debug || env.FC_DEBUG === '1') io.err(io.color.gray(`[debug] ${line}`));
    },
    setDeadline(seconds) {
      clearTimeout(deadline);
      deadline = setTimeout(() => {
        const where = target ? (target.apiBase?.host ?? (target.kind === 'sandbox' ? 'the embedded sandbox' : 'api.stripe.com')) : 'the API';
        expire(
          new NetworkError(
            `Gave up after ${seconds}s (--timeout ${seconds}): ${where} had not finished answering.`,
            'If the command changes something, check whether it was done before running it again.',
          ),
        );
      }, seconds * 1000);
      deadline.unref();
    },
    expired,
    lifecycle,
    async close() {
      clearTimeout(deadline);
      await lifecycle.close();
    },
  };
  return ctx;
}
