import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts'],
    setupFiles: ['test/support/name-unhandled.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end tests start child processes and local servers; two cores are all we have.
    maxWorkers: 2,
    unstubEnvs: true,
  },
});
