import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e files spawn the built binary; a couple of workers keeps a 2-core machine responsive.
    maxWorkers: 2,
  },
});
