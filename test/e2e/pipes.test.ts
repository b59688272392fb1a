import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, tempHome } from '../helpers/cli.js';

describe('a reader that leaves early (`fc … | head`)', () => {
  it('does not crash fc or cut its work short', async () => {
    const home = tempHome();
    try {
      const child = spawn(process.execPath, [BIN, 'demo'], { env: baseEnv(home.path), stdio: ['ignore', 'pipe', 'pipe'] });
      // Close our end of stdout at once: every write fc makes to it fails with EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(stderr).not.toMatch(/EPIPE|\n\s+at |Node\.js v/);
      expect(stderr).toContain('Done in');
      expect(code).toBe(0);
    } finally {
      home.cleanup();
    }
  }, 60_000);
});
