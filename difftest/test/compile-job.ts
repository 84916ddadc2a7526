// Compiling a job that is not in generated-java/ (difftest/jobs/*) as `npm run gen` would, into its own classes
// folder for the harness's classpath; with its IR, which says how its rows are keyed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateAll } from '../../codegen/src/main';
import type { Job as JobIr } from '../../codegen/src/ir';
import { harnessClasspath, ROOT } from './harness';

export interface CompiledJob {
  readonly classes: string;
  readonly ir: JobIr;
  /** Every file the compiler generated, by path under generated-java/ (manifests, IR, Java). */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * jobFile relative to the repository; the sources and classes go under dir. javac compiles against the harness's
 * classpath unless given another (the benchmarks compile their jobs against theirs, bench/src/features.ts).
 */
export function compileJob(jobFile: string, dir: string, classpath?: string): CompiledJob {
  const { files, errors } = generateAll([path.join(ROOT, jobFile)]);
  if (errors) throw new Error(`${jobFile} does not compile:\n${errors}`);
  const sources: string[] = [];
  let ir: JobIr | undefined;
  for (const [name, text] of files) {
    if (name.startsWith('ir/')) ir = JSON.parse(text) as JobIr;
    if (!name.startsWith('src/main/java/')) continue;
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    sources.push(file);
  }
  if (!ir) throw new Error(`${jobFile}: the compiler wrote no IR`);
  const classes = path.join(dir, 'classes');
  execFileSync('javac', ['-nowarn', '-d', classes, '-cp', classpath ?? harnessClasspath(), ...sources], {
    stdio: 'inherit',
  });
  return { classes, ir, files };
}

/** The IR of a job of jobs/, as committed in generated-java/ (what the jar on the harness's classpath runs). */
export function committedIr(jobId: string): JobIr {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, 'generated-java/ir', `${jobId}.ir.json`), 'utf8'),
  ) as JobIr;
}
