import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A test that runs the built binary fails fast when dist/ is older than src/.
    setupFiles: ['test/helpers/dist-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most files run fc in-process and spend their time waiting on sandbox clocks and back-off, not
    // computing: four workers overlap those waits (on 2 cores, loaded: 84 s instead of 139 s with two).
    maxWorkers: 4,
    // A test that reaches no expect() cannot fail; every test must make at least one assertion.
    expect: { requireAssertions: true },
  },
});
