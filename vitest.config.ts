import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A test that runs the built binary fails fast when dist/ is older than src/.
    setupFiles: ['test/helpers/dist-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most files run fc in-process and spend their time waiting on sandbox clocks and back-off, not
    // computing (a quiet run uses ~1.3 of 2 cores): more workers overlap more of those waits. On 2 cores,
    // loaded: 84 s with four instead of 139 s with two; near quiet, alternating: 31-37 s with six, 37-40 s with four.
    maxWorkers: 6,
    // A test that reaches no expect() cannot fail; every test must make at least one assertion.
    expect: { requireAssertions: true },
  },
});
