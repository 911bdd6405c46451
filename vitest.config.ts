import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is ONE worker (cores − 1), and most files wait on a
    // child server, PostgreSQL or Chromium rather than the CPU: two workers took the suite from
    // ~890 s to ~430 s here. Files share nothing (own temp dirs, ports 0, own databases).
    maxWorkers: 2,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    globalSetup: ['tests/helpers/pg-global-setup.ts', 'tests/helpers/renderer-global-setup.ts'],
  },
});
