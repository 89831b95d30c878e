/**
 * Tests run the TypeScript sources transpiled by esbuild (scripts/jest-transform.js: no type check;
 * npm test type-checks with tsc first).
 * No test has a time limit of its own: on a busy 2-core machine a test may take twenty times as long
 * as on a quiet one, so the one limit is a backstop against a hang (30 minutes), far above any test's
 * run time under load (the end-to-end workflow test took 15 minutes with both cores busy).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30 * 60 * 1000,
};
