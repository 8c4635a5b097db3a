import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start the CLI as a process share two cores with the rest of the suite.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A rule range outside its file fails the rule instead of being moved inside: tests see the model bug behind it.
    env: { DOCKERLINT_STRICT_RANGES: '1' },
  },
});
