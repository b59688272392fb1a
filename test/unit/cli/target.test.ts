import { describe, expect, it } from 'vitest';
import { resolveTarget, SANDBOX_KEY } from '../../../src/api/target.js';
import { AuthError, UsageError } from '../../../src/errors.js';

const base = { profileName: 'default', sandbox: false };

describe('key resolution: --api-key > STRIPE_API_KEY > profile > sandbox', () => {
  it('prefers the flag, then the environment, then the profile', () => {
    expect(resolveTarget({ ...base, flagKey: 'sk_test_flag', envKey: 'sk_test_env', profileKey: 'sk_test_prof' }).target).toMatchObject({
      key: 'sk_test_flag',
      keySource: 'flag',
      kind: 'stripe',
    });
    expect(resolveTarget({ ...base, envKey: 'sk_test_env', profileKey: 'sk_test_prof' }).target.keySource).toBe('env');
    expect(resolveTarget({ ...base, profileKey: 'sk_test_prof' }).target.keySource).toBe('profile');
  });

  it('falls back to the sandbox and says so', () => {
    const { target, notices } = resolveTarget(base);
    expect(target).toMatchObject({ kind: 'sandbox', key: SANDBOX_KEY, keySource: 'none' });
    expect(notices.join()).toMatch(/embedded sandbox/);
  });

  it('notes when STRIPE_API_KEY overrides a profile key, masking it', () => {
    const { notices } = resolveTarget({ ...base, envKey: 'sk_test_env1', profileKey: 'sk_test_secretprof9876' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('sk_test_…9876');
    expect(notices[0]).not.toContain('secretprof');
  });

  it('never sends a live key to the sandbox or to plain-HTTP non-loopback bases', () => {
    expect(() => resolveTarget({ ...base, sandbox: true, flagKey: 'sk_live_x' })).toThrow(AuthError);
    expect(() => resolveTarget({ ...base, flagKey: 'rk_live_x', apiBase: 'http://example.com' })).toThrow(AuthError);
    expect(resolveTarget({ ...base, flagKey: 'sk_live_x', apiBase: 'http://127.0.0.1:12111' }).target.live).toBe(true);
    expect(resolveTarget({ ...base, flagKey: 'sk_live_x', apiBase: 'https://proxy.example.com' }).target.kind).toBe('base');
  });

  it('rejects keys that are not Stripe secret keys, naming where they came from', () => {
    expect(() => resolveTarget({ ...base, flagKey: 'pk_test_x' })).toThrow(/--api-key/);
    expect(() => resolveTarget({ ...base, envKey: 'nonsense' })).toThrow(/STRIPE_API_KEY/);
    expect(() => resolveTarget({ ...base, apiBase: 'not a url' })).toThrow(UsageError);
  });
});
