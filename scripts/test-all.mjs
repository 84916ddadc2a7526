#!/usr/bin/env node
// `npm test`: every check CI runs, in order from fastest to slowest, failing fast with the stage that broke.
// Stages whose part of the repository does not exist yet are skipped and said so (never counted as passed).
// The closing line is `N passed, N failed` over jest and JUnit (Maven Surefire) tests together.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SECURED_TESTS } from './secured-tests.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RESULTS = path.join(ROOT, 'target', 'test-results');
const onlyUnit = process.argv.includes('--unit');
fs.mkdirSync(RESULTS, { recursive: true });

const exists = (p) => fs.existsSync(path.join(ROOT, p));
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const hasScript = (name) => Boolean(packageJson.scripts?.[name]);

const stages = [
  { name: 'generated schema types are current', run: ['npm', 'run', '-s', 'schemas:check'] },
  { name: 'formatting (prettier)', run: ['npx', 'prettier', '--check', '--log-level', 'warn', '.'] },
  { name: 'lint (eslint)', run: ['npx', 'eslint', '.'] },
  {
    name: 'type check (tsc, incl. type-level misuse tests)',
    run: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'],
  },
  {
    name: 'unit tests (jest)',
    run: [
      'npx',
      'jest',
      '--selectProjects',
      'unit',
      '--json',
      `--outputFile=${path.join(RESULTS, 'jest-unit.json')}`,
    ],
    jest: 'jest-unit.json',
  },
  {
    name: 'browser tests: the dashboard in Debian Chromium, no-stack mode (jest)',
    run: [
      'npx',
      'jest',
      '--selectProjects',
      'browser',
      '--runInBand',
      '--json',
      `--outputFile=${path.join(RESULTS, 'jest-browser.json')}`,
    ],
    when: () => exists('dashboard'),
    prepare: ensureChromium,
    jest: 'jest-browser.json',
  },
  {
    name: 'generated Java is current (gen:check)',
    run: ['npm', 'run', '-s', 'gen:check'],
    when: () => hasScript('gen:check'),
  },
  {
    name: 'dashboards and alert rules are current (ops:check)',
    run: ['npm', 'run', '-s', 'ops:check'],
    when: () => hasScript('ops:check'),
  },
  {
    name: 'Java build, format check and JUnit tests (Maven)',
    run: ['mvn', '-B', '-q', '-f', 'pom.xml', 'verify'],
    when: () => exists('pom.xml'),
    surefire: true,
  },
  {
    name: 'differential tests: generated Flink jobs on a MiniCluster vs the reference evaluator (jest)',
    run: [
      'npx',
      'jest',
      '--selectProjects',
      'jvm',
      '--json',
      `--outputFile=${path.join(RESULTS, 'jest-jvm.json')}`,
    ],
    when: () => exists('difftest/pom.xml'),
    jest: 'jest-jvm.json',
  },
  {
    name: 'real-stack tests (Kafka, registry, S3, Flink, Trino, Prometheus)',
    run: [
      'npx',
      'jest',
      '--selectProjects',
      'stack',
      '--runInBand',
      '--testPathIgnorePatterns',
      '/node_modules/',
      ...SECURED_TESTS,
      '--json',
      `--outputFile=${path.join(RESULTS, 'jest-stack.json')}`,
    ],
    when: () => !onlyUnit && hasStackTests(),
    jest: 'jest-stack.json',
  },
  {
    name: 'secured stack: SASL_SSL/SCRAM Kafka and https Trino refuse what has no or a wrong password; the end-to-end exactly-once test over them (jest)',
    run: [
      'node',
      'scripts/secure-stack-test.mjs',
      '--json',
      `--outputFile=${path.join(RESULTS, 'jest-secure.json')}`,
    ],
    when: () => !onlyUnit && exists('infra/test/secure.stack.test.ts'),
    jest: 'jest-secure.json',
  },
];

/** The browser tests drive Debian's Chromium: installed from Debian when missing (as root, as the stack's tools are). */
function ensureChromium() {
  const chromium = process.env.COLLAB_CHROMIUM ?? '/usr/bin/chromium';
  if (fs.existsSync(chromium)) return;
  if (process.getuid?.() !== 0) {
    console.error(`${chromium} is missing: install it (apt-get install -y chromium) or set COLLAB_CHROMIUM`);
    process.exit(1);
  }
  console.log('installing chromium from Debian (apt-get install -y chromium) ...');
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit' }).status !== 0) process.exit(1);
  }
}

function hasStackTests() {
  const found = spawnSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.stack.test.ts'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return found.stdout.trim().length > 0;
}

const totals = { passed: 0, failed: 0, skipped: 0 };

function countJest(file) {
  const report = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function countSurefire() {
  const dirs = spawnSync(
    'find',
    ['.', '-path', './node_modules', '-prune', '-o', '-path', '*/target/surefire-reports', '-print'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  for (const dir of dirs.stdout.split('\n').filter(Boolean)) {
    for (const file of fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.xml'))) {
      const head = fs.readFileSync(path.join(ROOT, dir, file), 'utf8').slice(0, 2000);
      const attr = (name) => Number(new RegExp(`<testsuite[^>]*\\s${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
      const failed = attr('failures') + attr('errors');
      totals.failed += failed;
      totals.skipped += attr('skipped');
      totals.passed += attr('tests') - failed - attr('skipped');
    }
  }
}

const started = Date.now();
for (const [index, stage] of stages.entries()) {
  const label = `[${index + 1}/${stages.length}] ${stage.name}`;
  if (stage.when && !stage.when()) {
    console.log(`\n${label}: not present in this checkout, skipped`);
    continue;
  }
  console.log(`\n${label} ...`);
  const t0 = Date.now();
  stage.prepare?.();
  const result = spawnSync(stage.run[0], stage.run.slice(1), {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (stage.jest && fs.existsSync(path.join(RESULTS, stage.jest))) countJest(stage.jest);
  if (stage.surefire) countSurefire();
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n${label} FAILED after ${seconds} s (exit ${result.status ?? result.signal}).`);
    console.log(`${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
    process.exit(1);
  }
  console.log(`${label}: ok in ${seconds} s`);
}
console.log(
  `\nAll stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s${totals.skipped ? ` (${totals.skipped} tests skipped, not counted)` : ''}.`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
