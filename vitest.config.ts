import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time even on two cores (Vitest's default is one fewer than the cores):
    // most files spend their time waiting on PostgreSQL, Chromium or a child \`ward\` process.
    maxWorkers: 2,
  },
});
