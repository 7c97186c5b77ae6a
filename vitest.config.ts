import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests, and integration tests that each get a fresh migrated database
// (PGlite by default; PostgreSQL when ZQ_TEST_DB=postgres and TEST_DATABASE_URL are set).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          env: { TZ: 'UTC' },
          // Property tests run hundreds of cases: room for a loaded machine.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['apps/*/src/**/*.int.test.ts'],
          env: { TZ: 'UTC' },
          globalSetup: ['apps/server/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          // README screenshots are taken on request (`npm run screenshots`), not on every test run.
          exclude: process.env.ZQ_SCREENSHOTS === '1' ? [] : ['e2e/screenshots.e2e.test.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
