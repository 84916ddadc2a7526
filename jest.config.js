// Four projects: `unit` (fast, no external process), `jvm` (needs the Maven build: differential tests on a
// Flink MiniCluster), `browser` (Debian's Chromium against the dashboard) and `stack` (needs the real local
// stack: Kafka, S3, Flink, Trino).
// `roots` keeps jest's file crawler out of .stack/ (downloaded distributions) and build output.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const roots = [
  'schemas',
  'dsl',
  'jobs',
  'evaluator',
  'cli',
  'codegen',
  'infra',
  'simulator',
  'query',
  'deploy',
  'difftest',
  'e2e',
  'dashboard',
  'ops',
  'chaos',
  'kafka',
]
  .filter((dir) => require('node:fs').existsSync(`${__dirname}/${dir}`))
  .map((dir) => `<rootDir>/${dir}`);
const common = {
  testEnvironment: 'node',
  transform,
  roots,
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['/target/', '/\\.stack/'],
};

module.exports = {
  // Orders only the stack project's files in effect: the stack's own test (ending with `down`) runs last.
  testSequencer: '<rootDir>/scripts/stack-test-sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.(stack|jvm|browser)\\.test\\.ts$', '/cases/'],
    },
    {
      // Needs the Maven build (runtime, generated jobs, the difftest harness): runs after it in `npm test`.
      ...common,
      displayName: 'jvm',
      testMatch: ['**/test/**/*.jvm.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
    {
      // Drives Debian's Chromium (playwright-core) against the dashboard's no-stack mode.
      ...common,
      displayName: 'browser',
      testMatch: ['**/test/**/*.browser.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
    {
      ...common,
      displayName: 'stack',
      testMatch: ['**/test/**/*.stack.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  ],
};
