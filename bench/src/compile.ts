// Issue #6 part 6: how long the compiler takes for every job in jobs/. Two numbers, median of several runs each:
// end to end as `npm run gen` runs it (a fresh Node process: tsx start-up, ts-morph project, type checker, all
// stages, files written — into a scratch folder, so generated-java/ is never touched), and the in-process
// `generateAll` after the first call (what a watch mode or the language server would pay).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TMP } from './paths';
import { log, median, runCommand } from './util';

export interface CompileResult {
  readonly endToEndMs: readonly number[];
  readonly endToEndMedianMs: number;
  readonly inProcessMs: readonly number[];
  readonly inProcessFirstMs: number;
  readonly inProcessWarmMedianMs: number;
  readonly jobs: number;
  readonly files: number;
}

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export async function benchCompile(runs: number): Promise<CompileResult> {
  const out = path.join(TMP, 'gen-out');
  const endToEnd: number[] = [];
  let jobs = 0;
  let files = 0;
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { recursive: true, force: true });
    const run = await runCommand(TSX, ['codegen/src/main.ts', '--out', out]);
    if (run.code !== 0) throw new Error(`codegen failed:\n${run.stdout}${run.stderr}`);
    const m = run.stdout.match(/generated (\d+) files for (\d+) jobs/);
    files = Number(m?.[1] ?? 0);
    jobs = Number(m?.[2] ?? 0);
    endToEnd.push(run.ms);
    log(`compile: end to end ${run.ms.toFixed(0)} ms (${jobs} jobs, ${files} files)`);
  }
  // One process, generateAll `runs + 1` times: the first call pays module loading and the type checker's warm-up.
  const script = [
    "const { discoverJobFiles, generateAll } = require('./codegen/src/main');",
    'const files = discoverJobFiles(); const times = [];',
    `for (let i = 0; i < ${runs + 1}; i++) { const t = process.hrtime.bigint(); const r = generateAll(files);`,
    '  if (r.errors) throw new Error(r.errors); times.push(Number(process.hrtime.bigint() - t) / 1e6); }',
    'console.log(JSON.stringify(times));',
  ].join('\n');
  const inProcess = await runCommand(TSX, ['-e', script]);
  if (inProcess.code !== 0) throw new Error(`in-process codegen failed:\n${inProcess.stderr}`);
  const times = JSON.parse(inProcess.stdout.trim().split('\n').pop() ?? '[]') as number[];
  log(`compile: in process ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  fs.rmSync(out, { recursive: true, force: true });
  return {
    endToEndMs: endToEnd,
    endToEndMedianMs: median(endToEnd),
    inProcessMs: times,
    inProcessFirstMs: times[0] ?? Number.NaN,
    inProcessWarmMedianMs: median(times.slice(1)),
    jobs,
    files,
  };
}
