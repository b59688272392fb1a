import { AuthError, UsageError } from '../errors.js';
import { maskKey } from '../io/format.js';

/** Where fc's requests go, and with which key. Decided once per run, in one place. */
export interface Target {
  kind: 'stripe' | 'base' | 'sandbox';
  key: string;
  keySource: 'flag' | 'env' | 'profile' | 'keyring' | 'none';
  apiBase?: URL;
  live: boolean;
}

export interface TargetInput {
  flagKey?: string;
  envKey?: string;
  profileKey?: string;
  /** The masked key of a profile whose key is in the OS keyring (read only when a request goes out). */
  profileKeyringKey?: string;
  profileName: string;
  sandbox: boolean;
  apiBase?: string;
  apiBaseSource?: string;
}

/** Said once per FC_HOME (see context.ts): after that, the sandbox is simply where fc works. */
export const SANDBOX_NOTICE =
  "No API key found: using fc's embedded sandbox (offline test data). Run `fc config login` to use your Stripe account. (Said once.)";

/** The key used on a served sandbox when the user has none: any test key works there. Public: io/sanitize.ts shows it whole. */
export const SANDBOX_KEY = 'sk_test_fcsandbox';

const KEY_SHAPE = /^(sk|rk)_(test|live)_[A-Za-z0-9_]{1,250}$/;

export function isLiveKey(key: string): boolean {
  return /^(sk|rk)_live_/.test(key);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * One spelling per server: `http://localhost:12111`, `http://127.0.0.1:12111` and
 * `http://[::1]:12111/` are the same sandbox, `https://host:443` is `https://host`.
 * Local records (fc pay, pending writes) are keyed by this, not by how a URL was typed.
 */
export function canonicalBase(url: URL): string {
  const host = isLoopback(url.hostname) ? 'loopback' : url.hostname.replace(/\.$/, '');
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
}

export function parseApiBase(value: string, source = '--api-base'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} must be a URL such as http://127.0.0.1:12111, got "${value.slice(0, 80)}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must use http or https, got "${url.protocol}".`);
  }
  return url;
}

export function resolveTarget(input: TargetInput): { target: Target; notices: string[] } {
  const notices: string[] = [];
  const fromKeyring = !input.flagKey && !input.envKey && !input.profileKey && input.profileKeyringKey !== undefined;
  const key = input.flagKey ?? input.envKey ?? input.profileKey;
  const keySource: Target['keySource'] = input.flagKey
    ? 'flag'
    : input.envKey
      ? 'env'
      : input.profileKey
        ? 'profile'
        : fromKeyring
          ? 'keyring'
          : 'none';
  if (key !== undefined && !KEY_SHAPE.test(key)) {
    const where = keySource === 'flag' ? '--api-key' : keySource === 'env' ? 'STRIPE_API_KEY' : `the key of profile '${input.profileName}'`;
    throw new UsageError(`${where} is not a Stripe secret or restricted key (sk_test_…, rk_test_…, sk_live_…, rk_live_…).`);
  }
  if (keySource === 'env' && (input.profileKey || input.profileKeyringKey)) {
    notices.push(
      `Using STRIPE_API_KEY from the environment; it overrides the key of profile '${input.profileName}' (${input.profileKey ? maskKey(input.profileKey) : input.profileKeyringKey}).`,
    );
  }
  const live = key ? isLiveKey(key) : fromKeyring ? isLiveKey(input.profileKeyringKey!) : false;
  // The keyring key itself is read by the client factory, just before the first request.
  const effectiveKey = key ?? (fromKeyring ? '' : undefined);

  if (input.sandbox) {
    if (effectiveKey !== undefined && live) {
      throw new AuthError(
        'A live key is never sent to the sandbox. Use a test key (sk_test_…) with --sandbox, or drop --sandbox to use Stripe.',
      );
    }
    return { target: { kind: 'sandbox', key: key ?? SANDBOX_KEY, keySource, live: false }, notices };
  }
  if (input.apiBase) {
    const apiBase = parseApiBase(input.apiBase, input.apiBaseSource);
    if (live && apiBase.protocol !== 'https:' && !isLoopback(apiBase.hostname)) {
      throw new AuthError(`A live key is only sent over HTTPS; ${apiBase.origin} is neither HTTPS nor loopback.`);
    }
    return { target: { kind: 'base', key: effectiveKey ?? SANDBOX_KEY, keySource, apiBase, live }, notices };
  }
  if (effectiveKey !== undefined) return { target: { kind: 'stripe', key: effectiveKey, keySource, live }, notices };
  notices.push(SANDBOX_NOTICE);
  return { target: { kind: 'sandbox', key: SANDBOX_KEY, keySource, live: false }, notices };
}
