import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time even on two cores (Vitest's default is one fewer than the cores):
    // most files spend their time waiting on PostgreSQL, Chromium or a child `ward` process.
    maxWorkers: 2,
    // A worker runs its files one after another in one process, importing Ward's modules once: a
    // new process importing them all again for each file cost test/http alone 84 s of import and
    // a third of its CPU. The files leave nothing behind (each closes its databases, servers and
    // browser, and restores what it changes of the environment and the configuration), so a file
    // sees the same Ward as in a process of its own.
    isolate: false,
  },
});
