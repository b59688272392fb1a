import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface Profile {
  apiKey?: string;
  /** Set when the profile's (live) key is in the OS keyring: the key shown masked, never the key. */
  apiKeyInKeyring?: string;
  publishableKey?: string;
  apiBase?: string;
  /** The whsec_ secret `fc listen` signs with (made on first use, kept so a handler's .env keeps working). */
  webhookSecret?: string;
}

export interface ConfigData {
  currentProfile?: string;
  profiles?: Record<string, Profile>;
}

/** Profiles behind a small interface: conf on disk, a plain object in tests. */
export interface ConfigStore {
  readonly path: string;
  currentProfile(): string;
  setCurrentProfile(name: string): void;
  profile(name: string): Profile | undefined;
  setProfile(name: string, profile: Profile): void;
  profiles(): Record<string, Profile>;
  /** Forgets a profile (and makes `default` current again if it was). */
  removeProfile(name: string): void;
}

export const DEFAULT_PROFILE = 'default';

abstract class BaseStore implements ConfigStore {
  abstract readonly path: string;
  protected abstract read(): ConfigData;
  protected abstract write(data: ConfigData): void;

  currentProfile(): string {
    return this.read().currentProfile ?? DEFAULT_PROFILE;
  }
  setCurrentProfile(name: string): void {
    this.write({ ...this.read(), currentProfile: name });
  }
  profile(name: string): Profile | undefined {
    return this.read().profiles?.[name];
  }
  setProfile(name: string, profile: Profile): void {
    const data = this.read();
    this.write({ ...data, profiles: { ...(data.profiles ?? {}), [name]: profile } });
  }
  profiles(): Record<string, Profile> {
    return this.read().profiles ?? {};
  }
  removeProfile(name: string): void {
    const data = this.read();
    const { [name]: _gone, ...profiles } = data.profiles ?? {};
    const { currentProfile, ...rest } = data;
    this.write({ ...rest, profiles, ...(currentProfile && currentProfile !== name ? { currentProfile } : {}) });
  }
}

export class MemoryConfigStore extends BaseStore {
  readonly path = '(memory)';
  constructor(private data: ConfigData = {}) {
    super();
  }
  protected read(): ConfigData {
    return this.data;
  }
  protected write(data: ConfigData): void {
    this.data = data;
  }
}

/**
 * conf does the atomic writes and the 0600 file mode. It is only loaded when fc
 * writes: reading is a plain JSON read, so commands that just need a key stay fast.
 */
export class FileConfigStore extends BaseStore {
  readonly path: string;
  constructor(private readonly dir: string) {
    super();
    this.path = join(dir, 'config.json');
  }

  protected read(): ConfigData {
    if (!existsSync(this.path)) return {};
    // A config fc cannot read stops fc: treating it as empty would quietly switch to the sandbox.
    const broken = (why: string) =>
      new UsageError(`${this.path} is not a valid fc config (${why}). Fix it, or move it away and save a key again with: fc config login`);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      if (err instanceof SyntaxError) throw broken(err.message.replace(/\s+/g, ' ').slice(0, 120));
      throw new UsageError(`${this.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check its owner and mode (it should be yours, 0600).`);
    }
    if (!isRecord(data)) throw broken('not a JSON object');
    if (data.profiles !== undefined && (!isRecord(data.profiles) || !Object.values(data.profiles).every(isRecord))) {
      throw broken('"profiles" must map names to objects');
    }
    if (data.currentProfile !== undefined && typeof data.currentProfile !== 'string') throw broken('"currentProfile" must be a string');
    return data as ConfigData;
  }

  protected write(data: ConfigData): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    writeWithConf(this.dir, data);
    chmodSync(this.path, 0o600);
  }
}

let ConfCtor: (typeof import('conf'))['default'] | undefined;

/** Loads conf on first write; callers await `loadConfWriter()` before writing. */
export async function loadConfWriter(): Promise<void> {
  ConfCtor ??= (await import('conf')).default;
}

function writeWithConf(dir: string, data: ConfigData): void {
  if (!ConfCtor) throw new Error('internal: loadConfWriter() must run before writing config');
  const conf = new ConfCtor<ConfigData>({ cwd: dir, configName: 'config', configFileMode: 0o600, projectName: 'fc' });
  conf.store = data;
}
