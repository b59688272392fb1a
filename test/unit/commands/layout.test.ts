import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';

const SRC = resolve(import.meta.dirname, '../../../src/commands');

// A command's code is found from its name in one step: `fc accounts unsubscribe` →
// src/commands/accounts/unsubscribe.ts, `fc pay` → src/commands/pay/pay.ts.
describe('command layout', () => {
  for (const [name, load] of Object.entries(COMMANDS)) {
    it(`fc ${name} lives where its name says`, async () => {
      const spec = (await load()).default;
      if (spec.kind === 'command') {
        expect(existsSync(`${SRC}/${name}/${name}.ts`), `src/commands/${name}/${name}.ts`).toBe(true);
        return;
      }
      expect(existsSync(`${SRC}/${name}/index.ts`)).toBe(true);
      for (const [verb, loadVerb] of Object.entries(spec.verbs)) {
        expect(existsSync(`${SRC}/${name}/${verb}.ts`), `src/commands/${name}/${verb}.ts`).toBe(true);
        expect((await loadVerb()).default.kind).toBe('command');
      }
    });
  }
});
