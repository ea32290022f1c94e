import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Sums the secret scans of every test (test/support/secrets.ts) and prints the totals.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Scenario tests spawn git and node processes; two cores do not like more parallel files.
    maxWorkers: 2,
    reporters: ['default', './test/support/count-reporter.ts']
  }
})
