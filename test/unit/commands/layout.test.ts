import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommand, loadSpec } from '../../../src/commands/define.js';
import { COMMANDS } from '../../../src/commands/index.js';

const SRC = resolve(import.meta.dirname, '../../../src/commands');

// A command's code is found from its name in one step: `fc accounts unsubscribe` →
// src/commands/accounts/unsubscribe.ts, `fc pay` → src/commands/pay/pay.ts.
describe('command layout', () => {
  for (const name of COMMANDS.names) {
    it(`fc ${name} lives where its name says`, async () => {
      const spec = await loadSpec(COMMANDS, `${name}/${name}`);
      if (spec.kind === 'command') {
        // A command without verbs is its one file; any helper beside it belongs in shared/.
        expect(readdirSync(`${SRC}/${name}`).filter((f) => f.endsWith('.ts'))).toEqual([`${name}.ts`]);
        return;
      }
      for (const verb of spec.verbs) expect((await loadCommand(COMMANDS, `${name}/${verb}`)).kind, `src/commands/${name}/${verb}.ts`).toBe('command');
      // Every other file beside the verbs is a helper, and belongs in shared/.
      const others = readdirSync(`${SRC}/${name}`).filter((f) => f.endsWith('.ts') && ![name, ...spec.verbs].includes(f.slice(0, -3)));
      expect(others).toEqual([]);
    });
  }

  it('names the file when a command file exports no command', async () => {
    const table = { names: ['x'], load: async () => ({ default: { kind: 'other' } }) };
    await expect(loadSpec(table, 'x/x')).rejects.toThrow('src/commands/x/x.ts does not export a command');
  });
});
