import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start the CLI as a process share two cores with the rest of the suite.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
