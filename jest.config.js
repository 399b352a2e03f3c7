/**
 * Jest runs TypeScript through SWC (no type-check per file; `tsc --noEmit` does that once).
 *
 * Two projects: `fast` (unit and CLI tests, for the edit-test loop: `npm run test:fast`) and
 * `slow` (CRD conformance over rendered manifests, property tests, Pulumi stacks under mocks,
 * and the packed-package test). `npm test` runs both.
 */
const SLOW = [
  '<rootDir>/test/constructs/conformance.test.ts',
  '<rootDir>/test/constructs/conformance-property.test.ts',
  '<rootDir>/test/planner/plan-property.test.ts',
  '<rootDir>/test/planner/stability-property.test.ts',
  '<rootDir>/test/planner/optimise/',
  '<rootDir>/test/stacks/',
  '<rootDir>/test/components/',
  '<rootDir>/test/bench/',
  '<rootDir>/test/cli/package.test.ts',
  '<rootDir>/test/cli/fuzz.test.ts',
  '<rootDir>/test/docs/',
];

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};

/** Escapes a path for a regular expression. */
const pattern = (p) => p.replace('<rootDir>', __dirname).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
  testTimeout: 60000,
  // one worker per core: jest's default leaves a core to its own process, which on a 2-core
  // machine halves the suite's speed while that process mostly waits
  maxWorkers: '100%',
  projects: [
    { ...common, displayName: 'fast', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...SLOW.map(pattern)] },
    { ...common, displayName: 'slow', testMatch: SLOW.map((p) => (p.endsWith('/') ? `${p}**/*.test.ts` : p)) },
  ],
};
