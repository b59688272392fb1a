/**
 * Where live keys may live: the OS keyring (macOS Keychain, Windows Credential
 * Manager, Secret Service on Linux) through @napi-rs/keyring. A live key is never
 * written to a plain file; when no keyring answers, fc refuses to save it.
 */
export interface SecretVault {
  /** Stores the secret under the profile's name; false when no keyring is available. */
  store(profile: string, secret: string): Promise<boolean>;
  read(profile: string): Promise<string | undefined>;
  /** Deletes the profile's secret, if the keyring has one. */
  remove?(profile: string): Promise<void>;
}

const SERVICE = 'fc (Stripe Financial Connections CLI)';

export function osVault(env: NodeJS.ProcessEnv): SecretVault {
  // FC_NO_KEYRING=1 turns the keyring off (tests, locked-down machines).
  const disabled = env.FC_NO_KEYRING === '1';
  const entry = async (profile: string) => {
    const { Entry } = await import('@napi-rs/keyring');
    return new Entry(SERVICE, profile);
  };
  return {
    async store(profile, secret) {
      if (disabled) return false;
      try {
        const e = await entry(profile);
        e.setPassword(secret);
        return e.getPassword() === secret;
      } catch {
        return false;
      }
    },
    async read(profile) {
      if (disabled) return undefined;
      try {
        return (await entry(profile)).getPassword() ?? undefined;
      } catch {
        return undefined;
      }
    },
    async remove(profile) {
      if (disabled) return;
      try {
        (await entry(profile)).deletePassword();
      } catch {
        // Nothing stored, or no keyring: nothing to delete.
      }
    },
  };
}

/** An in-memory vault for tests. */
export function memoryVault(available = true): SecretVault & { secrets: Map<string, string> } {
  const secrets = new Map<string, string>();
  return {
    secrets,
    async store(profile, secret) {
      if (!available) return false;
      secrets.set(profile, secret);
      return true;
    },
    async read(profile) {
      return secrets.get(profile);
    },
    async remove(profile) {
      secrets.delete(profile);
    },
  };
}
