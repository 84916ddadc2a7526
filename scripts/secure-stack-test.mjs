#!/usr/bin/env node
// `npm test`'s secured-stack stage (issue #18): the plaintext stack tests leave the stack down with its data formatted
// without SCRAM users, so the data is purged, `stack up --secure` starts it with SASL_SSL Kafka and password-protected
// https Trino, its acceptance test and the end-to-end exactly-once test (both jobs at parallelism 2, a TaskManager
// SIGKILLed, every output against the evaluator) run with the client settings `up` wrote (env.sh), and the stack is
// stopped and purged again (what a later plaintext `up` expects). Exit code: the tests'.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SECURED_TESTS } from './secured-tests.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stackDir = path.resolve(ROOT, process.env.COLLAB_STACK_DIR ?? '.stack');
const jestArgs = process.argv.slice(2);

function run(command, args, env = process.env) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;
}

const stack = (env, ...args) => run('npx', ['tsx', 'infra/src/main.ts', ...args], env);
const secure = { ...process.env, COLLAB_STACK_SECURE: '1' };

/** The `export NAME='value'` lines of env.sh, as the environment a client of the secured stack runs in. */
function clientEnv() {
  const file = path.join(stackDir, 'data/secure/env.sh');
  const env = { ...secure };
  for (const [, name, value] of fs.readFileSync(file, 'utf8').matchAll(/^export (\w+)='([^']*)'$/gm))
    env[name] = value;
  return env;
}

if (stack(process.env, 'down', '--purge') !== 0) process.exit(1);
let status = stack(secure, 'up', '--secure');
if (status === 0) {
  status = run(
    'npx',
    ['jest', '--selectProjects', 'stack', '--runInBand', '--testPathPatterns', ...SECURED_TESTS, ...jestArgs],
    clientEnv(),
  );
}
const down = stack(secure, 'down', '--purge');
process.exit(status !== 0 ? status : down);
