// Two projects: `unit` (fast, no external process) and `stack` (needs the real local stack: Kafka, S3, Flink, Trino).
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
  'dashboard',
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
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.stack\\.test\\.ts$', '/cases/'],
    },
    {
      ...common,
      displayName: 'stack',
      testMatch: ['**/test/**/*.stack.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  ],
};
