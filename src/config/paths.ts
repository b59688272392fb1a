import { homedir } from 'node:os';
import { join } from 'node:path';

export interface FcPaths {
  /** Folder of config.json. */
  config: string;
  /** Folder of sandbox data and local payment records. */
  data: string;
}

/**
 * Where fc writes. FC_HOME moves everything into one folder (tests, CI, throwaway
 * demos); otherwise the platform's config and data folders, as XDG describes them.
 */
export function fcPaths(env: NodeJS.ProcessEnv): FcPaths {
  if (env.FC_HOME) return { config: env.FC_HOME, data: env.FC_HOME };
  const home = homedir();
  if (process.platform === 'darwin') {
    const base = join(home, 'Library', 'Application Support', 'fc');
    return { config: base, data: base };
  }
  if (process.platform === 'win32') {
    const appData = env.APPDATA ?? join(home, 'AppData', 'Roaming');
    const localAppData = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    return { config: join(appData, 'fc', 'Config'), data: join(localAppData, 'fc', 'Data') };
  }
  return {
    config: join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fc'),
    data: join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fc'),
  };
}
