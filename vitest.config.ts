import { defineConfig } from 'vitest/config';

// Two projects: `unit` (models, content, chart functions; fast, no browser) and `browser`
// (real headless Chromium against the built site in dist/; needs `astro build` first).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/models/**/*.test.ts', 'test/site/**/*.test.ts', 'test/labs/**/*.test.ts'],
          setupFiles: ['test/fast-check-seed.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
