import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships CJS (main) and ESM (module) builds; Node loads the dependencies' copy from
  // `main`, so the tests' own imports must resolve to the same one.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    globalSetup: ['test/global-setup.ts'],
    // Per file: fails the file that leaves the seed graph changed.
    setupFiles: ['test/support/seed-graph-check.ts'],
    include: ['test/**/*.test.ts'],
    // One Neo4j for the run; files share its seed graph, so they run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The global teardown stops the run's Neo4j and waits for the processes of the run to end.
    teardownTimeout: 120_000,
    // KG_ENV_FILE empty: neither the tests nor the processes they start read a user's `.env`.
    env: { NODE_ENV: 'test', KG_ENV_FILE: '' },
  },
});
