import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A test that runs the built binary fails fast when dist/ is older than src/.
    setupFiles: ['test/helpers/dist-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most files run fc in-process (test/process/ spawns the binary); two workers keep a 2-core machine responsive.
    maxWorkers: 2,
  },
});
