import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error - a plain .mjs build script without type declarations
import { derive } from '../../../scripts/derive-params.mjs';

describe('known-params.json', () => {
  it('is exactly what spec/openapi-subset.json derives; run npm run spec:params after changing either', () => {
    const spec = JSON.parse(readFileSync(new URL('../../../spec/openapi-subset.json', import.meta.url), 'utf8'));
    const committed = JSON.parse(readFileSync(new URL('../../../src/sandbox/spec/known-params.json', import.meta.url), 'utf8'));
    expect(derive(spec)).toEqual(committed);
  });
});
