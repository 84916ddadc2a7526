// A job jar for a job definition that is not in jobs/ (an edited version to upgrade to), built as
// generated-java/ is: the compiler's output in its own folder, packaged by Maven against the installed runtime.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateAll, writeTree } from '../../codegen/src/main';

const ROOT = path.resolve(__dirname, '../..');

/** Compiles `jobFile` into `dir` and returns the shaded jar Maven builds there. */
export function buildJobJar(jobFile: string, dir: string, log: (text: string) => void): string {
  const { files, errors } = generateAll([path.resolve(ROOT, jobFile)]);
  if (errors) throw new Error(`${jobFile} does not compile:\n${errors}`);
  // The generated pom's parent is ../pom.xml: point it at the repository's.
  const pom = files
    .get('pom.xml')!
    .replace(
      '</version>\n  </parent>',
      `</version>\n    <relativePath>${path.join(ROOT, 'pom.xml')}</relativePath>\n  </parent>`,
    );
  writeTree(dir, new Map([...files, ['pom.xml', pom]]));
  log(`building the jar of ${jobFile} (mvn install of the runtime, then package) ...`);
  const mvn = (...args: string[]) =>
    execFileSync('mvn', ['-B', '-q', ...args], { cwd: ROOT, stdio: 'inherit' });
  mvn('-f', 'pom.xml', '-pl', 'runtime', '-am', 'install', '-DskipTests');
  mvn('-f', path.join(dir, 'pom.xml'), 'package', '-Dmaven.test.skip=true');
  const jar = fs.readdirSync(path.join(dir, 'target')).find((f) => /^collab-stream-jobs-.*\.jar$/.test(f));
  if (!jar) throw new Error(`no job jar in ${dir}/target`);
  return path.join(dir, 'target', jar);
}
