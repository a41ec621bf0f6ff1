import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    // The same as the test script's --testTimeout, for a plain `npx vitest run`.
    testTimeout: 120_000,
    // Each test spawns its children one at a time; two files run side by side on two cores.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
